-- PeerPlan schema 8: the budget's in-memory index is brought up to date in place (issue 17).
--
-- Every move of `cost_index_changes` (schema 4) now also logs what moved: the exchange whose
-- cost lines changed, or NULL for a change that can move any line (an exchange's dates or
-- country, a member's country), which makes the reader rebuild the whole index. A reader whose
-- index was built at counter N reads the log after N: when every step is there and names a
-- few exchanges, it re-reads only their lines (a few milliseconds on a million lines instead
-- of a second and a half). The log is local, like the counter; the writer trims it on open.
CREATE TABLE cost_index_log (
    n           INTEGER PRIMARY KEY,
    exchange_id TEXT
) STRICT;

DROP TRIGGER cost_lines_insert_moves_index;
DROP TRIGGER cost_lines_update_moves_index;
DROP TRIGGER cost_lines_delete_moves_index;
DROP TRIGGER exchanges_insert_moves_index;
DROP TRIGGER exchanges_update_moves_index;
DROP TRIGGER exchanges_delete_moves_index;
DROP TRIGGER members_update_moves_index;

CREATE TRIGGER cost_lines_insert_moves_index AFTER INSERT ON cost_lines BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id)
        SELECT n, NEW.exchange_id FROM cost_index_changes;
END;
CREATE TRIGGER cost_lines_update_moves_index AFTER UPDATE ON cost_lines BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id)
        SELECT n, NEW.exchange_id FROM cost_index_changes;
END;
-- A line moved to another exchange: the exchange it left changed too.
CREATE TRIGGER cost_lines_move_moves_index AFTER UPDATE OF exchange_id ON cost_lines
    WHEN OLD.exchange_id IS NOT NEW.exchange_id BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id)
        SELECT n, OLD.exchange_id FROM cost_index_changes;
END;
CREATE TRIGGER cost_lines_delete_moves_index AFTER DELETE ON cost_lines BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id)
        SELECT n, OLD.exchange_id FROM cost_index_changes;
END;
CREATE TRIGGER exchanges_insert_moves_index AFTER INSERT ON exchanges BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id) SELECT n, NULL FROM cost_index_changes;
END;
-- Only what the index copies of an exchange: a new title or venue keeps it.
CREATE TRIGGER exchanges_update_moves_index
    AFTER UPDATE OF partnership_id, country_code, host_member_id, start_date, deleted_at
    ON exchanges BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id) SELECT n, NULL FROM cost_index_changes;
END;
CREATE TRIGGER exchanges_delete_moves_index AFTER DELETE ON exchanges BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id) SELECT n, NULL FROM cost_index_changes;
END;
CREATE TRIGGER members_update_moves_index AFTER UPDATE OF country_code, deleted_at ON members
BEGIN
    UPDATE cost_index_changes SET n = n + 1;
    INSERT INTO cost_index_log (n, exchange_id) SELECT n, NULL FROM cost_index_changes;
END;
