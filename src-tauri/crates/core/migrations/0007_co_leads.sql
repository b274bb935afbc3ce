-- PeerPlan schema 7: sessions led jointly by several members (issue 16).
--
-- `lead_member_id` stays the first lead; `co_lead_member_ids` lists the others, comma-
-- separated like `presenter_ids`, so a session led by Kenya and Ghana together counts for
-- both instead of for "no member". A file from an older PeerPlan merges as before: its
-- sessions have no co-leads. The two fields are stamped and merged together
-- (`records::TIED_FIELDS`), so a merge never makes a member both lead and co-lead.
ALTER TABLE agenda_sessions ADD COLUMN co_lead_member_ids TEXT NOT NULL DEFAULT '';
