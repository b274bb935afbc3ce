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
        self.write(|w| {
            let code = code.trim().to_uppercase();
            let mut report = Report::default();
            validate::currency_code(&mut report, "reporting_currency", &code);
            report.into_result()?;
            w.set_setting(REPORTING_CURRENCY_KEY, &code)
        })
    }

    pub fn save_cost_line(
        &mut self,
        id: Option<&str>,
        data: CostLineData,
    ) -> Result<Saved<CostLineData>> {
        self.write(|w| w.save_cost_line(id, data))
    }

    /// Saves several lines in one transaction (all or none): how the proposals of "estimate
    /// from delegation" are accepted once the officer has reviewed them. A problem in any
    /// line refuses all; its fields are named `lines.N.field`.
    pub fn save_cost_lines(&mut self, lines: Vec<CostLineData>) -> Result<Vec<CostLine>> {
        self.write(|w| w.save_cost_lines(lines))
    }

    pub fn delete_cost_line(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<CostLineData>(id))
    }

    pub fn save_exchange_rate(
        &mut self,
        id: Option<&str>,
        data: ExchangeRateData,
    ) -> Result<Saved<ExchangeRateData>> {
        self.write(|w| w.save_exchange_rate(id, data))
    }

    pub fn delete_exchange_rate(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<ExchangeRateData>(id))
    }

    pub fn save_rate_table_entry(
        &mut self,
        id: Option<&str>,
        data: RateTableEntryData,
    ) -> Result<Saved<RateTableEntryData>> {
        self.write(|w| w.save_rate_table_entry(id, data))
    }

    pub fn delete_rate_table_entry(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<RateTableEntryData>(id))
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
        self.write(|w| w.set_budget_rate(exchange_id, currency, &to_currency, rate))
    }
}

impl Writer<'_> {
    pub fn save_cost_line(
        &mut self,
        id: Option<&str>,
        data: CostLineData,
    ) -> Result<Saved<CostLineData>> {
        let data = normalise_cost_line(data);
        let warnings = self.facts().cost_line_report(&data)?.into_result()?;
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
    }

    pub fn save_cost_lines(&mut self, lines: Vec<CostLineData>) -> Result<Vec<CostLine>> {
        let mut report = Report::default();
        let mut normalised = Vec::with_capacity(lines.len());
        for (i, line) in lines.into_iter().enumerate() {
            let line = normalise_cost_line(line);
            for mut issue in self.facts().cost_line_report(&line)?.issues {
                issue.field = format!("lines.{i}.{}", issue.field);
                report.issues.push(issue);
            }
            normalised.push(line);
        }
        report.into_result()?;
        normalised
            .iter()
            .map(|line| self.insert_new(line))
            .collect()
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
        let date = data.rate_date.map(|d| d.to_string());
        let duplicate = self.facts().another(
            "exchange_rates",
            "t.rate_date = ?2 AND ((t.from_currency = ?3 AND t.to_currency = ?4)
                                OR (t.from_currency = ?4 AND t.to_currency = ?3))",
            id,
            &[&date, &data.from_currency, &data.to_currency],
        )?;
        if duplicate {
            let dated = data.rate_date.map(|d| d.to_string()).unwrap_or_default();
            report
                .error(
                    "rate_date",
                    "duplicate_rate",
                    format!(
                        "there is already a {}/{} rate dated {dated}; edit that one",
                        data.from_currency, data.to_currency,
                    ),
                )
                .with("from", &data.from_currency)
                .with("to", &data.to_currency)
                .with("rate_iso", dated);
        }
        let warnings = report.into_result()?;
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
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
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
    }

    pub fn set_budget_rate(
        &mut self,
        exchange_id: &str,
        currency: &str,
        to_currency: &str,
        rate: Option<&str>,
    ) -> Result<Option<BudgetRate>> {
        let currency = currency.trim().to_uppercase();
        let id = budget_rate_id(exchange_id, &currency, to_currency);
        let existing = records::find::<BudgetRateData>(self.conn(), &id)?;
        let Some(rate) = rate else {
            if existing.as_ref().is_some_and(|r| !r.is_deleted()) {
                self.delete("budget_rates", &id)?;
            }
            return Ok(None);
        };
        let mut data = BudgetRateData {
            exchange_id: exchange_id.to_string(),
            currency,
            to_currency: to_currency.to_string(),
            rate: rate.trim().to_string(),
        };
        let mut report = validate::budget_rate(&data);
        self.facts()
            .require_live::<ExchangeData>(&mut report, "exchange_id", exchange_id)?;
        report.into_result()?;
        if let Ok(parsed) = crate::money::Rate::parse(&data.rate) {
            data.rate = parsed.text();
        }
        let record = match existing {
            None => self.insert_with_id(&id, &data)?,
            Some(old) => {
                if old.is_deleted() {
                    self.undelete("budget_rates", &id)?;
                }
                self.upsert(Some(&id), &data)?
            }
        };
        Ok(Some(record))
    }
}

