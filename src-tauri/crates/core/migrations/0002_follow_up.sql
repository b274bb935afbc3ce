-- PeerPlan schema 2: trust-building follow-up (issue 7) — follow-up actions, the contact log,
-- answers to the stage-C reflection questions, and the learning log.
--
-- Same bookkeeping columns as every synced table (see 0001_initial.sql). Values of closed
-- sets (channel, status, direction, kind) are snake_case text checked by the core, not by
-- CHECK constraints, so an older build can still read a row a newer one wrote. Uniqueness
-- (one answer per question and partnership) is a rule of the core for the same reason: two
-- copies may each answer the same question before they are merged.

CREATE TABLE reflection_answers (
    id             TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    question_key   TEXT NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
CREATE INDEX reflection_answers_partnership ON reflection_answers (partnership_id, question_key);

CREATE TABLE follow_up_actions (
    id                   TEXT PRIMARY KEY NOT NULL,
    partnership_id       TEXT NOT NULL REFERENCES partnerships (id),
    exchange_id          TEXT REFERENCES exchanges (id),
    reflection_answer_id TEXT REFERENCES reflection_answers (id),
    what                 TEXT NOT NULL,
    owner_member_id      TEXT REFERENCES members (id),
    owner_person_id      TEXT REFERENCES people (id),
    due_date             TEXT,
    channel              TEXT NOT NULL,
    status               TEXT NOT NULL,
    closed_on            TEXT,
    outcome              TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    created_stamp        TEXT NOT NULL,
    version              TEXT NOT NULL,
    deleted_at           TEXT
) STRICT;
CREATE INDEX follow_up_actions_partnership ON follow_up_actions (partnership_id, due_date);
-- The dashboard's overdue and upcoming actions: open actions by due date.
CREATE INDEX follow_up_actions_open ON follow_up_actions (due_date)
    WHERE deleted_at IS NULL AND status IN ('planned', 'in_progress');
CREATE INDEX follow_up_actions_exchange ON follow_up_actions (exchange_id);

CREATE TABLE contacts (
    id             TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    contact_date   TEXT NOT NULL,
    from_member_id TEXT NOT NULL REFERENCES members (id),
    to_member_id   TEXT NOT NULL REFERENCES members (id),
    channel        TEXT NOT NULL,
    participants   TEXT NOT NULL DEFAULT '',
    summary        TEXT NOT NULL DEFAULT '',
    direction      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
CREATE INDEX contacts_partnership ON contacts (partnership_id, contact_date);

-- member_ids: the members an entry concerns, as sorted comma-separated ids (one field, one
-- version stamp; see docs/ARCHITECTURE.md). The core checks each id is a member.
CREATE TABLE learning_entries (
    id             TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    entry_date     TEXT NOT NULL,
    what_changed   TEXT NOT NULL,
    member_ids     TEXT NOT NULL DEFAULT '',
    significance   TEXT NOT NULL DEFAULT '',
    evidence       TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
CREATE INDEX learning_entries_partnership ON learning_entries (partnership_id, entry_date);
