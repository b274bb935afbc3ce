//! Logistics costs and budgets (issue 6), read side: one exchange's cost view, the portfolio
//! budget roll-up under filters, and "estimate from delegation". Writes are in
//! `store::costs`; money arithmetic and the one rounding rule are in `money`.
//!
//! Conversion rule: a line is converted to the reporting currency at the exchange's fixed
//! budget rate for its currency when one is set, else at the officer's rate in force on the
//! line's date (the latest rate of the pair dated on or before it; a rate entered the other
//! way round is divided by). An undated line (an early estimate) uses the exchange's start
//! date, and with no date at all the latest rate. No rate: the line is left out of the
//! converted totals, which are marked incomplete and list the missing rates — never guessed.
//! Each converted line is rounded half away from zero to the reporting currency's minor
//! units; every total is the sum of its rounded lines.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::model::*;
use crate::money::{self, Direction, Rate};
use crate::store::records::{self, select_columns, Entity};
use crate::store::Store;
use crate::Result;

// ---- rates ------------------------------------------------------------------------------------

/// A rate as it was applied, shown beside the totals ("rates used").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RateUsed {
    pub from_currency: String,
    pub to_currency: String,
    /// The stored rate's text and the pair it was entered for.
    pub rate: String,
    pub entered_as: String,
    pub direction: Direction,
    /// The rate's date; `None` for an exchange's fixed budget rate.
    pub rate_date: Option<NaiveDate>,
    pub budget_rate: bool,
}

impl RateUsed {
    /// "1 EUR = 655.957 XOF (rate of 2026-01-02), used XOF→EUR".
    pub fn describe(&self) -> String {
        let when = match (self.budget_rate, self.rate_date) {
            (true, _) => "fixed budget rate of the exchange".to_string(),
            (false, Some(d)) => format!("rate of {d}"),
            (false, None) => "rate".to_string(),
        };
        format!(
            "1 {} ({when}), used {}→{}",
            self.entered_as, self.from_currency, self.to_currency
        )
    }
}

/// A conversion that had no rate: "XOF→EUR on or before 2026-03-02".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct MissingRate {
    pub from_currency: String,
    pub to_currency: String,
    /// The date a rate was needed on or before; `None`: any rate of the pair would do.
    pub on_or_before: Option<NaiveDate>,
    pub text: String,
}

impl MissingRate {
    fn new(from: &str, to: &str, on: Option<NaiveDate>) -> MissingRate {
        let text = match on {
            Some(d) => format!("{from}→{to} on or before {d}"),
            None => format!("{from}→{to} (no rate of this pair at all)"),
        };
        MissingRate {
            from_currency: from.to_string(),
            to_currency: to.to_string(),
            on_or_before: on,
            text,
        }
    }
}

/// One dated rate of a pair: its date, value and canonical text.
type DatedRate = (NaiveDate, Rate, String);

/// The officer's dated rates, by pair, oldest first.
#[derive(Debug, Clone, Default)]
pub struct RateBook {
    pairs: HashMap<(String, String), Vec<DatedRate>>,
}

impl RateBook {
    pub fn load(conn: &Connection) -> Result<RateBook> {
        let mut book = RateBook::default();
        for r in records::list::<ExchangeRateData>(conn, "1", &[], "t.rate_date, t.id")? {
            if let (Some(date), Ok(rate)) = (r.data.rate_date, Rate::parse(&r.data.rate)) {
                book.add(&r.data.from_currency, &r.data.to_currency, date, rate);
            }
        }
        Ok(book)
    }

    /// Only the rates that can be in force for `needs` (currency, date) into `reporting`:
    /// per need, the latest of each direction on or before the date. What an exchange's cost
    /// view reads, instead of every rate of the portfolio.
    pub fn load_needed(
        conn: &Connection,
        reporting: &str,
        needs: &[(String, Option<NaiveDate>)],
    ) -> Result<RateBook> {
        let mut book = RateBook::default();
        let mut stmt = conn.prepare_cached(
            "SELECT rate_date, rate FROM exchange_rates
              WHERE from_currency = ?1 AND to_currency = ?2 AND deleted_at IS NULL
                AND rate_date <= ?3
              ORDER BY rate_date DESC LIMIT 1",
        )?;
        let mut seen = std::collections::HashSet::new();
        for (currency, on) in needs {
            if currency == reporting || !seen.insert((currency, on)) {
                continue;
            }
            // With no date, any rate: the latest of all.
            let on_text = on.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
            for (from, to) in [
                (currency.as_str(), reporting),
                (reporting, currency.as_str()),
            ] {
                let found: Option<(String, String)> = stmt
                    .query_row(rusqlite::params![from, to, on_text], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()?;
                if let Some((date, rate)) = found {
                    if let (Ok(date), Ok(rate)) = (
                        NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
                        Rate::parse(&rate),
                    ) {
                        book.add_once(from, to, date, rate);
                    }
                }
            }
        }
        Ok(book)
    }

    fn add_once(&mut self, from: &str, to: &str, date: NaiveDate, rate: Rate) {
        let known = self
            .pairs
            .get(&(from.to_string(), to.to_string()))
            .is_some_and(|list| list.iter().any(|(d, _, _)| *d == date));
        if !known {
            self.add(from, to, date, rate);
        }
    }

    pub fn add(&mut self, from: &str, to: &str, date: NaiveDate, rate: Rate) {
        let list = self
            .pairs
            .entry((from.to_string(), to.to_string()))
            .or_default();
        list.push((date, rate, rate.text()));
        list.sort_by_key(|(d, _, _)| *d);
    }

    fn latest(&self, from: &str, to: &str, on: Option<NaiveDate>) -> Option<&DatedRate> {
        let list = self.pairs.get(&(from.to_string(), to.to_string()))?;
        match on {
            Some(day) => list.iter().rev().find(|(d, _, _)| *d <= day),
            None => list.last(),
        }
    }

    /// The rate in force on `on` for `from`→`to`, direct or inverse (the more recent of the
    /// two; the direct one on a tie).
    pub fn find(&self, from: &str, to: &str, on: Option<NaiveDate>) -> Option<(Rate, RateUsed)> {
        let direct = self.latest(from, to, on);
        let inverse = self.latest(to, from, on);
        let (entry, direction) = match (direct, inverse) {
            (Some(d), Some(i)) if i.0 > d.0 => (i, Direction::Inverse),
            (Some(d), _) => (d, Direction::Direct),
            (None, Some(i)) => (i, Direction::Inverse),
            (None, None) => return None,
        };
        let entered_as = match direction {
            Direction::Direct => format!("{from} = {} {to}", entry.2),
            Direction::Inverse => format!("{to} = {} {from}", entry.2),
        };
        Some((
            entry.1,
            RateUsed {
                from_currency: from.to_string(),
                to_currency: to.to_string(),
                rate: entry.2.clone(),
                entered_as,
                direction,
                rate_date: Some(entry.0),
                budget_rate: false,
            },
        ))
    }
}

/// Converts one line's amount (minor units of `currency`) into the reporting currency.
/// `Ok((value, rate used))`, or `Err(the missing rate)`.
pub struct Converter<'a> {
    pub book: &'a RateBook,
    pub reporting: &'a str,
    pub(crate) reporting_minor: u32,
    /// (exchange id, currency) → fixed budget rate into the reporting currency.
    budget: HashMap<(String, String), Rate>,
}

pub type Conversion = std::result::Result<(i128, Option<RateUsed>), MissingRate>;

impl<'a> Converter<'a> {
    pub fn new(book: &'a RateBook, reporting: &'a str) -> Converter<'a> {
        Converter {
            book,
            reporting,
            reporting_minor: money::currency(reporting).map_or(2, |c| c.minor_units),
            budget: HashMap::new(),
        }
    }

    pub fn add_budget_rate(&mut self, exchange_id: &str, currency: &str, rate: Rate) {
        self.budget
            .insert((exchange_id.to_string(), currency.to_string()), rate);
    }

    /// Loads the budget rates into the reporting currency (of every exchange, or of one).
    pub fn load_budget_rates(
        &mut self,
        conn: &Connection,
        exchange_id: Option<&str>,
    ) -> Result<()> {
        let rows = match exchange_id {
            Some(e) => records::list::<BudgetRateData>(
                conn,
                "t.exchange_id = ?1 AND t.to_currency = ?2",
                &[&e, &self.reporting],
                "t.id",
            )?,
            None => records::list::<BudgetRateData>(
                conn,
                "t.to_currency = ?1",
                &[&self.reporting],
                "t.id",
            )?,
        };
        for b in rows {
            if let Ok(rate) = Rate::parse(&b.data.rate) {
                self.add_budget_rate(&b.data.exchange_id, &b.data.currency, rate);
            }
        }
        Ok(())
    }

    pub fn convert(
        &self,
        exchange_id: &str,
        currency: &str,
        amount: i128,
        on: Option<NaiveDate>,
    ) -> Conversion {
        if currency == self.reporting {
            return Ok((amount, None));
        }
        let from_minor = money::currency(currency).map_or(2, |c| c.minor_units);
        if let Some(rate) = self
            .budget
            .get(&(exchange_id.to_string(), currency.to_string()))
        {
            let value = money::convert(
                amount,
                from_minor,
                self.reporting_minor,
                *rate,
                Direction::Direct,
            );
            return Ok((
                value,
                Some(RateUsed {
                    from_currency: currency.to_string(),
                    to_currency: self.reporting.to_string(),
                    rate: rate.text(),
                    entered_as: format!("{currency} = {} {}", rate.text(), self.reporting),
                    direction: Direction::Direct,
                    rate_date: None,
                    budget_rate: true,
                }),
            ));
        }
        match self.book.find(currency, self.reporting, on) {
            Some((rate, used)) => Ok((
                money::convert(
                    amount,
                    from_minor,
                    self.reporting_minor,
                    rate,
                    used.direction,
                ),
                Some(used),
            )),
            None => Err(MissingRate::new(currency, self.reporting, on)),
        }
    }
}

// ---- totals -------------------------------------------------------------------------------

/// An amount with its text in its currency's decimals ("1250.50").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amount(pub i128);

impl Amount {
    pub fn view(self, minor_units: u32) -> AmountView {
        AmountView {
            minor: i64::try_from(self.0).unwrap_or(if self.0 < 0 { i64::MIN } else { i64::MAX }),
            text: money::format_amount(self.0, minor_units),
        }
    }
}

/// An amount as the UI and exports receive it: minor units and decimal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmountView {
    pub minor: i64,
    pub text: String,
}

/// Sums by stage, in one currency, while a roll-up runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageSums {
    pub estimate: i128,
    pub committed: i128,
    pub actual: i128,
    pub lines: u64,
}

impl StageSums {
    pub fn add(&mut self, stage: CostStage, amount: i128) {
        match stage {
            CostStage::Estimate => self.estimate += amount,
            CostStage::Committed => self.committed += amount,
            CostStage::Actual => self.actual += amount,
        }
        self.lines += 1;
    }

