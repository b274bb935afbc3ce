-- PeerPlan schema 3: meeting agendas (issue 5) — the days and sessions of an exchange's
-- agenda, how it is printed, and reusable agenda templates; and a time zone per member, for
-- the local times of virtual sessions.
--
-- Same bookkeeping columns as every synced table (see 0001_initial.sql); closed sets (kind,
-- language, paper) are snake_case text checked by the core.

-- Empty: the member's country's capital's time zone (countries.tsv).
ALTER TABLE members ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

CREATE TABLE agenda_days (
    id            TEXT PRIMARY KEY NOT NULL,
    exchange_id   TEXT NOT NULL REFERENCES exchanges (id),
    day_date      TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    created_stamp TEXT NOT NULL,
    version       TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX agenda_days_exchange ON agenda_days (exchange_id, day_date);

CREATE TABLE agenda_sessions (
    id             TEXT PRIMARY KEY NOT NULL,
    exchange_id    TEXT NOT NULL REFERENCES exchanges (id),
    day_id         TEXT NOT NULL REFERENCES agenda_days (id),
    position       INTEGER NOT NULL,
    start_time     TEXT NOT NULL,
    end_time       TEXT NOT NULL,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    lead_member_id TEXT REFERENCES members (id),
    presenter_ids  TEXT NOT NULL DEFAULT '',
    location       TEXT NOT NULL DEFAULT '',
    link           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
CREATE INDEX agenda_sessions_exchange ON agenda_sessions (exchange_id, day_id, position);
-- The agenda balance of a partnership (sessions led by each member).
CREATE INDEX agenda_sessions_lead ON agenda_sessions (lead_member_id);

-- One row per exchange whose agenda settings were changed; its id is the exchange's id.
CREATE TABLE agenda_settings (
    id                   TEXT PRIMARY KEY NOT NULL REFERENCES exchanges (id),
    language             TEXT NOT NULL,
    paper                TEXT NOT NULL,
    include_participants INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    created_stamp        TEXT NOT NULL,
    version              TEXT NOT NULL,
    deleted_at           TEXT
) STRICT;

-- `days` is the template's days and sessions as JSON: a template is saved and used whole.
CREATE TABLE agenda_templates (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    days          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    created_stamp TEXT NOT NULL,
    version       TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
