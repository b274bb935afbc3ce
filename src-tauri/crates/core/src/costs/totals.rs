//! Totals by stage (estimate, committed, actual) and the variance, as exact minor units.

use super::*;

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

/// One breakdown row's sums: over every line under the filter, and over the lines of the
/// exchanges with something paid — the comparison rule of the headline and every breakdown
/// (an exchange not paid yet would count its whole estimate as under budget).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowSums {
    pub all: StageSums,
    pub compared: StageSums,
}

impl RowSums {
    pub fn add(&mut self, stage: CostStage, amount: i128, paid_exchange: bool) {
        self.all.add(stage, amount);
        if paid_exchange {
            self.compared.add(stage, amount);
        }
    }

    pub fn merge(&mut self, other: &RowSums) {
        for (mine, theirs) in [
            (&mut self.all, &other.all),
            (&mut self.compared, &other.compared),
        ] {
            mine.estimate += theirs.estimate;
            mine.committed += theirs.committed;
            mine.actual += theirs.actual;
            mine.lines += theirs.lines;
        }
    }

    pub fn view(&self, minor_units: u32) -> RowTotals {
        RowTotals {
            totals: self.all.view(minor_units),
            compared: self.compared.view(minor_units),
        }
    }
}

/// A breakdown row as the UI and exports receive it: `totals` over every line, `compared`
/// (estimate, actual and the variance to read) over the exchanges with something paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowTotals {
    pub totals: StageTotals,
    pub compared: StageTotals,
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
pub(super) struct RateLog {
    pub(super) used: Vec<RateUsed>,
    pub(super) missing: Vec<MissingRate>,
    pub(super) missing_lines: u64,
    pub(super) seen_used: std::collections::HashSet<RateUsed>,
    pub(super) seen_missing: std::collections::HashSet<MissingRate>,
}

impl RateLog {
    pub(super) fn record(&mut self, conversion: &Conversion) {
        match conversion {
            Ok((_, used)) => self.record_used(used),
            Err(missing) => {
                self.missing_lines += 1;
                if self.seen_missing.insert(missing.clone()) {
                    self.missing.push(missing.clone());
                }
            }
        }
    }

    pub(super) fn record_used(&mut self, used: &[RateUsed]) {
        for u in used {
            if self.seen_used.insert(u.clone()) {
                self.used.push(u.clone());
            }
        }
    }

    pub(super) fn finish(mut self) -> RateLog {
        self.missing.sort();
        self.used.sort_by(|a, b| {
            (
                &a.leg_of,
                &a.from_currency,
                a.budget_rate,
                a.rate_date,
                &a.entered_as,
            )
                .cmp(&(
                    &b.leg_of,
                    &b.from_currency,
                    b.budget_rate,
                    b.rate_date,
                    &b.entered_as,
                ))
        });
        self
    }
}