    pub fn view(&self, minor_units: u32) -> StageTotals {
        let variance = self.actual - self.estimate;
        StageTotals {
            estimate: Amount(self.estimate).view(minor_units),
            committed: Amount(self.committed).view(minor_units),
            actual: Amount(self.actual).view(minor_units),
            variance: Amount(variance).view(minor_units),
            variance_percent: (self.estimate != 0).then(|| {
                // Tenths of a percent, rounded half away from zero like money.
                let tenths = money::round_half_away(variance * 1000, self.estimate.abs());
                format!(
                    "{}{}",
                    if tenths > 0 { "+" } else { "" },
                    money::format_amount(tenths, 1)
                )
            }),
            lines: self.lines,
        }
    }
}

/// Estimate, committed and actual, and the variance (actual − estimate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageTotals {
    pub estimate: AmountView,
    pub committed: AmountView,
    pub actual: AmountView,
    /// Actual − estimate: positive is over the estimate.
    pub variance: AmountView,
    /// The variance as a percentage of the estimate, one decimal ("+12.5"); none without one.
    pub variance_percent: Option<String>,
    pub lines: u64,
}

/// Collects the missing rates and the rates used, each once.
#[derive(Debug, Default)]
struct RateLog {
    used: Vec<RateUsed>,
    missing: Vec<MissingRate>,
    missing_lines: u64,
    seen_used: std::collections::HashSet<RateUsed>,
    seen_missing: std::collections::HashSet<MissingRate>,
}

impl RateLog {
    fn record(&mut self, conversion: &Conversion) {
        match conversion {
            Ok((_, Some(used))) => {
                if self.seen_used.insert(used.clone()) {
                    self.used.push(used.clone());
                }
            }
            Ok((_, None)) => {}
            Err(missing) => {
                self.missing_lines += 1;
                if self.seen_missing.insert(missing.clone()) {
                    self.missing.push(missing.clone());
                }
            }
        }
    }

    fn finish(mut self) -> RateLog {
        self.missing.sort();
        self.used.sort_by(|a, b| {
            (&a.from_currency, a.budget_rate, a.rate_date, &a.entered_as).cmp(&(
                &b.from_currency,
                b.budget_rate,
                b.rate_date,
                &b.entered_as,
            ))
        });
        self
    }
}