fn normalise_cost_line(mut data: CostLineData) -> CostLineData {
    trimmed(&mut data.description);
    trimmed(&mut data.funder);
    trimmed(&mut data.reference);
    upper(&mut data.currency);
    data.participant_id = data.participant_id.filter(|s| !s.trim().is_empty());
    data.paid_by_member_id = data
        .paid_by_member_id
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
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
        records::set_deleted(self.conn(), table, id, false, &stamp, &self.now)?;
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
            .conn()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    fn demo() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::load(&mut store).unwrap();
        store
    }

    fn one(store: &Store, sql: &str) -> String {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn accra(store: &Store) -> String {
        one(store, "SELECT id FROM exchanges WHERE city = 'Accra'")
    }

    /// The (field, code) of each error a refused save reports.
    fn errors<T: std::fmt::Debug>(result: Result<T>) -> Vec<(String, &'static str)> {
        match result {
            Err(Error::Invalid(report)) => report
                .issues
                .into_iter()
                .filter(|i| i.severity == Severity::Error)
                .map(|i| (i.field, i.code))
                .collect(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    use crate::Error;

    fn line(exchange: &str) -> CostLineData {
        CostLineData {
            exchange_id: exchange.into(),
            category: CostCategory::LocalTransport,
            description: "Taxi".into(),
            quantity: 2,
            unit_amount: "12.5".into(),
            currency: "usd".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_cost_line_is_stored_in_minor_units_and_read_back_canonically() {
        let mut store = demo();
        let exchange = accra(&store);
        let saved = store.save_cost_line(None, line(&exchange)).unwrap().record;
        assert_eq!(saved.data.unit_amount, "12.50");
        assert_eq!(saved.data.currency, "USD");
        let stored: i64 = store
            .conn()
            .query_row(
                "SELECT unit_amount FROM cost_lines WHERE id = ?1",
                [&saved.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, 1250);
        let read = records::get::<CostLineData>(store.conn(), &saved.id).unwrap();
        assert_eq!(read.data, saved.data);
        // Same amount written differently: no change, no new version.
        let mut same = read.data.clone();
        // Zeros beyond the cents are harmless ("12.500" alone is refused as ambiguous: it
        // could be twelve thousand five hundred).
        same.unit_amount = "12.5000".into();
        let again = store.save_cost_line(Some(&saved.id), same).unwrap().record;
        assert_eq!(again.version, saved.version);
    }

    #[test]
    fn bad_cost_lines_are_refused_with_each_field_named() {
        let mut store = demo();
        let exchange = accra(&store);
        let other_exchange = one(&store, "SELECT id FROM exchanges WHERE city = 'Barcelona'");
        let stranger = one(
            &store,
            &format!("SELECT id FROM participants WHERE exchange_id = '{other_exchange}' LIMIT 1"),
        );
        let bad = CostLineData {
            quantity: 0,
            currency: "XYZ".into(),
            stage: CostStage::Actual,
            cost_date: None,
            participant_id: Some(stranger),
            ..line(&exchange)
        };
        assert_eq!(
            errors(store.save_cost_line(None, bad)),
            [
                ("quantity".to_string(), "quantity_not_positive"),
                ("currency".to_string(), "unknown_currency"),
                ("cost_date".to_string(), "actual_without_date"),
                ("participant_id".to_string(), "not_a_participant"),
            ]
        );
        let negative = CostLineData {
            quantity: -3,
            ..line(&exchange)
        };
        assert_eq!(
            errors(store.save_cost_line(None, negative)),
            [("quantity".to_string(), "quantity_not_positive")]
        );
        for (currency, amount) in [("JPY", "1200.5"), ("USD", "3.1459"), ("KWD", "1.2345")] {
            let decimals = CostLineData {
                currency: currency.into(),
                unit_amount: amount.into(),
                ..line(&exchange)
            };
            assert_eq!(
                errors(store.save_cost_line(None, decimals)),
                [("unit_amount".to_string(), "too_many_decimals")],
                "{currency} {amount}"
            );
        }
        let ok = CostLineData {
            currency: "KWD".into(),
            unit_amount: "1.234".into(),
            ..line(&exchange)
        };
        assert!(store.save_cost_line(None, ok).is_ok());
        assert_eq!(
            errors(store.save_cost_line(None, line("no-such-exchange"))),
            [("exchange_id".to_string(), "unknown_reference")]
        );
    }

    #[test]
    fn the_message_of_a_decimal_error_names_the_currency_and_what_is_allowed() {
        let report = validate::cost_line(
            &CostLineData {
                currency: "XOF".into(),
                unit_amount: "350000.50".into(),
                ..line("x")
            },
            &validate::CostLineContext {
                participant_ids: &[],
            },
        );
        let issue = report.errors().next().unwrap();
        assert_eq!(issue.field, "unit_amount");
        assert_eq!(
            issue.message,
            "'350000.50' has too many decimals for XOF: this currency has no minor units; write a whole amount"
        );
    }

    #[test]
    fn removing_a_traveller_keeps_their_lines_and_removing_the_exchange_removes_them() {
        let mut store = demo();
        let exchange = accra(&store);
        let line_id = one(
            &store,
            "SELECT l.id FROM cost_lines l JOIN participants x ON x.id = l.participant_id
              JOIN people p ON p.id = x.person_id WHERE p.name = 'Peter Mutua'",
        );
        let participant = one(
            &store,
            &format!("SELECT participant_id FROM cost_lines WHERE id = '{line_id}'"),
        );
        store.delete_participant(&participant).unwrap();
        let kept = records::get::<CostLineData>(store.conn(), &line_id).unwrap();
        assert!(!kept.is_deleted());
        assert_eq!(kept.data.participant_id, None);
        assert_eq!(
            kept.data.description,
            "Return fare NBO–ACC (changed date) (for Peter Mutua)"
        );

        // Deleting a person unlinks their lines the same way.
        let wanjiru = one(&store, "SELECT id FROM people WHERE name = 'Wanjiru Kamau'");
        store.delete_person(&wanjiru).unwrap();
        let unlinked: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM cost_lines WHERE description LIKE '%(for Wanjiru Kamau)'
                   AND participant_id IS NULL AND deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unlinked, 1);

        store.delete_exchange(&exchange).unwrap();
        let live: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM cost_lines WHERE exchange_id = ?1 AND deleted_at IS NULL",
                [&exchange],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(live, 0);
        let report = crate::check::run(&store).unwrap();
        assert_eq!(report.error_count(), 0, "{:#?}", report.findings);
    }

    #[test]
    fn a_budget_rate_is_one_row_per_exchange_and_pair_and_can_be_cleared() {
        let mut store = demo();
        let exchange = accra(&store);
        let first = store
            .set_budget_rate(&exchange, "kes", Some("0.00775"))
            .unwrap()
            .unwrap();
        let second = store
            .set_budget_rate(&exchange, "KES", Some("0.0078"))
            .unwrap()
            .unwrap();
        assert_eq!(first.id, second.id);
        assert_eq!(first.id, budget_rate_id(&exchange, "KES", "USD"));
        assert_eq!(second.data.rate, "0.0078");
        let costs = crate::costs::exchange_costs(&store, &exchange).unwrap();
        assert!(costs
            .rates_used
            .iter()
            .any(|r| r.budget_rate && r.from_currency == "KES"));
        store.set_budget_rate(&exchange, "KES", None).unwrap();
        let again = store
            .set_budget_rate(&exchange, "KES", Some("0.0079"))
            .unwrap()
            .unwrap();
        assert_eq!(again.id, first.id);
        assert!(!again.is_deleted());
        assert_eq!(
            errors(store.set_budget_rate(&exchange, "USD", Some("1"))),
            [("to_currency".to_string(), "same_currency")]
        );
        assert_eq!(
            errors(store.set_budget_rate(&exchange, "KES", Some("-1"))),
            [("rate".to_string(), "rate_not_positive")]
        );
    }

    #[test]
    fn rates_and_the_reporting_currency_are_validated() {
        let mut store = demo();
        assert_eq!(store.reporting_currency().unwrap(), "USD");
        store.set_reporting_currency("eur").unwrap();
        assert_eq!(store.reporting_currency().unwrap(), "EUR");
        assert_eq!(
            errors(store.set_reporting_currency("EURO")),
            [("reporting_currency".to_string(), "unknown_currency")]
        );
        let rate = ExchangeRateData {
            rate_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 2),
            from_currency: "usd".into(),
            to_currency: "eur".into(),
            rate: "0.8620".into(),
            source: String::new(),
        };
        // The demo has EUR→USD on 2026-01-02: the same pair, either way round, is refused.
        assert_eq!(
            errors(store.save_exchange_rate(None, rate.clone())),
            [("rate_date".to_string(), "duplicate_rate")]
        );
        let later = ExchangeRateData {
            rate_date: chrono::NaiveDate::from_ymd_opt(2026, 2, 2),
            ..rate
        };
        let saved = store.save_exchange_rate(None, later).unwrap().record;
        assert_eq!(saved.data.rate, "0.862");
        assert_eq!(
            errors(store.save_exchange_rate(
                None,
                ExchangeRateData {
                    rate_date: None,
                    from_currency: "EUR".into(),
                    to_currency: "EUR".into(),
                    rate: "1,2".into(),
                    source: String::new(),
                }
            )),
            [
                ("rate_date".to_string(), "required"),
                ("to_currency".to_string(), "same_currency"),
                ("rate".to_string(), "not_a_rate"),
            ]
        );
        let entry = RateTableEntryData {
            country_code: "ke".into(),
            city: "Nairobi".into(),
            valid_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            currency: "KES".into(),
            nightly_accommodation: "15000".into(),
            daily_subsistence: "8000.5".into(),
            return_fare: String::new(),
            note: String::new(),
        };
        let saved = store
            .save_rate_table_entry(None, entry.clone())
            .unwrap()
            .record;
        assert_eq!(
            (
                &*saved.data.nightly_accommodation,
                &*saved.data.daily_subsistence
            ),
            ("15000.00", "8000.50")
        );
        assert_eq!(
            errors(store.save_rate_table_entry(
                None,
                RateTableEntryData {
                    currency: "JPY".into(),
                    nightly_accommodation: "15000.5".into(),
                    daily_subsistence: String::new(),
                    ..entry
                }
            )),
            [("nightly_accommodation".to_string(), "too_many_decimals")]
        );
    }

    #[test]
    fn accepted_proposals_are_saved_together_or_not_at_all() {
        let mut store = demo();
        let exchange = accra(&store);
        let estimate = crate::costs::estimate_from_delegation(&store, &exchange).unwrap();
        let mut lines: Vec<CostLineData> =
            estimate.proposals.iter().map(|p| p.line.clone()).collect();
        lines[1].quantity = 0;
        assert_eq!(
            errors(store.save_cost_lines(lines.clone())),
            [("lines.1.quantity".to_string(), "quantity_not_positive")]
        );
        lines[1].quantity = 1;
        let saved = store.save_cost_lines(lines).unwrap();
        assert_eq!(saved.len(), 18);
        let again = crate::costs::estimate_from_delegation(&store, &exchange).unwrap();
        assert!(again.proposals.iter().all(|p| p.already_estimated));
    }
}
