-- PeerPlan schema 9: who pays for each cost line (issue 17).
--
-- `paid_by_member_id` names the member whose own budget pays the line (the host's venue, a
-- visiting member's fares); '' when the network or the funder named in `funder` pays. The
-- budget rolls lines up by it, so an officer can show that a twinning is not one-sided in
-- money either. Kept as text like the other member lists: a merge that deletes the member
-- clears it (with a conflict saying so), as it does for a session's co-leads.
ALTER TABLE cost_lines ADD COLUMN paid_by_member_id TEXT NOT NULL DEFAULT '';

-- The budget's index is built from this covering index alone: it now reads the payer too.
DROP INDEX cost_lines_exchange;
CREATE INDEX cost_lines_exchange ON cost_lines
    (exchange_id, currency, cost_date, stage, category, funder, quantity, unit_amount,
     paid_by_member_id, deleted_at)
    WHERE deleted_at IS NULL;
