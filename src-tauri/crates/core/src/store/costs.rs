//! Validated writes of issue 6: cost lines, exchange rates, the rate table, budget rates and
//! the reporting currency. Reads and roll-ups are in `crate::costs`.

use rusqlite::OptionalExtension;

use super::{records, Saved, Store, Writer};
use crate::model::*;
use crate::validate::{self, Report};
use crate::Result;

/// The settings key of the reporting currency.
pub const REPORTING_CURRENCY_KEY: &str = "costs.reporting_currency";
/// The reporting currency until the officer chooses one.
pub const DEFAULT_REPORTING_CURRENCY: &str = "USD";

fn trimmed(text: &mut String) {
    *text = text.trim().to_string();
}

fn upper(text: &mut String) {
    *text = text.trim().to_uppercase();
}

/// The id of an exchange's budget rate for one currency pair: the same on every copy.
pub fn budget_rate_id(exchange_id: &str, currency: &str, to_currency: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("peerplan.budget_rate.{exchange_id}.{currency}.{to_currency}").as_bytes(),
    )
    .to_string()
}

impl Store {
    /// The currency every total is reported in (Settings); USD until one is chosen.
    pub fn reporting_currency(&self) -> Result<String> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1 AND deleted_at IS NULL",
                [REPORTING_CURRENCY_KEY],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value
            .filter(|v| crate::money::currency(v).is_some())
            .unwrap_or_else(|| DEFAULT_REPORTING_CURRENCY.to_string()))
    }

    pub fn set_reporting_currency(&mut self, code: &str) -> Result<()> {
        let code = code.trim().to_uppercase();
        let mut report = Report::default();
        validate::currency_code(&mut report, "reporting_currency", &code);
        report.into_result()?;
        self.write(|w| w.set_setting(REPORTING_CURRENCY_KEY, &code))
    }

    /// The ids of an exchange's live participants (whose traveller lines may name them).
    pub(crate) fn participant_ids(&self, exchange_id: &str) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM participants WHERE exchange_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([exchange_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
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
        Ok(report)
    }

    pub fn save_cost_line(
        &mut self,
        id: Option<&str>,
        data: CostLineData,
    ) -> Result<Saved<CostLineData>> {
        let data = normalise_cost_line(data);
        let warnings = self.cost_line_report(&data)?.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved { record, warnings })
    }

    /// Saves several lines in one transaction (all or none): how the proposals of "estimate
    /// from delegation" are accepted once the officer has reviewed them. A problem in any
    /// line refuses all; its fields are named `lines.N.field`.
    pub fn save_cost_lines(&mut self, lines: Vec<CostLineData>) -> Result<Vec<CostLine>> {
        let mut report = Report::default();
        let mut normalised = Vec::with_capacity(lines.len());
        for (i, line) in lines.into_iter().enumerate() {
            let line = normalise_cost_line(line);
            for mut issue in self.cost_line_report(&line)?.issues {
                issue.field = format!("lines.{i}.{}", issue.field);
                report.issues.push(issue);
            }
            normalised.push(line);
        }
        report.into_result()?;
        self.write(|w| normalised.iter().map(|line| w.insert_new(line)).collect())
    }

    pub fn delete_cost_line(&mut self, id: &str) -> Result<()> {
        records::get::<CostLineData>(&self.conn, id)?;
        self.write(|w| w.delete("cost_lines", id))
    }

    pub fn save_exchange_rate(
        &mut self,
        id: Option<&str>,
        mut data: ExchangeRateData,
    ) -> Result<Saved<ExchangeRateData>> {
        upper(&mut data.from_currency);
        upper(&mut data.to_currency);
        trimmed(&mut data.source);
        let mut report = validate::exchange_rate(&data);
        if let Ok(rate) = crate::money::Rate::parse(&data.rate) {
            data.rate = rate.text();
        }
        let duplicate: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM exchange_rates WHERE deleted_at IS NULL AND id IS NOT ?1
               AND rate_date = ?2 AND ((from_currency = ?3 AND to_currency = ?4)
                                    OR (from_currency = ?4 AND to_currency = ?3)))",
            rusqlite::params![
                id,
                data.rate_date.map(|d| d.to_string()),
                data.from_currency,
                data.to_currency
            ],
            |r| r.get(0),
        )?;
        if duplicate {
            report.error(
                "rate_date",
                "duplicate_rate",
                format!(
                    "there is already a {}/{} rate dated {}; edit that one",
                    data.from_currency,
                    data.to_currency,
                    data.rate_date.map(|d| d.to_string()).unwrap_or_default()
                ),
            );
        }
        let warnings = report.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_exchange_rate(&mut self, id: &str) -> Result<()> {
        records::get::<ExchangeRateData>(&self.conn, id)?;
        self.write(|w| w.delete("exchange_rates", id))
    }

    pub fn save_rate_table_entry(
        &mut self,
        id: Option<&str>,
        mut data: RateTableEntryData,
    ) -> Result<Saved<RateTableEntryData>> {
        upper(&mut data.country_code);
        upper(&mut data.currency);
        trimmed(&mut data.city);
        trimmed(&mut data.note);
        for amount in [
            &mut data.nightly_accommodation,
            &mut data.daily_subsistence,
            &mut data.return_fare,
        ] {
            trimmed(amount);
        }
        let report = validate::rate_table_entry(&data);
        // Canonical amounts ("85" USD is stored as "85.00") once they are valid.
        if !report.has_errors() {
            if let Some(c) = crate::money::currency(&data.currency) {
                for amount in [
                    &mut data.nightly_accommodation,
                    &mut data.daily_subsistence,
                    &mut data.return_fare,
                ] {
                    if let Ok(minor) = crate::money::parse_amount(amount, c.minor_units) {
                        *amount = crate::money::format_amount(minor.into(), c.minor_units);
                    }
                }
            }
        }
        let warnings = report.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_rate_table_entry(&mut self, id: &str) -> Result<()> {
        records::get::<RateTableEntryData>(&self.conn, id)?;
        self.write(|w| w.delete("rate_table", id))
    }

    /// Sets (or, with `rate` None, clears) an exchange's fixed budget rate for one currency
    /// into the reporting currency.
    pub fn set_budget_rate(
        &mut self,
        exchange_id: &str,
        currency: &str,
        rate: Option<&str>,
    ) -> Result<Option<BudgetRate>> {
        let to_currency = self.reporting_currency()?;
        let currency = currency.trim().to_uppercase();
        let id = budget_rate_id(exchange_id, &currency, &to_currency);
        let existing = records::find::<BudgetRateData>(&self.conn, &id)?;
        let Some(rate) = rate else {
            if existing.as_ref().is_some_and(|r| !r.is_deleted()) {
                self.write(|w| w.delete("budget_rates", &id))?;
            }
            return Ok(None);
        };
        let mut data = BudgetRateData {
            exchange_id: exchange_id.to_string(),
            currency,
            to_currency,
            rate: rate.trim().to_string(),
        };
        let mut report = validate::budget_rate(&data);
        self.require_live::<ExchangeData>(&mut report, "exchange_id", exchange_id)?;
        report.into_result()?;
        if let Ok(parsed) = crate::money::Rate::parse(&data.rate) {
            data.rate = parsed.text();
        }
        let record = self.write(|w| match existing {
            None => w.insert_with_id(&id, &data),
            Some(old) => {
                if old.is_deleted() {
                    w.undelete("budget_rates", &id)?;
                }
                w.upsert(Some(&id), &data)
            }
        })?;
        Ok(Some(record))
    }
}

