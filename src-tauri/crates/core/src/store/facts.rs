//! The facts a rule needs about other records (a partnership's live members, whether a
//! referenced record is still there, an exchange's participants…), read on one connection.
//!
//! A save reads them through its own write transaction (`Writer::facts`), so another program
//! writing the same file — the app beside a scheduled `peerplan sync` — cannot change them
//! between the check and the write. `check` and the read models read them through the store's
//! connection (`Store::facts`).

use rusqlite::{Connection, OptionalExtension};

use super::records::Entity;
use crate::model::*;
use crate::validate::{self, Report};
use crate::Result;

pub(crate) struct Facts<'c>(pub(crate) &'c Connection);

impl Facts<'_> {
    /// The ids of a partnership's live members.
    pub(crate) fn member_ids(&self, partnership_id: &str) -> Result<Vec<String>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT id FROM members WHERE partnership_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([partnership_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of an exchange's live participants (whose traveller lines may name them).
    pub(crate) fn participant_ids(&self, exchange_id: &str) -> Result<Vec<String>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT id FROM participants WHERE exchange_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([exchange_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Reports `field` when `id` names no record of `T`, or a deleted one.
    pub(crate) fn require_live<T: Entity>(
        &self,
        report: &mut Report,
        field: &str,
        id: &str,
    ) -> Result<()> {
        if id.is_empty() {
            return Ok(()); // the pure rule already reported the missing id
        }
        // Only the tombstone is read, so a referenced row with an unreadable value (which
        // `check` reports on its own) does not stop the rules about this one.
        let tombstone: Option<Option<String>> = self
            .0
            .query_row(
                &format!("SELECT deleted_at FROM {} WHERE id = ?1", T::TABLE),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match tombstone {
            Some(None) => {}
            Some(Some(_)) => {
                report
                    .error(
                        field,
                        "deleted_reference",
                        format!("that {} has been deleted", T::NAME),
                    )
                    .with("entity", crate::validate::entity_id(T::NAME));
            }
            None => {
                report
                    .error(
                        field,
                        "unknown_reference",
                        format!("no {} with id {id} exists", T::NAME),
                    )
                    .with("entity", crate::validate::entity_id(T::NAME))
                    .with("id", id);
            }
        }
        Ok(())
    }

    /// A single column of a record, if the record exists (a neighbour with an unreadable value
    /// elsewhere must not stop the rules about this one).
    fn column(&self, table: &str, column: &str, id: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {column} FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    /// Everything wrong with a follow-up action: the pure rules plus its references.
    pub(crate) fn follow_up_report(&self, data: &FollowUpActionData) -> Result<Report> {
        let members = self.member_ids(&data.partnership_id)?;
        let start = self
            .column("partnerships", "start_date", &data.partnership_id)?
            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let exchange_partnership = match &data.exchange_id {
            Some(e) => self.column("exchanges", "partnership_id", e)?,
            None => None,
        };
        let answer_partnership = match &data.reflection_answer_id {
            Some(a) => self.column("reflection_answers", "partnership_id", a)?,
            None => None,
        };
        let mut report = validate::follow_up_action(
            data,
            &validate::FollowUpContext {
                member_ids: &members,
                partnership_start: start,
                exchange_partnership: exchange_partnership.as_deref(),
                answer_partnership: answer_partnership.as_deref(),
            },
        );
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        if let Some(exchange) = &data.exchange_id {
            self.require_live::<ExchangeData>(&mut report, "exchange_id", exchange)?;
        }
        if let Some(person) = &data.owner_person_id {
            self.require_live::<PersonData>(&mut report, "owner_person_id", person)?;
        }
        if let Some(answer) = &data.reflection_answer_id {
            self.require_live::<ReflectionAnswerData>(&mut report, "reflection_answer_id", answer)?;
        }
        Ok(report)
    }

    /// Everything wrong with a cost line: the pure rules plus its exchange.
    pub(crate) fn cost_line_report(&self, data: &CostLineData) -> Result<Report> {
        let participants = self.participant_ids(&data.exchange_id)?;
        let mut report = validate::cost_line(
            data,
            &validate::CostLineContext {
                participant_ids: &participants,
            },
        );
        self.require_live::<ExchangeData>(&mut report, "exchange_id", &data.exchange_id)?;
        if let Some(payer) = &data.paid_by_member_id {
            let partnership = self
                .column("exchanges", "partnership_id", &data.exchange_id)?
                .unwrap_or_default();
            if !self.member_ids(&partnership)?.contains(payer) {
                report.error(
                    "paid_by_member_id",
                    "not_a_member",
                    "the member who pays must be a member of this exchange's partnership (or leave it to the network or the funder)",
                ).worded("not_a_member.payer");
            }
        }
        Ok(report)
    }

    /// Whether another live row of `table` (not `id`) matches `condition` over alias `t`
    /// with `params` from `?2` on: a record that may exist once.
    pub(crate) fn another(
        &self,
        table: &str,
        condition: &str,
        id: Option<&str>,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<bool> {
        let mut all: Vec<&dyn rusqlite::ToSql> = vec![&id];
        all.extend_from_slice(params);
        Ok(self.0.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {table} t WHERE t.deleted_at IS NULL AND t.id IS NOT ?1 AND ({condition}))"
            ),
            all.as_slice(),
            |r| r.get(0),
        )?)
    }
}
