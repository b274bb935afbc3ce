-- PeerPlan schema 4: logistics costs and budgets (issue 6) — cost lines of an exchange,
-- dated exchange rates, the per-diem / rate table and per-exchange fixed budget rates. The
-- reporting currency is a row of `settings` (key 'costs.reporting_currency').
--
-- Same bookkeeping columns as every synced table (see 0001_initial.sql). Money is never a
-- float: a cost line's unit amount is an INTEGER number of its currency's minor units (cents,
-- yen, millimes); rates and the rate table's amounts are exact decimal TEXT. Closed sets
-- (category, stage) are snake_case text checked by the core.

CREATE TABLE cost_lines (
    id             TEXT PRIMARY KEY NOT NULL,
    exchange_id    TEXT NOT NULL REFERENCES exchanges (id),
    category       TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    participant_id TEXT REFERENCES participants (id),
    quantity       INTEGER NOT NULL,
    unit_amount    INTEGER NOT NULL,
    currency       TEXT NOT NULL,
    stage          TEXT NOT NULL,
    funder         TEXT NOT NULL DEFAULT '',
    cost_date      TEXT,
    reference      TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    created_stamp  TEXT NOT NULL,
    version        TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
-- An exchange's cost view, the SQL roll-up of a partnership's or a country's exchanges, and
-- the scan that builds the in-memory cost index: the live lines by exchange, with every
-- column they read. `deleted_at` (always NULL here) is listed so that SQLite versions that
-- do not infer it from the WHERE clause still read only the index.
CREATE INDEX cost_lines_exchange ON cost_lines
    (exchange_id, currency, cost_date, stage, category, funder, quantity, unit_amount,
     deleted_at)
    WHERE deleted_at IS NULL;
-- A traveller's lines, when a participant is removed.
CREATE INDEX cost_lines_participant ON cost_lines (participant_id)
    WHERE participant_id IS NOT NULL;

CREATE TABLE exchange_rates (
    id            TEXT PRIMARY KEY NOT NULL,
    rate_date     TEXT NOT NULL,
    from_currency TEXT NOT NULL,
    to_currency   TEXT NOT NULL,
    rate          TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    created_stamp TEXT NOT NULL,
    version       TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX exchange_rates_pair ON exchange_rates (from_currency, to_currency, rate_date)
    WHERE deleted_at IS NULL;

CREATE TABLE rate_table (
    id                    TEXT PRIMARY KEY NOT NULL,
    country_code          TEXT NOT NULL,
    city                  TEXT NOT NULL DEFAULT '',
    valid_from            TEXT NOT NULL,
    currency              TEXT NOT NULL,
    nightly_accommodation TEXT NOT NULL DEFAULT '',
    daily_subsistence     TEXT NOT NULL DEFAULT '',
    return_fare           TEXT NOT NULL DEFAULT '',
    note                  TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    created_stamp         TEXT NOT NULL,
    version               TEXT NOT NULL,
    deleted_at            TEXT
) STRICT;
CREATE INDEX rate_table_place ON rate_table (country_code, city, valid_from)
    WHERE deleted_at IS NULL;

-- One row per exchange and currency pair; its id is a UUIDv5 of the three, so two copies
-- that each set the same budget rate hold one row.
CREATE TABLE budget_rates (
    id            TEXT PRIMARY KEY NOT NULL,
    exchange_id   TEXT NOT NULL REFERENCES exchanges (id),
    currency      TEXT NOT NULL,
    to_currency   TEXT NOT NULL,
    rate          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    created_stamp TEXT NOT NULL,
    version       TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX budget_rates_exchange ON budget_rates (exchange_id) WHERE deleted_at IS NULL;

-- The budget's country filter: an exchange's venue country, else its host member's.
CREATE INDEX exchanges_country ON exchanges (country_code) WHERE deleted_at IS NULL;
CREATE INDEX exchanges_host ON exchanges (host_member_id) WHERE deleted_at IS NULL;

-- Local bookkeeping, not synced: a counter that every change to what the budget's in-memory
-- index copies (cost lines; an exchange's partnership, dates or country; a member's country)
-- moves, whoever writes it (this app, the CLI, a merge). Other writes leave the index valid.
CREATE TABLE cost_index_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
INSERT INTO cost_index_changes (id, n) VALUES (1, 0);
CREATE TRIGGER cost_lines_insert_moves_index AFTER INSERT ON cost_lines
    BEGIN UPDATE cost_index_changes SET n = n + 1; END;
CREATE TRIGGER cost_lines_update_moves_index AFTER UPDATE ON cost_lines
    BEGIN UPDATE cost_index_changes SET n = n + 1; END;
CREATE TRIGGER cost_lines_delete_moves_index AFTER DELETE ON cost_lines
    BEGIN UPDATE cost_index_changes SET n = n + 1; END;
CREATE TRIGGER exchanges_insert_moves_index AFTER INSERT ON exchanges
    BEGIN UPDATE cost_index_changes SET n = n + 1; END;
CREATE TRIGGER exchanges_update_moves_index AFTER UPDATE ON exchanges
    BEGIN UPDATE cost_index_changes SET n = n + 1; END;
CREATE TRIGGER exchanges_delete_moves_index AFTER DELETE ON exchanges
    BEGIN UPDATE cost_index_changes SET n = n + 1; END;
CREATE TRIGGER members_update_moves_index AFTER UPDATE OF country_code, deleted_at ON members
    BEGIN UPDATE cost_index_changes SET n = n + 1; END;