// ---- one exchange ---------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct CostLineView {
    pub line: CostLine,
    pub category_label: &'static str,
    pub stage_label: &'static str,
    /// The traveller's name, for a traveller's line.
    pub participant_name: Option<String>,
    /// Quantity × unit amount in the line's own currency.
    pub total: AmountView,
    /// The total in the reporting currency; `None` when its rate is missing.
    pub converted: Option<AmountView>,
    /// The rate used ("1 EUR = 655.957 XOF (rate of 2026-01-02), used XOF→EUR"); empty in
    /// the reporting currency itself.
    pub rate_used: String,
    /// Why it could not be converted.
    pub missing_rate: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryGroup {
    pub category: CostCategory,
    pub label: &'static str,
    /// Indexes into `ExchangeCosts::lines`.
    pub lines: Vec<usize>,
    pub totals: StageTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrencyTotals {
    pub currency: String,
    pub totals: StageTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct TravellerCosts {
    pub participant_id: String,
    pub name: String,
    pub totals: StageTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeCosts {
    pub exchange_id: String,
    pub title: String,
    pub start_date: Option<NaiveDate>,
    pub reporting_currency: String,
    pub lines: Vec<CostLineView>,
    /// Categories that have lines, in the categories' order.
    pub categories: Vec<CategoryGroup>,
    /// In the reporting currency, over the lines that could be converted.
    pub totals: StageTotals,
    /// In each line currency, unconverted.
    pub by_currency: Vec<CurrencyTotals>,
    /// The people counted as taking part (attendance not absent or withdrawn).
    pub participants: u64,
    /// Totals ÷ participants, each rounded half away from zero; none without participants.
    pub per_participant: Option<StageTotals>,
    /// Each traveller's own lines.
    pub travellers: Vec<TravellerCosts>,
    pub rates_used: Vec<RateUsed>,
    pub missing_rates: Vec<MissingRate>,
    /// False when a line could not be converted: the totals leave it out.
    pub complete: bool,
    /// The exchange's fixed budget rates into the reporting currency, by currency.
    pub budget_rates: Vec<BudgetRate>,
}

fn divide_totals(sums: &StageSums, by: u64) -> StageSums {
    let by = i128::from(by.max(1));
    StageSums {
        estimate: money::round_half_away(sums.estimate, by),
        committed: money::round_half_away(sums.committed, by),
        actual: money::round_half_away(sums.actual, by),
        lines: sums.lines,
    }
}

/// Quantity × unit amount of a stored line, in minor units.
fn line_minor(line: &CostLineData) -> i128 {
    let minor = money::currency(&line.currency).map_or(2, |c| c.minor_units);
    let unit = money::parse_amount(&line.unit_amount, minor).unwrap_or(0);
    i128::from(unit) * i128::from(line.quantity)
}

pub fn exchange_costs(store: &Store, exchange_id: &str) -> Result<ExchangeCosts> {
    let conn = store.conn();
    let exchange = records::get::<ExchangeData>(conn, exchange_id)?;
    let reporting = store.reporting_currency()?;
    let reporting_minor = money::currency(&reporting).map_or(2, |c| c.minor_units);
    let stored = records::list::<CostLineData>(
        conn,
        "t.exchange_id = ?1",
        &[&exchange_id],
        "t.category, t.cost_date, t.created_at, t.id",
    )?;
    let needs: Vec<(String, Option<NaiveDate>)> = stored
        .iter()
        .map(|l| {
            (
                l.data.currency.clone(),
                l.data.cost_date.or(exchange.data.start_date),
            )
        })
        .collect();
    let book = RateBook::load_needed(conn, &reporting, &needs)?;
    let mut converter = Converter::new(&book, &reporting);
    converter.load_budget_rates(conn, Some(exchange_id))?;

    let names: HashMap<String, String> = conn
        .prepare_cached(
            "SELECT x.id, p.name FROM participants x JOIN people p ON p.id = x.person_id
              WHERE x.exchange_id = ?1",
        )?
        .query_map([exchange_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let participants: i64 = conn.query_row(
        "SELECT count(*) FROM participants WHERE exchange_id = ?1 AND deleted_at IS NULL
           AND attendance NOT IN ('absent', 'withdrawn')",
        [exchange_id],
        |r| r.get(0),
    )?;
    let participants = u64::try_from(participants).unwrap_or(0);

    let mut log = RateLog::default();
    let mut totals = StageSums::default();
    let mut by_category: Vec<(CostCategory, Vec<usize>, StageSums)> = Vec::new();
    let mut by_currency: Vec<(String, StageSums)> = Vec::new();
    let mut by_traveller: Vec<(String, StageSums)> = Vec::new();
    let mut lines = Vec::with_capacity(stored.len());
    for (i, line) in stored.into_iter().enumerate() {
        let own_minor = money::currency(&line.data.currency).map_or(2, |c| c.minor_units);
        let amount = line_minor(&line.data);
        let on = line.data.cost_date.or(exchange.data.start_date);
        let conversion = converter.convert(exchange_id, &line.data.currency, amount, on);
        log.record(&conversion);
        match by_currency
            .iter_mut()
            .find(|(c, _)| *c == line.data.currency)
        {
            Some((_, sums)) => sums.add(line.data.stage, amount),
            None => {
                let mut sums = StageSums::default();
                sums.add(line.data.stage, amount);
                by_currency.push((line.data.currency.clone(), sums));
            }
        }
        let (converted, rate_used, missing_rate) = match &conversion {
            Ok((value, used)) => {
                totals.add(line.data.stage, *value);
                match by_category
                    .iter_mut()
                    .find(|(c, _, _)| *c == line.data.category)
                {
                    Some((_, indexes, sums)) => {
                        indexes.push(i);
                        sums.add(line.data.stage, *value);
                    }
                    None => {
                        let mut sums = StageSums::default();
                        sums.add(line.data.stage, *value);
                        by_category.push((line.data.category, vec![i], sums));
                    }
                }
                if let Some(p) = &line.data.participant_id {
                    match by_traveller.iter_mut().find(|(id, _)| id == p) {
                        Some((_, sums)) => sums.add(line.data.stage, *value),
                        None => {
                            let mut sums = StageSums::default();
                            sums.add(line.data.stage, *value);
                            by_traveller.push((p.clone(), sums));
                        }
                    }
                }
                (
                    Some(Amount(*value).view(reporting_minor)),
                    used.as_ref().map(RateUsed::describe).unwrap_or_default(),
                    None,
                )
            }
            Err(missing) => {
                if !by_category.iter().any(|(c, _, _)| *c == line.data.category) {
                    by_category.push((line.data.category, Vec::new(), StageSums::default()));
                }
                if let Some((_, indexes, _)) = by_category
                    .iter_mut()
                    .find(|(c, _, _)| *c == line.data.category)
                {
                    indexes.push(i);
                }
                (None, String::new(), Some(missing.text.clone()))
            }
        };
        lines.push(CostLineView {
            category_label: line.data.category.label(),
            stage_label: line.data.stage.label(),
            participant_name: line
                .data
                .participant_id
                .as_ref()
                .and_then(|p| names.get(p).cloned()),
            total: Amount(amount).view(own_minor),
            converted,
            rate_used,
            missing_rate,
            line,
        });
    }
    by_category.sort_by_key(|(c, _, _)| CostCategory::ALL.iter().position(|x| x == c));
    let log = log.finish();
    let budget_rates = records::list::<BudgetRateData>(
        conn,
        "t.exchange_id = ?1 AND t.to_currency = ?2",
        &[&exchange_id, &reporting],
        "t.currency",
    )?;
    Ok(ExchangeCosts {
        budget_rates,
        exchange_id: exchange.id.clone(),
        title: exchange.data.title.clone(),
        start_date: exchange.data.start_date,
        categories: by_category
            .into_iter()
            .map(|(category, lines, sums)| CategoryGroup {
                category,
                label: category.label(),
                lines,
                totals: sums.view(reporting_minor),
            })
            .collect(),
        totals: totals.view(reporting_minor),
        by_currency: by_currency
            .into_iter()
            .map(|(currency, sums)| CurrencyTotals {
                totals: sums.view(money::currency(&currency).map_or(2, |c| c.minor_units)),
                currency,
            })
            .collect(),
        participants,
        per_participant: (participants > 0)
            .then(|| divide_totals(&totals, participants).view(reporting_minor)),
        travellers: by_traveller
            .into_iter()
            .map(|(participant_id, sums)| TravellerCosts {
                name: names.get(&participant_id).cloned().unwrap_or_default(),
                participant_id,
                totals: sums.view(reporting_minor),
            })
            .collect(),
        reporting_currency: reporting,
        complete: log.missing.is_empty(),
        rates_used: log.used,
        missing_rates: log.missing,
        lines,
    })
}

// ---- the portfolio budget ----------------------------------------------------------------------

/// The budget view's filters; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetFilter {
    /// Lines dated (or, undated, whose exchange starts) on or after this day.
    pub from: Option<NaiveDate>,
    /// … and on or before this day.
    pub to: Option<NaiveDate>,
    pub partnership_id: Option<String>,
    pub exchange_id: Option<String>,
    /// The exchange's venue country, else its host member's country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Exact funder text, ignoring case.
    pub funder: Option<String>,
    pub category: Option<CostCategory>,
    pub stage: Option<CostStage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryTotals {
    pub category: CostCategory,
    pub label: &'static str,
    pub totals: StageTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedTotals {
    pub name: String,
    pub totals: StageTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeTotals {
    pub exchange_id: String,
    pub title: String,
    pub partnership_title: String,
    pub start_date: Option<NaiveDate>,
    pub totals: StageTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthTotals {
    /// "2026-06"; lines with no date at all are under "undated".
    pub month: String,
    pub totals: StageTotals,
}

/// The most exchanges listed one by one in the budget (the largest, by estimate or actual).
pub const BUDGET_EXCHANGES: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub filter: BudgetFilter,
    pub reporting_currency: String,
    pub totals: StageTotals,
    pub by_category: Vec<CategoryTotals>,
    pub by_funder: Vec<NamedTotals>,
    /// Spend over time, oldest month first.
    pub by_month: Vec<MonthTotals>,
    /// Estimate vs actual per exchange: the `BUDGET_EXCHANGES` largest, by start date.
    pub by_exchange: Vec<ExchangeTotals>,
    /// How many exchanges have lines under the filter (may exceed `by_exchange`).
    pub exchange_count: u64,
    /// Actual against estimate over the exchanges with something paid: the variance to read
    /// as "over or under budget". In `totals`, an exchange not paid yet (a future visit)
    /// counts its whole estimate as under budget.
    pub paid: PaidVariance,
    pub rates_used: Vec<RateUsed>,
    pub missing_rates: Vec<MissingRate>,
    /// Lines left out of the converted totals for want of a rate.
    pub unconverted_lines: u64,
    pub complete: bool,
}

/// The budget's totals over the exchanges with an actual (any paid line under the filter).
#[derive(Debug, Clone, Serialize)]
pub struct PaidVariance {
    /// Their estimate, committed and actual, and so their variance.
    pub totals: StageTotals,
    /// How many exchanges are compared.
    pub exchanges: u64,
    /// Exchanges with an estimate and nothing paid yet, left out of the comparison.
    pub unpaid_exchanges: u64,
}

impl PaidVariance {
    fn of(per_exchange: &[StageSums], minor_units: u32) -> PaidVariance {
        let mut paid = StageSums::default();
        let (mut exchanges, mut unpaid_exchanges) = (0, 0);
        for s in per_exchange {
            if s.actual != 0 {
                paid.estimate += s.estimate;
                paid.committed += s.committed;
                paid.actual += s.actual;
                paid.lines += s.lines;
                exchanges += 1;
            } else if s.estimate != 0 {
                unpaid_exchanges += 1;
            }
        }
        PaidVariance {
            totals: paid.view(minor_units),
            exchanges,
            unpaid_exchanges,
        }
    }
}

/// One line as the roll-up needs it.
#[derive(Debug, Clone)]
pub struct LineFact {
    pub exchange: usize,
    pub category: CostCategory,
    pub stage: CostStage,
    pub currency: String,
    pub funder: String,
    /// The line's date, else its exchange's start date.
    pub date: Option<NaiveDate>,
    /// Quantity × unit amount, minor units of `currency`.
    pub amount: i128,
}

/// The roll-up itself: pure, over the lines already chosen by the filter. `exchanges[i]` is
/// the id of exchange `i` (for budget rates).
pub fn roll_up(facts: &[LineFact], exchanges: &[String], converter: &Converter<'_>) -> RollUp {
    let mut totals = StageSums::default();
    let mut categories = vec![StageSums::default(); CostCategory::ALL.len()];
    let mut funders: HashMap<String, (String, StageSums)> = HashMap::new();
    let mut months: HashMap<String, StageSums> = HashMap::new();
    let mut per_exchange = vec![StageSums::default(); exchanges.len()];
    let mut log = RateLog::default();
    // One conversion per (exchange with a budget rate or not, currency, date): lines sharing
    // them share a rate, but each line is still converted and rounded on its own.
    for fact in facts {
        let exchange_id = exchanges
            .get(fact.exchange)
            .map(String::as_str)
            .unwrap_or("");
        let conversion = converter.convert(exchange_id, &fact.currency, fact.amount, fact.date);
        log.record(&conversion);
        let Ok((value, _)) = conversion else { continue };
        totals.add(fact.stage, value);
        if let Some(i) = CostCategory::ALL.iter().position(|c| *c == fact.category) {
            categories[i].add(fact.stage, value);
        }
        // Funders that differ only in case are one funder, like the filter treats them.
        funders
            .entry(fact.funder.to_lowercase())
            .or_insert_with(|| (fact.funder.clone(), StageSums::default()))
            .1
            .add(fact.stage, value);
        let month = fact
            .date
            .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
            .unwrap_or_else(|| "undated".to_string());
        months.entry(month).or_default().add(fact.stage, value);
        if let Some(sums) = per_exchange.get_mut(fact.exchange) {
            sums.add(fact.stage, value);
        }
    }
    let categories = CostCategory::ALL
        .iter()
        .zip(categories)
        .filter(|(_, s)| s.lines > 0)
        .map(|(c, s)| (*c, s))
        .collect();
    let mut funders: Vec<(String, StageSums)> = funders.into_values().collect();
    funders.sort_by_key(|f| f.0.to_lowercase());
    let mut months: Vec<(String, StageSums)> = months.into_iter().collect();
    months.sort_by(|a, b| a.0.cmp(&b.0));
    let log = log.finish();
    RollUp {
        totals,
        categories,
        funders,
        months,
        per_exchange,
        rates_used: log.used,
        missing_rates: log.missing,
        missing_lines: log.missing_lines,
    }
}

/// What `roll_up` adds up, in minor units of the reporting currency.
#[derive(Debug, Clone, Default)]
pub struct RollUp {
    pub totals: StageSums,
    /// Categories with lines, in the categories' order.
    pub categories: Vec<(CostCategory, StageSums)>,
    /// By funder, alphabetically.
    pub funders: Vec<(String, StageSums)>,
    /// By "YYYY-MM", oldest first ("undated" last).
    pub months: Vec<(String, StageSums)>,
    /// By exchange index.
    pub per_exchange: Vec<StageSums>,
    pub rates_used: Vec<RateUsed>,
    pub missing_rates: Vec<MissingRate>,
    pub missing_lines: u64,
}

/// The lines under `filter`, with their exchanges' ids, straight from SQL.
fn filtered_facts(
    conn: &Connection,
    filter: &BudgetFilter,
) -> Result<(Vec<LineFact>, Vec<String>)> {
    let mut conditions = vec!["l.deleted_at IS NULL".to_string()];
    let mut params: Vec<Value> = Vec::new();
    let param = |params: &mut Vec<Value>, v: Value| {
        params.push(v);
        format!("?{}", params.len())
    };
    if let Some(p) = &filter.partnership_id {
        let p = param(&mut params, Value::Text(p.clone()));
        conditions.push(format!("e.partnership_id = {p}"));
    }
    if let Some(x) = &filter.exchange_id {
        let x = param(&mut params, Value::Text(x.clone()));
        conditions.push(format!("l.exchange_id = {x}"));
    }
    if let Some(c) = &filter.country {
        let c = param(&mut params, Value::Text(c.trim().to_uppercase()));
        conditions.push(format!(
            "l.exchange_id IN (SELECT id FROM exchanges WHERE country_code = {c} AND deleted_at IS NULL
               UNION ALL SELECT x.id FROM members m JOIN exchanges x ON x.host_member_id = m.id
                WHERE m.country_code = {c} AND x.country_code IS NULL AND x.deleted_at IS NULL)"
        ));
    }
    if let Some(f) = &filter.funder {
        let f = param(&mut params, Value::Text(f.trim().to_string()));
        conditions.push(format!("l.funder = {f} COLLATE NOCASE"));
    }
    if let Some(c) = filter.category {
        let c = param(&mut params, Value::Text(c.as_str().into()));
        conditions.push(format!("l.category = {c}"));
    }
    if let Some(s) = filter.stage {
        let s = param(&mut params, Value::Text(s.as_str().into()));
        conditions.push(format!("l.stage = {s}"));
    }
    if let Some(from) = filter.from {
        let from = param(&mut params, Value::Text(from.to_string()));
        conditions.push(format!("COALESCE(l.cost_date, e.start_date) >= {from}"));
    }
    if let Some(to) = filter.to {
        let to = param(&mut params, Value::Text(to.to_string()));
        conditions.push(format!("COALESCE(l.cost_date, e.start_date) <= {to}"));
    }
    let sql = format!(
        "SELECT l.exchange_id, l.category, l.stage, l.currency, l.funder,
                COALESCE(l.cost_date, e.start_date), l.quantity, l.unit_amount
           FROM cost_lines l JOIN exchanges e ON e.id = l.exchange_id AND e.deleted_at IS NULL
          WHERE {} ORDER BY l.exchange_id",
        conditions.join(" AND ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    let mut facts = Vec::new();
    let mut exchanges: Vec<String> = Vec::new();
    while let Some(row) = rows.next()? {
        let exchange = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        if exchanges.last().map(String::as_str) != Some(exchange) {
            exchanges.push(exchange.to_string());
        }
        let (Some(category), Some(stage)) = (
            CostCategory::parse(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?),
            CostStage::parse(row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?),
        ) else {
            continue; // `peerplan check` reports the unreadable value
        };
        let date: Option<String> = row.get(5)?;
        facts.push(LineFact {
            exchange: exchanges.len() - 1,
            category,
            stage,
            currency: row.get(3)?,
            funder: row.get(4)?,
            date: date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            amount: i128::from(row.get::<_, i64>(6)?) * i128::from(row.get::<_, i64>(7)?),
        });
    }
    Ok((facts, exchanges))
}

// ---- the in-memory cost index ---------------------------------------------------------------

/// A compact copy of every live cost line, sorted by currency and date, built by one scan of
/// the database and kept by the `Store` until the next change. A budget roll-up under any
/// filter is then one pass over memory (about 24 bytes a line) instead of reading a million
/// rows back out of SQLite, which alone takes longer than the 100 ms goal.
#[derive(Debug, Default)]
pub struct CostIndex {
    exchanges: Vec<IndexedExchange>,
    exchange_ids: HashMap<String, u32>,
    currencies: Vec<String>,
    funders: Vec<String>,
    /// "YYYY-MM" of each month slot; a line's `month` indexes it (`months.len()`: undated).
    months: Vec<String>,
    lines: Vec<IndexedLine>,
    /// Line positions grouped by exchange; `exchange_lines[e]` is exchange e's range.
    by_exchange: Vec<u32>,
    exchange_lines: Vec<(u32, u32)>,
}

#[derive(Debug)]
struct IndexedExchange {
    id: String,
    partnership_id: String,
    /// The venue's country, else the host member's.
    country: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct IndexedLine {
    /// Quantity × unit amount, minor units of the line's currency.
    amount: i64,
    exchange: u32,
    /// Days since 0001-01-01 of the line's date (else its exchange's start); `NO_DATE`.
    day: i32,
    funder: u32,
    currency: u16,
    /// Slot in `CostIndex::months`.
    month: u16,
    category: u8,
    stage: u8,
}

const NO_DATE: i32 = i32::MIN;

/// An index and the `cost_index_changes` counter it was built at.
pub type CachedIndex = ((i64, u64), Arc<CostIndex>);

fn intern(list: &mut Vec<String>, map: &mut HashMap<String, u32>, text: &str) -> u32 {
    if let Some(&i) = map.get(text) {
        return i;
    }
    let i = list.len() as u32;
    list.push(text.to_string());
    map.insert(text.to_string(), i);
    i
}

impl CostIndex {
    /// The id of exchange `i` of the index ("" past the end).
    pub fn exchange_id(&self, i: u32) -> &str {
        self.exchanges.get(i as usize).map_or("", |e| e.id.as_str())
    }

    pub fn build(conn: &Connection) -> Result<CostIndex> {
        let mut index = CostIndex::default();
        let mut exchange_ids: HashMap<String, u32> = HashMap::new();
        let mut currency_ids: HashMap<String, u32> = HashMap::new();
        let mut funder_ids: HashMap<String, u32> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT e.id, e.partnership_id, COALESCE(e.country_code, m.country_code)
               FROM exchanges e LEFT JOIN members m ON m.id = e.host_member_id
              WHERE e.deleted_at IS NULL",
        )?;
        let mut starts: Vec<i32> = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            exchange_ids.insert(id.clone(), index.exchanges.len() as u32);
            index.exchanges.push(IndexedExchange {
                id,
                partnership_id: row.get(1)?,
                country: row.get(2)?,
            });
        }
        drop(rows);
        let mut stmt =
            conn.prepare("SELECT e.id, e.start_date FROM exchanges e WHERE e.deleted_at IS NULL")?;
        starts.resize(index.exchanges.len(), NO_DATE);
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if let (Some(&i), Some(day)) = (exchange_ids.get(id), day_of(row.get_ref(1)?)) {
                starts[i as usize] = day;
            }
        }
        drop(rows);
        let mut stmt = conn.prepare(
            // Every column is in the partial index `cost_lines_exchange`, so this reads the
            // index (in exchange order) rather than the whole table.
            "SELECT exchange_id, category, stage, currency, funder, cost_date, quantity, unit_amount
               FROM cost_lines WHERE deleted_at IS NULL ORDER BY exchange_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut last_exchange: Option<(String, Option<u32>)> = None;
        while let Some(row) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<&str> {
                row.get_ref(i)?.as_str().map_err(rusqlite::Error::from)
            };
            // Lines come by exchange: look the id up once per exchange, not once per line.
            let id = text(0)?;
            if last_exchange.as_ref().is_none_or(|(last, _)| last != id) {
                last_exchange = Some((id.to_string(), exchange_ids.get(id).copied()));
            }
            let Some(exchange) = last_exchange.as_ref().and_then(|(_, e)| *e) else {
                continue; // a line of a deleted exchange
            };
            let (Some(category), Some(stage)) =
                (CostCategory::parse(text(1)?), CostStage::parse(text(2)?))
            else {
                continue; // `peerplan check` reports the unreadable value
            };
            // Validation allows only ISO 4217 codes; a file with more than 65,535 distinct
            // hand-written ones is skipped past that point rather than mis-indexed.
            let Ok(currency) =
                u16::try_from(intern(&mut index.currencies, &mut currency_ids, text(3)?))
            else {
                continue;
            };
            let funder = intern(&mut index.funders, &mut funder_ids, text(4)?);
            let day = day_of(row.get_ref(5)?).unwrap_or(starts[exchange as usize]);
            let quantity: i64 = row.get(6)?;
            let unit: i64 = row.get(7)?;
            index.lines.push(IndexedLine {
                amount: quantity.saturating_mul(unit),
                exchange,
                day,
                funder,
                currency,
                category: CostCategory::ALL
                    .iter()
                    .position(|c| *c == category)
                    .unwrap_or(0) as u8,
                stage: CostStage::ALL.iter().position(|s| *s == stage).unwrap_or(0) as u8,
                month: 0,
            });
        }
        // Lines of one currency and day are together: one rate lookup per run.
        index.lines.sort_unstable_by_key(|l| (l.currency, l.day));
        // Month slots, oldest first; undated lines go in the slot after the last.
        let month_of = |day: i32| {
            NaiveDate::from_num_days_from_ce_opt(day).map(|d| d.year() * 12 + d.month0() as i32)
        };
        let mut months: Vec<i32> = index
            .lines
            .iter()
            .filter(|l| l.day != NO_DATE)
            .filter_map(|l| month_of(l.day))
            .collect();
        months.sort_unstable();
        months.dedup();
        let undated = u16::try_from(months.len()).unwrap_or(u16::MAX);
        for line in &mut index.lines {
            line.month = match month_of(line.day).filter(|_| line.day != NO_DATE) {
                Some(m) => months
                    .binary_search(&m)
                    .ok()
                    .and_then(|i| u16::try_from(i).ok())
                    .unwrap_or(undated),
                None => undated,
            };
        }
        index.months = months
            .iter()
            .map(|m| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1))
            .collect();
        // Lines by exchange, for the filters that pick a few exchanges.
        let mut counts = vec![0u32; index.exchanges.len() + 1];
        for line in &index.lines {
            counts[line.exchange as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        index.exchange_lines = counts.windows(2).map(|w| (w[0], w[1])).collect();
        let mut next = counts;
        index.by_exchange = vec![0; index.lines.len()];
        for (i, line) in index.lines.iter().enumerate() {
            let slot = &mut next[line.exchange as usize];
            index.by_exchange[*slot as usize] = i as u32;
            *slot += 1;
        }
        index.exchange_ids = exchange_ids;
        Ok(index)
    }

    /// The roll-up of the lines under `filter`, by the same rule as `roll_up`, and the
    /// exchanges with lines under it (`exchange_id` of each; in `RollUp::per_exchange` order).
    pub fn roll_up(&self, filter: &BudgetFilter, converter: &Converter<'_>) -> (RollUp, Vec<u32>) {
        let country = filter.country.as_ref().map(|c| c.trim().to_uppercase());
        let exchange_filtered =
            filter.partnership_id.is_some() || filter.exchange_id.is_some() || country.is_some();
        let exchange_in: Vec<bool> = self
            .exchanges
            .iter()
            .map(|e| {
                filter
                    .partnership_id
                    .as_ref()
                    .is_none_or(|p| *p == e.partnership_id)
                    && filter.exchange_id.as_ref().is_none_or(|x| *x == e.id)
                    && country
                        .as_ref()
                        .is_none_or(|c| e.country.as_ref() == Some(c))
            })
            .collect();
        let funder_in: Vec<bool> = match &filter.funder {
            Some(f) => {
                let f = f.trim().to_lowercase();
                self.funders.iter().map(|x| x.to_lowercase() == f).collect()
            }
            None => vec![true; self.funders.len()],
        };
        let category = filter
            .category
            .and_then(|c| CostCategory::ALL.iter().position(|x| *x == c))
            .map(|i| i as u8);
        let stage = filter
            .stage
            .and_then(|s| CostStage::ALL.iter().position(|x| *x == s))
            .map(|i| i as u8);
        let from = filter.from.map(|d| d.num_days_from_ce());
        let to = filter.to.map(|d| d.num_days_from_ce());
        let rates = PreparedRates::new(self, converter);

        let mut totals = StageSums::default();
        let mut categories = vec![StageSums::default(); CostCategory::ALL.len()];
        let mut funders = vec![StageSums::default(); self.funders.len()];
        let mut months = vec![StageSums::default(); self.months.len() + 1];
        let mut per_exchange = vec![ExchangeSums::default(); self.exchanges.len()];
        // Exchanges with lines under the filter, converted or not.
        let mut touched = vec![false; self.exchanges.len()];
        let mut used = vec![false; rates.used.len()];
        let mut missing: std::collections::HashSet<(u16, i32)> = Default::default();
        let mut missing_lines = 0u64;
        // The conversion in force for the current run of lines of one currency and day.
        let mut run: Option<(u16, i32, Option<Prepared>)> = None;
        let mut add_line = |line: &IndexedLine| {
            if !funder_in[line.funder as usize]
                || category.is_some_and(|c| c != line.category)
                || stage.is_some_and(|s| s != line.stage)
                || from.is_some_and(|f| line.day == NO_DATE || line.day < f)
                || to.is_some_and(|t| line.day == NO_DATE || line.day > t)
            {
                return;
            }
            touched[line.exchange as usize] = true;
            let value = if rates.is_reporting[line.currency as usize] {
                i128::from(line.amount)
            } else {
                let budget = if rates.has_budget[line.exchange as usize] {
                    rates.budget.get(&(line.exchange, line.currency))
                } else {
                    None
                };
                let conversion = match budget {
                    Some(budget) => Some(*budget),
                    None => {
                        let same =
                            matches!(run, Some((c, d, _)) if c == line.currency && d == line.day);
                        if !same {
                            run = Some((
                                line.currency,
                                line.day,
                                rates.find(line.currency, line.day),
                            ));
                        }
                        run.and_then(|(_, _, c)| c)
                    }
                };
                match conversion {
                    Some((factor, rate)) => {
                        used[rate as usize] = true;
                        factor.apply(line.amount)
                    }
                    None => {
                        missing.insert((line.currency, line.day));
                        missing_lines += 1;
                        return;
                    }
                }
            };
            let stage = CostStage::ALL[line.stage as usize];
            totals.add(stage, value);
            categories[line.category as usize].add(stage, value);
            funders[line.funder as usize].add(stage, value);
            months[line.month as usize].add(stage, value);
            per_exchange[line.exchange as usize].add(line.stage, value);
        };
        if exchange_filtered {
            // Few exchanges: their lines only, through the lines-by-exchange list.
            for (e, included) in exchange_in.iter().enumerate() {
                if *included {
                    let (start, end) = self.exchange_lines[e];
                    for &i in &self.by_exchange[start as usize..end as usize] {
                        add_line(&self.lines[i as usize]);
                    }
                }
            }
        } else {
            for line in &self.lines {
                add_line(line);
            }
        }

        let categories = CostCategory::ALL
            .iter()
            .zip(categories)
            .filter(|(_, s)| s.lines > 0)
            .map(|(c, s)| (*c, s))
            .collect();
        // Funders that differ only in case are one funder, like the filter treats them.
        let mut by_funder: HashMap<String, (String, StageSums)> = HashMap::new();
        for (name, sums) in self
            .funders
            .iter()
            .zip(funders)
            .filter(|(_, s)| s.lines > 0)
        {
            let entry = by_funder
                .entry(name.to_lowercase())
                .or_insert_with(|| (name.clone(), StageSums::default()));
            entry.1.estimate += sums.estimate;
            entry.1.committed += sums.committed;
            entry.1.actual += sums.actual;
            entry.1.lines += sums.lines;
        }
        let mut funders: Vec<(String, StageSums)> = by_funder.into_values().collect();
        funders.sort_by_key(|f| f.0.to_lowercase());
        let months = self
            .months
            .iter()
            .map(String::as_str)
            .chain(["undated"])
            .zip(months)
            .filter(|(_, s)| s.lines > 0)
            .map(|(m, s)| (m.to_string(), s))
            .collect();
        let mut ids = Vec::new();
        let mut sums = Vec::new();
        for (i, (s, touched)) in per_exchange.into_iter().zip(touched).enumerate() {
            if touched {
                ids.push(i as u32);
                sums.push(s.sums());
            }
        }
        let log = RateLog {
            used: rates
                .used
                .into_iter()
                .zip(used)
                .filter(|(_, u)| *u)
                .map(|(r, _)| r)
                .collect(),
            missing: missing
                .into_iter()
                .map(|(c, day)| {
                    let date = (day != NO_DATE)
                        .then(|| NaiveDate::from_num_days_from_ce_opt(day))
                        .flatten();
                    MissingRate::new(&self.currencies[c as usize], converter.reporting, date)
                })
                .collect(),
            missing_lines,
            ..Default::default()
        }
        .finish();
        (
            RollUp {
                totals,
                categories,
                funders,
                months,
                per_exchange: sums,
                rates_used: log.used,
                missing_rates: log.missing,
                missing_lines: log.missing_lines,
            },
            ids,
        )
    }
}

/// Per-exchange sums while the index rolls up: 64-bit, half the size of `StageSums`, so the
/// 100,000 exchanges' sums stay in cache. One exchange's lines are bounded by validation
/// (each line at most 10^12 major units) far below `i64::MAX` in practice; a sum that would
/// overflow saturates rather than wraps.
#[derive(Debug, Clone, Copy, Default)]
struct ExchangeSums {
    by_stage: [i64; 3],
    lines: u64,
}

impl ExchangeSums {
    fn add(&mut self, stage: u8, value: i128) {
        let value = i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX });
        let slot = &mut self.by_stage[usize::from(stage).min(2)];
        *slot = slot.saturating_add(value);
        self.lines += 1;
    }

    fn sums(self) -> StageSums {
        StageSums {
            estimate: i128::from(self.by_stage[0]),
            committed: i128::from(self.by_stage[1]),
            actual: i128::from(self.by_stage[2]),
            lines: self.lines,
        }
    }
}

/// A conversion ready to apply and the index of its `RateUsed`.
type Prepared = (money::Factor, u32);

/// The rates of one roll-up, prepared against the index's currencies: per currency a
/// timeline of (first day, conversion factor, rate used), and the exchanges' budget rates.
struct PreparedRates {
    is_reporting: Vec<bool>,
    timelines: Vec<Vec<(i32, money::Factor, u32)>>,
    budget: HashMap<(u32, u16), Prepared>,
    /// By exchange index: whether `budget` has an entry for it (most have none).
    has_budget: Vec<bool>,
    used: Vec<RateUsed>,
}

impl PreparedRates {
    fn new(index: &CostIndex, converter: &Converter<'_>) -> PreparedRates {
        let reporting = converter.reporting;
        let to_minor = converter.reporting_minor;
        let mut used = Vec::new();
        let mut timelines = Vec::with_capacity(index.currencies.len());
        for currency in &index.currencies {
            let from_minor = money::currency(currency).map_or(2, |c| c.minor_units);
            // Both directions, by date; on a tie the direct rate comes last and so wins, as
            // in `RateBook::find`.
            let mut entries: Vec<(NaiveDate, bool, Rate, String)> = Vec::new();
            for (pair, direct) in [
                ((currency.clone(), reporting.to_string()), true),
                ((reporting.to_string(), currency.clone()), false),
            ] {
                for (date, rate, text) in converter.book.pairs.get(&pair).into_iter().flatten() {
                    entries.push((*date, direct, *rate, text.clone()));
                }
            }
            entries.sort_by_key(|(date, direct, _, _)| (*date, *direct));
            let timeline = entries
                .into_iter()
                .map(|(date, direct, rate, text)| {
                    let direction = if direct {
                        Direction::Direct
                    } else {
                        Direction::Inverse
                    };
                    used.push(RateUsed {
                        from_currency: currency.clone(),
                        to_currency: reporting.to_string(),
                        entered_as: if direct {
                            format!("{currency} = {text} {reporting}")
                        } else {
                            format!("{reporting} = {text} {currency}")
                        },
                        rate: text,
                        direction,
                        rate_date: Some(date),
                        budget_rate: false,
                    });
                    (
                        date.num_days_from_ce(),
                        money::Factor::new(from_minor, to_minor, rate, direction),
                        (used.len() - 1) as u32,
                    )
                })
                .collect();
            timelines.push(timeline);
        }
        let currency_ids: HashMap<&str, u16> = index
            .currencies
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i as u16))
            .collect();
        let mut budget = HashMap::new();
        for ((exchange, currency), rate) in &converter.budget {
            let (Some(&e), Some(&c)) = (
                index.exchange_ids.get(exchange.as_str()),
                currency_ids.get(currency.as_str()),
            ) else {
                continue;
            };
            let from_minor = money::currency(currency).map_or(2, |c| c.minor_units);
            used.push(RateUsed {
                from_currency: currency.clone(),
                to_currency: reporting.to_string(),
                rate: rate.text(),
                entered_as: format!("{currency} = {} {reporting}", rate.text()),
                direction: Direction::Direct,
                rate_date: None,
                budget_rate: true,
            });
            budget.insert(
                (e, c),
                (
                    money::Factor::new(from_minor, to_minor, *rate, Direction::Direct),
                    (used.len() - 1) as u32,
                ),
            );
        }
        let mut has_budget = vec![false; index.exchanges.len()];
        for (exchange, _) in budget.keys() {
            has_budget[*exchange as usize] = true;
        }
        PreparedRates {
            has_budget,
            is_reporting: index.currencies.iter().map(|c| c == reporting).collect(),
            timelines,
            budget,
            used,
        }
    }

    /// The rate in force on `day` (the latest on or before it; with no date, the latest).
    fn find(&self, currency: u16, day: i32) -> Option<Prepared> {
        let timeline = self.timelines.get(currency as usize)?;
        let found = if day == NO_DATE {
            timeline.last()
        } else {
            let after = timeline.partition_point(|(d, _, _)| *d <= day);
            after.checked_sub(1).and_then(|i| timeline.get(i))
        };
        found.map(|(_, factor, used)| (*factor, *used))
    }
}

fn day_of(value: rusqlite::types::ValueRef<'_>) -> Option<i32> {
    let text = value.as_str().ok()?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|d| d.num_days_from_ce())
}

impl Store {
    /// The cost index as of now: the cached one, or a new one if anything changed.
    pub fn cost_index(&self) -> Result<Arc<CostIndex>> {
        let key = self.cost_index_key()?;
        let mut cache = self
            .cost_index
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((built_at, index)) = cache.as_ref() {
            if *built_at == key {
                return Ok(Arc::clone(index));
            }
        }
        let index = Arc::new(CostIndex::build(self.conn())?);
        *cache = Some((key, Arc::clone(&index)));
        Ok(index)
    }
}

impl Store {
    /// Moves with every change to what the cost index copies (a trigger-kept counter, see
    /// migrations/0004), so saving a person or an agenda session keeps the index.
    fn cost_index_key(&self) -> Result<(i64, u64)> {
        let n: i64 =
            self.conn()
                .query_row("SELECT n FROM cost_index_changes WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
        Ok((n, 0))
    }
}

pub fn budget(store: &Store, filter: &BudgetFilter) -> Result<Budget> {
    let conn = store.conn();
    let reporting = store.reporting_currency()?;
    let book = RateBook::load(conn)?;
    let mut converter = Converter::new(&book, &reporting);
    converter.load_budget_rates(conn, filter.exchange_id.as_deref())?;
    let index = store.cost_index()?;
    let (roll, exchanges) = index.roll_up(filter, &converter);
    budget_view(conn, filter, &reporting, roll, |i| {
        index.exchange_id(exchanges[i])
    })
}

/// The budget by the plain SQL path (`roll_up` over the filtered lines): the reference the
/// index is tested against.
pub fn budget_without_index(store: &Store, filter: &BudgetFilter) -> Result<Budget> {
    let conn = store.conn();
    let reporting = store.reporting_currency()?;
    let book = RateBook::load(conn)?;
    let mut converter = Converter::new(&book, &reporting);
    converter.load_budget_rates(conn, filter.exchange_id.as_deref())?;
    let (facts, exchanges) = filtered_facts(conn, filter)?;
    let roll = roll_up(&facts, &exchanges, &converter);
    budget_view(conn, filter, &reporting, roll, |i| exchanges[i].as_str())
}

/// The `Budget` from a roll-up; `id_of(i)` is the id of `roll.per_exchange[i]`'s exchange.
fn budget_view<'a>(
    conn: &Connection,
    filter: &BudgetFilter,
    reporting: &str,
    roll: RollUp,
    id_of: impl Fn(usize) -> &'a str,
) -> Result<Budget> {
    let minor = money::currency(reporting).map_or(2, |c| c.minor_units);
    let RollUp {
        totals,
        categories,
        funders,
        months,
        per_exchange,
        rates_used,
        missing_rates,
        missing_lines,
    } = roll;

    // The largest exchanges (by estimate or actual, then id), then by start date for the
    // chart. Only those are looked up; no string is built for the others.
    let size = |i: usize| {
        let s = &per_exchange[i];
        s.estimate.max(s.actual)
    };
    let larger_first = |a: &usize, b: &usize| {
        size(*b)
            .cmp(&size(*a))
            .then_with(|| id_of(*a).cmp(id_of(*b)))
    };
    let mut order: Vec<usize> = (0..per_exchange.len()).collect();
    if order.len() > BUDGET_EXCHANGES {
        order.select_nth_unstable_by(BUDGET_EXCHANGES, larger_first);
        order.truncate(BUDGET_EXCHANGES);
    }
    order.sort_by(larger_first);
    let mut by_exchange = Vec::with_capacity(order.len());
    let mut stmt = conn.prepare_cached(
        "SELECT e.title, e.start_date, p.title FROM exchanges e
           JOIN partnerships p ON p.id = e.partnership_id WHERE e.id = ?1",
    )?;
    for i in order {
        let id = id_of(i);
        let (title, start, partnership): (String, Option<String>, String) =
            stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        by_exchange.push(ExchangeTotals {
            exchange_id: id.to_string(),
            title,
            partnership_title: partnership,
            start_date: start.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            totals: per_exchange[i].view(minor),
        });
    }
    by_exchange.sort_by(|a, b| {
        (a.start_date, &a.title, &a.exchange_id).cmp(&(b.start_date, &b.title, &b.exchange_id))
    });
    let exchange_count = per_exchange.len() as u64;
    let paid = PaidVariance::of(&per_exchange, minor);

    Ok(Budget {
        filter: filter.clone(),
        totals: totals.view(minor),
        by_category: categories
            .into_iter()
            .map(|(category, s)| CategoryTotals {
                category,
                label: category.label(),
                totals: s.view(minor),
            })
            .collect(),
        by_funder: funders
            .into_iter()
            .map(|(name, s)| NamedTotals {
                name: if name.is_empty() {
                    "(no funder)".into()
                } else {
                    name
                },
                totals: s.view(minor),
            })
            .collect(),
        by_month: months
            .into_iter()
            .map(|(month, s)| MonthTotals {
                month,
                totals: s.view(minor),
            })
            .collect(),
        by_exchange,
        exchange_count,
        paid,
        complete: missing_rates.is_empty(),
        rates_used,
        missing_rates,
        unconverted_lines: missing_lines,
        reporting_currency: reporting.to_string(),
    })
}

/// The lines under a filter, for the exports (every line, each with its conversion).
pub fn budget_lines(store: &Store, filter: &BudgetFilter) -> Result<Vec<ExportLine>> {
    let conn = store.conn();
    let reporting = store.reporting_currency()?;
    let reporting_minor = money::currency(&reporting).map_or(2, |c| c.minor_units);
    let book = RateBook::load(conn)?;
    let mut converter = Converter::new(&book, &reporting);
    converter.load_budget_rates(conn, filter.exchange_id.as_deref())?;
    // The same filter as the roll-up chooses the exchanges; each one's lines are then read
    // whole and filtered by `line_matches`.
    let (_, exchanges) = filtered_facts(conn, filter)?;
    if exchanges.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let sql = format!(
        "SELECT {}, e.title, e.start_date, pa.title, pe.name
           FROM cost_lines t JOIN exchanges e ON e.id = t.exchange_id
           JOIN partnerships pa ON pa.id = e.partnership_id
           LEFT JOIN participants x ON x.id = t.participant_id
           LEFT JOIN people pe ON pe.id = x.person_id
          WHERE t.deleted_at IS NULL AND t.exchange_id = ?1
          ORDER BY t.cost_date, t.category, t.id",
        select_columns::<CostLineData>("t")
    );
    let n = CostLineData::FIELDS.len() + 5;
    let mut stmt = conn.prepare_cached(&sql)?;
    for exchange_id in &exchanges {
        let rows = stmt
            .query_map([exchange_id], |row| {
                Ok((
                    records::record_from_row::<CostLineData>(row, 0)?,
                    row.get::<_, String>(n)?,
                    row.get::<_, Option<String>>(n + 1)?,
                    row.get::<_, String>(n + 2)?,
                    row.get::<_, Option<String>>(n + 3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (line, title, start, partnership, traveller) in rows {
            let start = start.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            let d = &line.data;
            let on = d.cost_date.or(start);
            if !line_matches(d, on, filter) {
                continue;
            }
            let own_minor = money::currency(&d.currency).map_or(2, |c| c.minor_units);
            let amount = line_minor(d);
            let conversion = converter.convert(exchange_id, &d.currency, amount, on);
            let (converted, rate) = match &conversion {
                Ok((v, used)) => (
                    Some(*v),
                    used.as_ref().map(RateUsed::describe).unwrap_or_default(),
                ),
                Err(m) => (None, format!("missing: {}", m.text)),
            };
            out.push(ExportLine {
                partnership: partnership.clone(),
                exchange: title.clone(),
                exchange_start: start,
                category: d.category,
                description: d.description.clone(),
                traveller: traveller.clone().unwrap_or_default(),
                quantity: d.quantity,
                unit_amount: d.unit_amount.clone(),
                currency: d.currency.clone(),
                currency_minor: own_minor,
                total: amount,
                stage: d.stage,
                funder: d.funder.clone(),
                cost_date: d.cost_date,
                reference: d.reference.clone(),
                converted,
                reporting_minor,
                rate,
                id: line.id.clone(),
            });
        }
    }
    Ok(out)
}

/// The filters that are about the line itself (the exchange's ones were applied in SQL).
fn line_matches(d: &CostLineData, on: Option<NaiveDate>, f: &BudgetFilter) -> bool {
    f.category.is_none_or(|c| c == d.category)
        && f.stage.is_none_or(|s| s == d.stage)
        && f.funder
            .as_ref()
            .is_none_or(|x| x.trim().to_lowercase() == d.funder.to_lowercase())
        && f.from.is_none_or(|from| on.is_some_and(|o| o >= from))
        && f.to.is_none_or(|to| on.is_some_and(|o| o <= to))
}

/// One line of the CSV and XLSX exports.
#[derive(Debug, Clone, Serialize)]
pub struct ExportLine {
    pub id: String,
    pub partnership: String,
    pub exchange: String,
    pub exchange_start: Option<NaiveDate>,
    pub category: CostCategory,
    pub description: String,
    pub traveller: String,
    pub quantity: i64,
    pub unit_amount: String,
    pub currency: String,
    pub currency_minor: u32,
    /// Quantity × unit amount, minor units of `currency`.
    pub total: i128,
    pub stage: CostStage,
    pub funder: String,
    pub cost_date: Option<NaiveDate>,
    pub reference: String,
    /// Minor units of the reporting currency; `None` when the rate is missing.
    pub converted: Option<i128>,
    pub reporting_minor: u32,
    pub rate: String,
}

/// The officer's dated rates, oldest first (for `peerplan rate list` and Settings).
pub fn list_exchange_rates(store: &Store) -> Result<Vec<ExchangeRate>> {
    records::list::<ExchangeRateData>(
        store.conn(),
        "1",
        &[],
        "t.rate_date, t.from_currency, t.to_currency, t.id",
    )
}

/// The per-diem / rate table, by place and date.
pub fn list_rate_table(store: &Store) -> Result<Vec<RateTableEntry>> {
    records::list::<RateTableEntryData>(
        store.conn(),
        "1",
        &[],
        "t.country_code, t.city, t.valid_from, t.id",
    )
}

// ---- estimate from delegation ---------------------------------------------------------------

/// A proposed, unsaved line and where its amount came from.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub line: CostLineData,
    pub traveller: String,
    /// "Rate table: Accra, Ghana (GH) from 2026-01-01, 95.00 USD a night", or why none.
    pub basis: String,
    /// False: no rate was found; the amount is left empty for the officer to fill in.
    pub rate_found: bool,
    /// The exchange already has an estimate of this category for this traveller.
    pub already_estimated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DelegationEstimate {
    pub exchange_id: String,
    /// Nights per traveller: the exchange's days (arriving the evening before, leaving after
    /// the last day).
    pub nights: i64,
    /// Per-diem days: the nights plus one (the travel day home).
    pub days: i64,
    pub travellers: usize,
    pub proposals: Vec<Proposal>,
    /// Why nothing or less was proposed (a virtual exchange, no dates, no venue country).
    pub notes: Vec<String>,
}

/// The rate table entry for a place on a day: the city's own entry if there is one, else the
/// country's; the latest valid on that day.
pub fn rate_table_entry_for<'a>(
    entries: &'a [RateTableEntry],
    country: &str,
    city: &str,
    on: NaiveDate,
) -> Option<&'a RateTableEntry> {
    let valid = |e: &&RateTableEntry| {
        e.data.country_code == country && e.data.valid_from.is_some_and(|d| d <= on)
    };
    let city = city.trim().to_lowercase();
    let latest = |city_match: bool| {
        entries
            .iter()
            .filter(valid)
            .filter(|e| {
                if city_match {
                    !city.is_empty() && e.data.city.to_lowercase() == city
                } else {
                    e.data.city.is_empty()
                }
            })
            .max_by_key(|e| e.data.valid_from)
    };
    latest(true).or_else(|| latest(false))
}

fn place_label(entry: &RateTableEntry) -> String {
    let country = crate::countries::label(&entry.data.country_code);
    if entry.data.city.is_empty() {
        country
    } else {
        format!("{}, {country}", entry.data.city)
    }
}

pub fn estimate_from_delegation(store: &Store, exchange_id: &str) -> Result<DelegationEstimate> {
    let conn = store.conn();
    let exchange = records::get::<ExchangeData>(conn, exchange_id)?;
    let e = &exchange.data;
    let mut notes = Vec::new();
    let mut out = DelegationEstimate {
        exchange_id: exchange.id.clone(),
        nights: 0,
        days: 0,
        travellers: 0,
        proposals: Vec::new(),
        notes: Vec::new(),
    };
    if !e.format.has_host() {
        out.notes
            .push("a virtual exchange has no travel, accommodation or per diem".into());
        return Ok(out);
    }
    let host_country = match &e.host_member_id {
        Some(m) => records::find::<MemberData>(conn, m)?.map(|m| m.data.country_code),
        None => None,
    };
    let Some(venue_country) = e.country_code.clone().or(host_country) else {
        out.notes
            .push("the exchange has no venue country or host member, so no rate applies".into());
        return Ok(out);
    };
    let (Some(start), Some(end)) = (e.start_date, e.end_date.or(e.start_date)) else {
        out.notes
            .push("the exchange has no dates, so nights and days cannot be counted".into());
        return Ok(out);
    };
    let nights = (end - start).num_days() + 1;
    let days = nights + 1;
    out.nights = nights;
    out.days = days;
    let entries = records::list::<RateTableEntryData>(conn, "1", &[], "t.valid_from, t.id")?;
    let existing = records::list::<CostLineData>(
        conn,
        "t.exchange_id = ?1 AND t.stage = 'estimate'",
        &[&exchange_id],
        "t.id",
    )?;
    let members: HashMap<String, String> =
        records::list::<MemberData>(conn, "t.partnership_id = ?1", &[&e.partnership_id], "t.id")?
            .into_iter()
            .map(|m| (m.id, m.data.country_code))
            .collect();
    let sql = format!(
        "SELECT {}, p.name, p.country_code FROM participants t JOIN people p ON p.id = t.person_id
          WHERE t.exchange_id = ?1 AND t.deleted_at IS NULL ORDER BY p.name COLLATE NOCASE, t.id",
        select_columns::<ParticipantData>("t")
    );
    let n = ParticipantData::FIELDS.len() + 5;
    let travellers: Vec<(Participant, String, Option<String>)> = conn
        .prepare_cached(&sql)?
        .query_map([exchange_id], |row| {
            Ok((
                records::record_from_row::<ParticipantData>(row, 0)?,
                row.get(n)?,
                row.get(n + 1)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(p, _, _)| {
            p.data.attendance.counts()
                && p.data.role != ParticipantRole::Host
                && (p.data.member_id.is_none() || p.data.member_id != e.host_member_id)
        })
        .collect();
    out.travellers = travellers.len();
    let venue = rate_table_entry_for(&entries, &venue_country, &e.city, start);
    let venue_where = if e.city.trim().is_empty() {
        crate::countries::label(&venue_country)
    } else {
        format!(
            "{}, {}",
            e.city.trim(),
            crate::countries::label(&venue_country)
        )
    };
    for (participant, name, person_country) in &travellers {
        let origin = participant
            .data
            .member_id
            .as_ref()
            .and_then(|m| members.get(m).cloned())
            .or_else(|| person_country.clone());
        let already = |category: CostCategory| {
            existing.iter().any(|l| {
                l.data.category == category
                    && l.data.participant_id.as_deref() == Some(participant.id.as_str())
            })
        };
        let line = |category: CostCategory, quantity: i64, description: String| CostLineData {
            exchange_id: exchange.id.clone(),
            category,
            description,
            participant_id: Some(participant.id.clone()),
            quantity,
            unit_amount: String::new(),
            currency: String::new(),
            stage: CostStage::Estimate,
            funder: "Network".into(),
            cost_date: Some(start),
            reference: String::new(),
        };
        // International travel, from the traveller's origin's entry.
        match &origin {
            Some(o) if *o != venue_country => {
                let mut proposal = Proposal {
                    line: line(
                        CostCategory::InternationalTravel,
                        1,
                        format!("Return fare {}–{venue_where}", crate::countries::label(o)),
                    ),
                    traveller: name.clone(),
                    basis: format!(
                        "no return fare in the rate table for {} valid on {start}",
                        crate::countries::label(o)
                    ),
                    rate_found: false,
                    already_estimated: already(CostCategory::InternationalTravel),
                };
                if let Some(entry) = rate_table_entry_for(&entries, o, "", start)
                    .filter(|x| !x.data.return_fare.is_empty())
                {
                    proposal.line.unit_amount = entry.data.return_fare.clone();
                    proposal.line.currency = entry.data.currency.clone();
                    proposal.basis = format!(
                        "rate table: {} from {}, return fare {} {}",
                        place_label(entry),
                        entry
                            .data
                            .valid_from
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        entry.data.return_fare,
                        entry.data.currency
                    );
                    proposal.rate_found = true;
                }
                out.proposals.push(proposal);
            }
            Some(_) => {}
            None => notes.push(format!(
                "{name} has no member or country, so no international fare was proposed"
            )),
        }
        for (category, quantity, unit_of, field_of, what) in [
            (
                CostCategory::Accommodation,
                nights,
                "night",
                (|x: &RateTableEntryData| x.nightly_accommodation.clone())
                    as fn(&RateTableEntryData) -> String,
                "nightly accommodation",
            ),
            (
                CostCategory::PerDiem,
                days,
                "day",
                |x: &RateTableEntryData| x.daily_subsistence.clone(),
                "daily subsistence",
            ),
        ] {
            let mut proposal = Proposal {
                line: line(
                    category,
                    quantity,
                    format!(
                        "{quantity} {unit_of}{} in {venue_where}",
                        if quantity == 1 { "" } else { "s" }
                    ),
                ),
                traveller: name.clone(),
                basis: format!("no {what} in the rate table for {venue_where} valid on {start}"),
                rate_found: false,
                already_estimated: already(category),
            };
            if let Some(entry) = venue.filter(|x| !field_of(&x.data).is_empty()) {
                let amount = field_of(&entry.data);
                proposal.basis = format!(
                    "rate table: {} from {}, {amount} {} a {unit_of}",
                    place_label(entry),
                    entry
                        .data
                        .valid_from
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    entry.data.currency
                );
                proposal.line.unit_amount = amount;
                proposal.line.currency = entry.data.currency.clone();
                proposal.rate_found = true;
            }
            out.proposals.push(proposal);
        }
    }
    if travellers.is_empty() {
        notes.push("nobody travels: every participant is a host or absent".into());
    }
    out.notes = notes;
    Ok(out)
}

/// Funders to suggest when entering a line: the usual payers of peer-learning logistics,
/// then every funder already used, each once, by how often it is used.
pub fn funder_suggestions(store: &Store) -> Result<Vec<String>> {
    let mut out: Vec<String> = [
        "The network",
        "Host member",
        "Visiting member",
        "Another donor",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut stmt = store.conn().prepare_cached(
        "SELECT funder FROM cost_lines WHERE deleted_at IS NULL AND funder <> ''
          GROUP BY funder ORDER BY count(*) DESC, funder LIMIT 50",
    )?;
    for funder in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let funder = funder?;
        if !out.iter().any(|f| f.eq_ignore_ascii_case(&funder)) {
            out.push(funder);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::load(&mut store).unwrap();
        store
    }

    fn exchange(store: &Store, title: &str) -> String {
        store
            .conn()
            .query_row("SELECT id FROM exchanges WHERE title = ?1", [title], |r| {
                r.get(0)
            })
            .unwrap()
    }

    const ACCRA: &str = "Study visit: Ghana's NAP indicator framework";
    const BARCELONA: &str = "Thematic workshop: superblocks and green corridors";
    const MONROVIA: &str = "Scoping visit to Monrovia";

    /// (estimate, committed, actual, variance) as texts.
    fn texts(t: &StageTotals) -> (&str, &str, &str, &str) {
        (
            &t.estimate.text,
            &t.committed.text,
            &t.actual.text,
            &t.variance.text,
        )
    }

    // Hand-computed (see the comments): every converted line rounded half away from zero to
    // cents, then summed.
    #[test]
    fn the_accra_visit_rolls_up_to_hand_computed_totals() {
        let store = demo();
        let costs = exchange_costs(&store, &exchange(&store, ACCRA)).unwrap();
        assert_eq!(costs.reporting_currency, "USD");
        // Estimates: 4750 + 780 + 2610 + 1920 + 43500 GHS / 10.95 (3972.60)
        //   + 9800 GHS / 10.95 (894.98) + 150 + 1350 = 16427.58.
        // Actuals: 4 × 118400 KES / 129.2 (916.41 each) + 131150 / 129.2 (1015.09) + 812.40
        //   + 2736 + 1920 + 45600 GHS / 10.4 (4384.62, June's rate) + 11250 / 10.4 (1081.73)
        //   + 150 + 1350 = 17115.48.
        assert_eq!(
            texts(&costs.totals),
            ("16427.58", "1200.00", "17115.48", "687.90")
        );
        assert_eq!(costs.totals.variance_percent.as_deref(), Some("+4.2"));
        assert!(costs.complete && costs.missing_rates.is_empty());
        assert_eq!(costs.participants, 10);
        let per = costs.per_participant.as_ref().unwrap();
        assert_eq!(
            (&*per.estimate.text, &*per.actual.text),
            ("1642.76", "1711.55")
        );
        let mutua = costs
            .travellers
            .iter()
            .find(|t| t.name == "Peter Mutua")
            .unwrap();
        assert_eq!(mutua.totals.actual.text, "1015.09");
        let venue = costs
            .categories
            .iter()
            .find(|c| c.category == CostCategory::VenueCatering)
            .unwrap();
        assert_eq!(
            (&*venue.totals.estimate.text, &*venue.totals.actual.text),
            ("3972.60", "4384.62")
        );
        let ghs = costs
            .by_currency
            .iter()
            .find(|c| c.currency == "GHS")
            .unwrap();
        assert_eq!(ghs.totals.actual.text, "56850.00");
        let ghs_rates: Vec<Option<NaiveDate>> = costs
            .rates_used
            .iter()
            .filter(|r| r.from_currency == "GHS")
            .map(|r| r.rate_date)
            .collect();
        assert_eq!(
            ghs_rates,
            vec![
                NaiveDate::from_ymd_opt(2026, 1, 2),
                NaiveDate::from_ymd_opt(2026, 6, 1)
            ]
        );
        assert!(costs
            .rates_used
            .iter()
            .all(|r| r.direction == Direction::Inverse));
        // The categories come in their fixed order and hold every line.
        let held: usize = costs.categories.iter().map(|c| c.lines.len()).sum();
        assert_eq!(held, costs.lines.len());
        assert_eq!(
            costs.categories[0].category,
            CostCategory::InternationalTravel
        );
    }

    #[test]
    fn a_fixed_budget_rate_replaces_the_dated_rates() {
        let store = demo();
        let costs = exchange_costs(&store, &exchange(&store, BARCELONA)).unwrap();
        // 6600 + (3240 + 2280 + 7200 + 3600) EUR × 1.08 = 24225.60;
        // 6195.60 + (3087 + 2280 + 7950 + 3600 + 1350) EUR × 1.08 = 25923.96.
        assert_eq!(
            texts(&costs.totals),
            ("24225.60", "0.00", "25923.96", "1698.36")
        );
        assert_eq!(costs.rates_used.len(), 1);
        assert!(costs.rates_used[0].budget_rate);
        assert_eq!(costs.rates_used[0].rate, "1.08");
    }

    #[test]
    fn a_missing_rate_makes_the_total_incomplete_and_says_which() {
        let store = demo();
        let costs = exchange_costs(&store, &exchange(&store, MONROVIA)).unwrap();
        assert!(!costs.complete);
        let missing: Vec<&str> = costs
            .missing_rates
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(missing, ["LRD→USD on or before 2027-03-09"]);
        // 5000 EUR × 1.16 (the undated estimate takes the exchange's start date) + 1920
        //   + 1440 + 300; the LRD line is left out, never guessed.
        assert_eq!(costs.totals.estimate.text, "9460.00");
        let lrd = costs
            .lines
            .iter()
            .find(|l| l.line.data.currency == "LRD")
            .unwrap();
        assert!(lrd.converted.is_none());
        assert_eq!(lrd.total.text, "95000.00");
    }

    fn budget_of(store: &Store, filter: BudgetFilter) -> Budget {
        budget(store, &filter).unwrap()
    }

    #[test]
    fn the_portfolio_budget_matches_the_sum_of_its_exchanges_under_each_filter() {
        let store = demo();
        let all = budget_of(&store, BudgetFilter::default());
        // Accra + Barcelona + Ibadan (13856.47 / 13547.79) + Monrovia.
        assert_eq!(
            texts(&all.totals),
            ("63969.65", "1200.00", "56587.23", "-7382.42")
        );
        assert_eq!(all.exchange_count, 4);
        assert!(!all.complete);
        // Over the whole portfolio the Monrovia scoping visit, not paid yet, makes it look
        // 7,382.42 under budget; the three paid exchanges are 2,077.58 (3.8%) over.
        // 13856.47 + 24225.60 + 16427.58 = 54509.65; 13547.79 + 25923.96 + 17115.48 = 56587.23.
        assert_eq!(
            texts(&all.paid.totals),
            ("54509.65", "1200.00", "56587.23", "2077.58")
        );
        assert_eq!(all.paid.totals.variance_percent.as_deref(), Some("+3.8"));
        assert_eq!((all.paid.exchanges, all.paid.unpaid_exchanges), (3, 1));
        assert_eq!(all.unconverted_lines, 1);
        let month_sum: i64 = all.by_month.iter().map(|m| m.totals.actual.minor).sum();
        assert_eq!(month_sum, all.totals.actual.minor);
        let category_sum: i64 = all
            .by_category
            .iter()
            .map(|c| c.totals.estimate.minor)
            .sum();
        assert_eq!(category_sum, all.totals.estimate.minor);
        let funder_sum: i64 = all.by_funder.iter().map(|c| c.totals.estimate.minor).sum();
        assert_eq!(funder_sum, all.totals.estimate.minor);

        let year_2025 = budget_of(
            &store,
            BudgetFilter {
                from: NaiveDate::from_ymd_opt(2025, 1, 1),
                to: NaiveDate::from_ymd_opt(2025, 12, 31),
                ..Default::default()
            },
        );
        // Barcelona and Ibadan only; Ibadan's 57 × 45000 NGN / 1600 = 1603.125 → 1603.13.
        assert_eq!(
            texts(&year_2025.totals),
            ("38082.07", "0.00", "39471.75", "1389.68")
        );
        assert!(year_2025.complete);

        let host_paid = budget_of(
            &store,
            BudgetFilter {
                funder: Some("host MEMBER".into()),
                ..Default::default()
            },
        );
        // Accra's GHS venue and transport, Barcelona's venue at the budget rate.
        assert_eq!(
            (
                &*host_paid.totals.estimate.text,
                &*host_paid.totals.actual.text
            ),
            ("12643.58", "14052.35")
        );

        let ghana = budget_of(
            &store,
            BudgetFilter {
                country: Some("gh".into()),
                stage: Some(CostStage::Actual),
                ..Default::default()
            },
        );
        assert_eq!(
            texts(&ghana.totals),
            ("0.00", "0.00", "17115.48", "17115.48")
        );
        assert_eq!(ghana.by_exchange.len(), 1);

        let travel = budget_of(
            &store,
            BudgetFilter {
                category: Some(CostCategory::InternationalTravel),
                partnership_id: Some(
                    store
                        .conn()
                        .query_row(
                            "SELECT partnership_id FROM exchanges WHERE title = ?1",
                            [ACCRA],
                            |r| r.get(0),
                        )
                        .unwrap(),
                ),
                ..Default::default()
            },
        );
        // 4750 + 780 estimated; 3665.64 + 1015.09 + 812.40 paid.
        assert_eq!(
            (&*travel.totals.estimate.text, &*travel.totals.actual.text),
            ("5530.00", "5493.13")
        );
    }

    /// The in-memory index and the plain SQL path give the same budget under every filter.
    #[test]
    fn the_cost_index_agrees_with_the_sql_roll_up() {
        let mut store = demo();
        let accra = exchange(&store, ACCRA);
        let partnership: String = store
            .conn()
            .query_row(
                "SELECT partnership_id FROM exchanges WHERE id = ?1",
                [&accra],
                |r| r.get(0),
            )
            .unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let filters = [
            BudgetFilter::default(),
            BudgetFilter {
                partnership_id: Some(partnership),
                ..Default::default()
            },
            BudgetFilter {
                exchange_id: Some(accra.clone()),
                ..Default::default()
            },
            BudgetFilter {
                country: Some("es".into()),
                ..Default::default()
            },
            BudgetFilter {
                funder: Some("NETWORK".into()),
                stage: Some(CostStage::Actual),
                ..Default::default()
            },
            BudgetFilter {
                from: d(2025, 6, 1),
                to: d(2026, 6, 30),
                category: Some(CostCategory::VenueCatering),
                ..Default::default()
            },
            BudgetFilter {
                to: d(2024, 1, 1),
                ..Default::default()
            },
        ];
        let same = |store: &Store| {
            for filter in &filters {
                let a = serde_json::to_value(budget(store, filter).unwrap()).unwrap();
                let b = serde_json::to_value(budget_without_index(store, filter).unwrap()).unwrap();
                assert_eq!(a, b, "{filter:?}");
            }
        };
        same(&store);
        // A change through the store is seen at once: the index is rebuilt.
        let before = budget(&store, &BudgetFilter::default()).unwrap();
        store
            .save_cost_line(
                None,
                CostLineData {
                    exchange_id: accra,
                    category: CostCategory::Other,
                    quantity: 1,
                    unit_amount: "10.00".into(),
                    currency: "USD".into(),
                    stage: CostStage::Actual,
                    cost_date: d(2026, 6, 20),
                    ..Default::default()
                },
            )
            .unwrap();
        let after = budget(&store, &BudgetFilter::default()).unwrap();
        assert_eq!(after.totals.actual.minor - before.totals.actual.minor, 1000);
        store.set_reporting_currency("EUR").unwrap();
        same(&store);

        // Writes the index does not copy keep it; a cost line, an exchange, a member's
        // country or a write by another connection replaces it.
        let index = store.cost_index().unwrap();
        store
            .save_person(
                None,
                PersonData {
                    name: "Somebody New".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(Arc::ptr_eq(&index, &store.cost_index().unwrap()), "kept");
        store
            .conn()
            .execute(
                "UPDATE cost_lines SET funder = 'Other donor' WHERE rowid = 1",
                [],
            )
            .unwrap();
        assert!(
            !Arc::ptr_eq(&index, &store.cost_index().unwrap()),
            "replaced"
        );
        same(&store);
    }

    #[test]
    fn budget_lines_for_the_exports_match_the_roll_up() {
        let store = demo();
        for filter in [
            BudgetFilter::default(),
            BudgetFilter {
                stage: Some(CostStage::Estimate),
                ..Default::default()
            },
            BudgetFilter {
                from: NaiveDate::from_ymd_opt(2026, 1, 1),
                ..Default::default()
            },
        ] {
            let b = budget(&store, &filter).unwrap();
            let lines = budget_lines(&store, &filter).unwrap();
            assert_eq!(lines.len() as u64, b.totals.lines + b.unconverted_lines);
            let converted: i128 = lines.iter().filter_map(|l| l.converted).sum();
            let total = i128::from(b.totals.estimate.minor)
                + i128::from(b.totals.committed.minor)
                + i128::from(b.totals.actual.minor);
            assert_eq!(converted, total, "{filter:?}");
        }
    }

    #[test]
    fn estimate_from_delegation_proposes_fares_nights_and_days_from_the_rate_table() {
        let store = demo();
        let estimate = estimate_from_delegation(&store, &exchange(&store, ACCRA)).unwrap();
        assert_eq!(
            (estimate.nights, estimate.days, estimate.travellers),
            (3, 4, 6)
        );
        assert_eq!(estimate.proposals.len(), 18);
        let of = |name: &str, category: CostCategory| {
            estimate
                .proposals
                .iter()
                .find(|p| p.traveller == name && p.line.category == category)
                .unwrap()
        };
        let fare = of("Wanjiru Kamau", CostCategory::InternationalTravel);
        assert_eq!(
            (&*fare.line.unit_amount, &*fare.line.currency),
            ("950.00", "USD")
        );
        assert!(fare.basis.contains("Kenya (KE)"), "{}", fare.basis);
        // The facilitator represents no member: his own country (NG) gives the fare.
        let okafor = of("Samuel Okafor", CostCategory::InternationalTravel);
        assert_eq!(okafor.line.unit_amount, "780.00");
        let night = of("Lucy Njeri", CostCategory::Accommodation);
        assert_eq!(
            (night.line.quantity, &*night.line.unit_amount),
            (3, "145.00")
        );
        assert!(
            night.basis.starts_with("rate table: Accra, Ghana (GH)"),
            "{}",
            night.basis
        );
        let days = of("Lucy Njeri", CostCategory::PerDiem);
        assert_eq!((days.line.quantity, &*days.line.unit_amount), (4, "80.00"));
        assert!(estimate.proposals.iter().all(|p| p.rate_found));

        // Monrovia: Irish fares in EUR; the rate table has Monrovia.
        let monrovia = estimate_from_delegation(&store, &exchange(&store, MONROVIA)).unwrap();
        assert!(monrovia.proposals.iter().all(|p| p.rate_found));
        assert!(monrovia
            .proposals
            .iter()
            .any(|p| p.line.currency == "EUR" && p.line.unit_amount == "1250.00"));

        // Barcelona's visitors come from the US: a fare; Barcelona's nights are in EUR.
        let barcelona = estimate_from_delegation(&store, &exchange(&store, BARCELONA)).unwrap();
        assert!(barcelona
            .proposals
            .iter()
            .filter(|p| p.line.category == CostCategory::Accommodation)
            .all(|p| p.line.currency == "EUR" && p.line.unit_amount == "180.00"));
    }

    #[test]
    fn proposals_without_a_rate_say_so_and_a_virtual_exchange_has_none() {
        let store = demo();
        let virtual_id = exchange(&store, "Virtual exchange: piloting shared indicators");
        let v = estimate_from_delegation(&store, &virtual_id).unwrap();
        assert!(v.proposals.is_empty());
        assert_eq!(v.notes.len(), 1);
        let ibadan = exchange(&store, "Regional learning event on budget preparation");
        let i = estimate_from_delegation(&store, &ibadan).unwrap();
        // The alliance's members are all Nigerian: no international fares; nights in NGN.
        assert!(i
            .proposals
            .iter()
            .all(|p| p.line.category != CostCategory::InternationalTravel));
        assert!(i.proposals.iter().all(|p| p.line.currency == "NGN"));
    }

    #[test]
    fn a_rate_is_found_on_or_before_the_date_direct_or_inverse() {
        let mut book = RateBook::default();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        book.add("EUR", "USD", d(1, 1), Rate::parse("1.10").unwrap());
        book.add("EUR", "USD", d(3, 1), Rate::parse("1.20").unwrap());
        book.add("USD", "EUR", d(4, 1), Rate::parse("0.8").unwrap());
        let find = |from, to, on| {
            book.find(from, to, Some(on))
                .map(|(r, u)| (r.text(), u.direction))
        };
        assert_eq!(
            find("EUR", "USD", d(2, 15)),
            Some(("1.1".into(), Direction::Direct))
        );
        assert_eq!(
            find("EUR", "USD", d(3, 1)),
            Some(("1.2".into(), Direction::Direct))
        );
        // The newer inverse entry wins from its date.
        assert_eq!(
            find("EUR", "USD", d(4, 2)),
            Some(("0.8".into(), Direction::Inverse))
        );
        assert_eq!(
            find("USD", "EUR", d(2, 1)),
            Some(("1.1".into(), Direction::Inverse))
        );
        assert_eq!(
            find("EUR", "USD", d(12, 31).pred_opt().unwrap()),
            Some(("0.8".into(), Direction::Inverse))
        );
        assert_eq!(
            book.find("EUR", "USD", NaiveDate::from_ymd_opt(2025, 12, 31)),
            None,
            "no rate before the first"
        );
        let converter = Converter::new(&book, "USD");
        assert_eq!(
            converter
                .convert("x", "EUR", 100, NaiveDate::from_ymd_opt(2025, 6, 1))
                .unwrap_err()
                .text,
            "EUR→USD on or before 2025-06-01"
        );
        // 1.00 EUR at 1/0.8 = 1.25 USD.
        assert_eq!(
            converter.convert("x", "EUR", 100, Some(d(5, 1))).unwrap().0,
            125
        );
        assert_eq!(converter.convert("x", "USD", 777, None).unwrap().0, 777);
    }

    #[test]
    fn roll_ups_round_each_line_in_currencies_with_0_2_and_3_decimals() {
        let mut book = RateBook::default();
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        book.add("EUR", "JPY", day, Rate::parse("160.5").unwrap());
        book.add("EUR", "TND", day, Rate::parse("3.3333").unwrap());
        // Reporting in TND (3 decimals): 0.01 EUR → 0.033333 → 0.033, three times = 0.099,
        // not 0.100 (rounded per line, summed after).
        let converter = Converter::new(&book, "TND");
        let fact = |amount, currency: &str| LineFact {
            exchange: 0,
            category: CostCategory::Other,
            stage: CostStage::Actual,
            currency: currency.into(),
            funder: String::new(),
            date: Some(day),
            amount,
        };
        let facts = vec![fact(1, "EUR"), fact(1, "EUR"), fact(1, "EUR")];
        let RollUp { totals, .. } = roll_up(&facts, &["x".into()], &converter);
        assert_eq!(totals.actual, 99);
        assert_eq!(totals.view(3).actual.text, "0.099");
        // Reporting in JPY (0 decimals): 0.01 EUR → 1.605 → 2 yen; 0.03 EUR → 4.815 → 5.
        let converter = Converter::new(&book, "JPY");
        let RollUp { totals, .. } =
            roll_up(&[fact(1, "EUR"), fact(3, "EUR")], &["x".into()], &converter);
        assert_eq!(totals.view(0).actual.text, "7");
        // JPY lines into EUR (inverse): 1000 JPY / 160.5 = 6.2305 → 6.23 EUR.
        let converter = Converter::new(&book, "EUR");
        let RollUp { totals, .. } = roll_up(&[fact(1000, "JPY")], &["x".into()], &converter);
        assert_eq!(totals.view(2).actual.text, "6.23");
        // TND lines (3 decimals) into EUR: 10.000 TND / 3.3333 = 3.00003 → 3.00 EUR.
        let RollUp { totals, .. } = roll_up(&[fact(10_000, "TND")], &["x".into()], &converter);
        assert_eq!(totals.view(2).actual.text, "3.00");
    }
}
