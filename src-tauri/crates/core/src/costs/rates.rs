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
    /// Set when this rate is one leg of a conversion through a common (pivot) currency:
    /// "GHS→EUR via USD".
    pub leg_of: Option<String>,
}

impl RateUsed {
    /// "1 EUR = 655.957 XOF (rate of 2026-01-02), used XOF→EUR".
    pub fn describe(&self) -> String {
        let when = match (self.budget_rate, self.rate_date) {
            (true, _) => "fixed budget rate of the exchange".to_string(),
            (false, Some(d)) => format!("rate of {d}"),
            (false, None) => "rate".to_string(),
        };
        let leg = match &self.leg_of {
            Some(whole) => format!(" for {whole}"),
            None => String::new(),
        };
        format!(
            "1 {} ({when}), used {}→{}{leg}",
            self.entered_as, self.from_currency, self.to_currency
        )
    }
}

/// A line's conversion in words, as its "rate used" column says it: one rate, or the pivot
/// and both legs ("GHS→EUR via USD: 1 USD = 15.2 GHS (rate of 2026-01-02); 1 EUR = …").
pub fn describe_conversion(used: &[RateUsed]) -> String {
    match used {
        [] => String::new(),
        [one] => one.describe(),
        legs => {
            let whole = legs[0].leg_of.clone().unwrap_or_default();
            let each: Vec<String> = legs
                .iter()
                .map(|l| {
                    let when = l
                        .rate_date
                        .map_or_else(|| "rate".to_string(), |d| format!("rate of {d}"));
                    format!("1 {} ({when})", l.entered_as)
                })
                .collect();
            format!("{whole}: {}", each.join("; "))
        }
    }
}

/// How one amount gets from its currency to the target: the factor to apply and the rates it
/// was built from (one, or the two legs through a pivot currency).
#[derive(Debug, Clone)]
pub struct ConversionPlan {
    pub factor: money::Factor,
    pub used: Vec<RateUsed>,
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
    /// per need, the latest of each pair that touches the currency or the reporting currency
    /// on or before the date — the direct rates and every pivot's legs. What an exchange's
    /// cost view reads, instead of every rate of the portfolio.
    pub fn load_needed(
        conn: &Connection,
        reporting: &str,
        needs: &[(String, Option<NaiveDate>)],
    ) -> Result<RateBook> {
        let mut book = RateBook::default();
        let mut stmt = conn.prepare_cached(
            "SELECT e.from_currency, e.to_currency, e.rate_date, e.rate FROM exchange_rates e
              WHERE e.deleted_at IS NULL AND e.rate_date <= ?3
                AND (e.from_currency IN (?1, ?2) OR e.to_currency IN (?1, ?2))
                AND e.rate_date = (SELECT max(f.rate_date) FROM exchange_rates f
                                    WHERE f.from_currency = e.from_currency
                                      AND f.to_currency = e.to_currency
                                      AND f.deleted_at IS NULL AND f.rate_date <= ?3)",
        )?;
        let mut seen = std::collections::HashSet::new();
        for (currency, on) in needs {
            if currency == reporting || !seen.insert((currency, on)) {
                continue;
            }
            // With no date, any rate: the latest of all.
            let on_text = on.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
            let rows = stmt
                .query_map(rusqlite::params![currency, reporting, on_text], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (from, to, date, rate) in rows {
                if let (Ok(date), Ok(rate)) = (
                    NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
                    Rate::parse(&rate),
                ) {
                    book.add_once(&from, &to, date, rate);
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
                leg_of: None,
            },
        ))
    }

    /// The currencies some rate links to `currency`, either way round, in code order.
    fn neighbours(&self, currency: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .pairs
            .keys()
            .filter_map(|(a, b)| {
                if a == currency {
                    Some(b.as_str())
                } else if b == currency {
                    Some(a.as_str())
                } else {
                    None
                }
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How to convert `from`→`to` on `on`, by the one rule: a rate of the pair itself when
    /// there is one (direct or entered the other way round); else through a common currency,
    /// each leg at its rate in force on the same day. Of several possible pivots, the one
    /// whose older leg is the most recent wins (the freshest pair of rates), then the first by
    /// code, so every laptop chooses the same. `None`: no way at all.
    pub fn plan(&self, from: &str, to: &str, on: Option<NaiveDate>) -> Option<ConversionPlan> {
        let minor = |c: &str| money::currency(c).map_or(2, |c| c.minor_units);
        if let Some((rate, used)) = self.find(from, to, on) {
            return Some(ConversionPlan {
                factor: money::Factor::new(minor(from), minor(to), rate, used.direction),
                used: vec![used],
            });
        }
        // (the older leg's date, the pivot, the two legs)
        type Candidate<'a> = (NaiveDate, &'a str, (Rate, RateUsed), (Rate, RateUsed));
        let mut best: Option<Candidate<'_>> = None;
        for pivot in self.neighbours(from) {
            if pivot == to {
                continue;
            }
            let (Some(first), Some(second)) =
                (self.find(from, pivot, on), self.find(pivot, to, on))
            else {
                continue;
            };
            let older = first
                .1
                .rate_date
                .min(second.1.rate_date)
                .unwrap_or_default();
            // Pivots come in code order, so only a strictly fresher pair replaces the best.
            if best.as_ref().is_none_or(|(date, _, _, _)| older > *date) {
                best = Some((older, pivot, first, second));
            }
        }
        let (_, pivot, (first_rate, mut first), (second_rate, mut second)) = best?;
        let whole = format!("{from}→{to} via {pivot}");
        first.leg_of = Some(whole.clone());
        second.leg_of = Some(whole);
        let factor =
            money::Factor::new(minor(from), minor(pivot), first_rate, first.direction).followed_by(
                money::Factor::new(minor(pivot), minor(to), second_rate, second.direction),
            );
        Some(ConversionPlan {
            factor,
            used: vec![first, second],
        })
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

/// The converted amount and the rates used (none in the same currency; two through a pivot).
pub type Conversion = std::result::Result<(i128, Vec<RateUsed>), MissingRate>;

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
            return Ok((amount, Vec::new()));
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
                vec![RateUsed {
                    from_currency: currency.to_string(),
                    to_currency: self.reporting.to_string(),
                    rate: rate.text(),
                    entered_as: format!("{currency} = {} {}", rate.text(), self.reporting),
                    direction: Direction::Direct,
                    rate_date: None,
                    budget_rate: true,
                    leg_of: None,
                }],
            ));
        }
        match self.book.plan(currency, self.reporting, on) {
            Some(plan) => Ok((plan.factor.apply_wide(amount), plan.used)),
            None => Err(MissingRate::new(currency, self.reporting, on)),
        }
    }
}
