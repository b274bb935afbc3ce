-- PeerPlan schema 5: sync by file share (issue 8).
--
-- Nothing here changes a synced table. An exported `.peerplan` file is a snapshot of the whole
-- database, so it carries these tables too; a merge reads only `installation` (who exported,
-- when, and the exporter's clock) and `sync_knowledge` from a colleague's file, and never
-- copies the local bookkeeping (`sync_peers`, `sync_conflicts`, `sync_backups`).

-- When this installation last wrote an export: the exported copy carries the time it was made.
ALTER TABLE installation ADD COLUMN exported_at TEXT;
-- Local: the shared folder this installation syncs with (a path on this computer).
ALTER TABLE installation ADD COLUMN sync_folder TEXT;

-- What this copy has seen of each installation's changes: the highest stamp of that
-- installation it has merged. Our own entry is our clock (`installation.hlc_*`). A merge uses
-- it to tell "changed after seeing the other value" (the later edit wins whatever the clocks
-- say) from "changed concurrently" (the higher stamp wins and the other value is a conflict).
CREATE TABLE sync_knowledge (
    node  TEXT PRIMARY KEY NOT NULL,
    stamp TEXT NOT NULL
) STRICT;

-- Local: every colleague whose file was merged here, and when.
CREATE TABLE sync_peers (
    installation_id TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    exported_at     TEXT,
    merged_at       TEXT NOT NULL,
    changes         INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Local: values a merge did not keep, for the officer to review. `kind` is 'field' (both
-- changed the same field), 'money' (an amount with its currency and quantity), 'notes' (two
-- texts; the other can be added to the kept one), 'deleted' (changed on one side, deleted on
-- the other; the record stays deleted until restored) or 'duplicate' (a record that may exist
-- once was added on two laptops; one copy is set aside). Values are JSON objects field → value.
CREATE TABLE sync_conflicts (
    id           TEXT PRIMARY KEY NOT NULL,
    entity       TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    fields       TEXT NOT NULL,
    kept_values  TEXT NOT NULL,
    kept_source  TEXT NOT NULL,
    other_values TEXT NOT NULL,
    other_source TEXT NOT NULL,
    other_stamp  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    resolved_at  TEXT,
    resolution   TEXT
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts (created_at) WHERE resolved_at IS NULL;

-- A merge looks for the same person added twice to one exchange (on two laptops before they
-- merged); this finds a live twin without scanning the exchange's or the person's rows.
CREATE INDEX participants_live_pair ON participants (exchange_id, person_id) WHERE deleted_at IS NULL;
