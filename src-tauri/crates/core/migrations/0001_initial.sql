-- PeerPlan schema 1.
--
-- Every synced table has the same bookkeeping columns:
--   id            UUIDv7 text, never reused, the only thing merges match rows by
--   created_at    RFC 3339 UTC, when the row was first written (for people)
--   updated_at    RFC 3339 UTC, when it last changed (for people)
--   created_stamp hybrid-logical-clock stamp of the insert: the version of every field
--                 that has no entry in field_stamps
--   version       stamp of the newest change to any field of the row
--   deleted_at    tombstone; rows are never physically deleted
-- and field_stamps records, per changed field, the stamp of its last change, so a merge
-- can decide field by field which side is newer. See docs/ARCHITECTURE.md.

CREATE TABLE installation (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    hlc_millis    INTEGER NOT NULL DEFAULT 0,
    hlc_counter   INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE field_stamps (
    entity  TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    field   TEXT NOT NULL,
    stamp   TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
    id            TEXT PRIMARY KEY NOT NULL,
    key           TEXT NOT NULL UNIQUE,
    value         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    created_stamp TEXT NOT NULL,
    version       TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;

CREATE TABLE partnerships (
    id                TEXT PRIMARY KEY NOT NULL,
    title             TEXT NOT NULL,
    kind              TEXT NOT NULL,
    topic             TEXT NOT NULL DEFAULT '',
    priorities        TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    requested_by      TEXT NOT NULL DEFAULT '',
    learning_interest TEXT NOT NULL DEFAULT '',
    start_date        TEXT,
    end_date          TEXT,
    officer           TEXT NOT NULL DEFAULT '',
    advisor           TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    archived          INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    created_stamp     TEXT NOT NULL,
    version           TEXT NOT NULL,
    deleted_at        TEXT
) STRICT;
CREATE INDEX partnerships_status ON partnerships (status) WHERE deleted_at IS NULL;
CREATE INDEX partnerships_title ON partnerships (title COLLATE NOCASE, id);
CREATE INDEX partnerships_updated ON partnerships (updated_at, id);

CREATE TABLE status_changes (
    id             TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    status         TEXT NOT NULL,
    changed_on     TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
CREATE INDEX status_changes_partnership ON status_changes (partnership_id);

CREATE TABLE people (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    position      TEXT NOT NULL DEFAULT '',
    country_code  TEXT,
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    created_stamp TEXT NOT NULL,
    version       TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX people_name ON people (name COLLATE NOCASE);

CREATE TABLE members (
    id             TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    country_code   TEXT NOT NULL,
    level          TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    focal_point_id TEXT REFERENCES people (id),
    role           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
CREATE INDEX members_partnership ON members (partnership_id);
CREATE INDEX members_country ON members (country_code, partnership_id);

CREATE TABLE goals (
    id                    TEXT PRIMARY KEY NOT NULL,
    partnership_id        TEXT NOT NULL REFERENCES partnerships (id),
    text                  TEXT NOT NULL,
    proposed_by_member_id TEXT REFERENCES members (id),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    created_stamp         TEXT NOT NULL,
    version               TEXT NOT NULL,
    deleted_at            TEXT
) STRICT;
CREATE INDEX goals_partnership ON goals (partnership_id);

CREATE TABLE exchanges (
    id             TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    title          TEXT NOT NULL,
    format         TEXT NOT NULL,
    host_member_id TEXT REFERENCES members (id),
    venue          TEXT NOT NULL DEFAULT '',
    city           TEXT NOT NULL DEFAULT '',
    country_code   TEXT,
    start_date     TEXT,
    end_date       TEXT,
    time_zone      TEXT NOT NULL,
    objectives     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
CREATE INDEX exchanges_partnership ON exchanges (partnership_id, start_date);
CREATE INDEX exchanges_start ON exchanges (start_date);
-- The partnership list's "next exchange": one seek per partnership, no table lookups.
CREATE INDEX exchanges_upcoming ON exchanges (partnership_id, start_date)
    WHERE deleted_at IS NULL AND status <> 'cancelled';

CREATE TABLE participants (
    id            TEXT PRIMARY KEY NOT NULL,
    exchange_id   TEXT NOT NULL REFERENCES exchanges (id),
    person_id     TEXT NOT NULL REFERENCES people (id),
    member_id     TEXT REFERENCES members (id),
    role          TEXT NOT NULL,
    attendance    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    created_stamp TEXT NOT NULL,
    version       TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX participants_exchange ON participants (exchange_id);
CREATE INDEX participants_person ON participants (person_id);