fn normalise_cost_line(mut data: CostLineData) -> CostLineData {
    trimmed(&mut data.description);
    trimmed(&mut data.funder);
    trimmed(&mut data.reference);
    upper(&mut data.currency);
    data.participant_id = data.participant_id.filter(|s| !s.trim().is_empty());
    // "145.5" becomes "145.50": the text the store reads back.
    if let Some(c) = crate::money::currency(&data.currency) {
        if let Ok(minor) = crate::money::parse_amount(&data.unit_amount, c.minor_units) {
            data.unit_amount = crate::money::format_amount(minor.into(), c.minor_units);
        }
    }
    data
}

impl Writer<'_> {
    fn undelete(&mut self, table: &str, id: &str) -> Result<()> {
        let stamp = self.stamp();
        records::set_deleted(&self.tx, table, id, false, &stamp, &self.now)?;
        Ok(())
    }

    /// Tombstones an exchange's cost lines and budget rates (when the exchange goes).
    pub(super) fn delete_exchange_costs(&mut self, exchange_id: &str) -> Result<()> {
        self.delete_children("cost_lines", "exchange_id", exchange_id)?;
        self.delete_children("budget_rates", "exchange_id", exchange_id)
    }

    /// A traveller's lines outlive their participant row: the money was still spent. The line
    /// stays on the exchange as a shared cost, its description naming who it was for.
    pub(super) fn unlink_traveller_lines(&mut self, participant_id: &str) -> Result<()> {
        let who: Option<String> = self
            .tx
            .query_row(
                "SELECT p.name FROM participants x JOIN people p ON p.id = x.person_id WHERE x.id = ?1",
                [participant_id],
                |r| r.get(0),
            )
            .optional()?;
        self.unlink::<CostLineData>("t.participant_id = ?1", participant_id, |line| {
            line.participant_id = None;
            if let Some(who) = &who {
                if !line.description.contains(who.as_str()) {
                    line.description = if line.description.is_empty() {
                        format!("(for {who})")
                    } else {
                        format!("{} (for {who})", line.description)
                    };
                }
            }
        })
    }
}
