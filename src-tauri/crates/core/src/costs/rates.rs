//! Rates: the officer's dated rates of each pair and the exchanges' fixed budget rates, and
//! the `Converter` that takes a line to the reporting currency by the one conversion rule.

use super::*;

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
    pub(super) fn new(from: &str, to: &str, on: Option<NaiveDate>) -> MissingRate {
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
pub(super) type DatedRate = (NaiveDate, Rate, String);

/// The officer's dated rates, by pair, oldest first.
#[derive(Debug, Clone, Default)]
pub struct RateBook {
    pub(super) pairs: HashMap<(String, String), Vec<DatedRate>>,
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

    pub(super) fn add_once(&mut self, from: &str, to: &str, date: NaiveDate, rate: Rate) {
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

    pub(super) fn latest(&self, from: &str, to: &str, on: Option<NaiveDate>) -> Option<&DatedRate> {
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
    pub(super) budget: HashMap<(String, String), Rate>,
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
