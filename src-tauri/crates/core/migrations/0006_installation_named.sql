-- PeerPlan schema 6: whether the officer has named this installation.
--
-- Every installation starts with a made-up name ("amina's PeerPlan"); colleagues see it in
-- their merges and conflicts ("kept Amina Diallo's value"), so the app asks the officer for
-- the name to use on first start, until one is chosen (Settings, or `peerplan rename`).
-- Local bookkeeping: a merge never reads it from a colleague's file.
ALTER TABLE installation ADD COLUMN named INTEGER NOT NULL DEFAULT 0;
