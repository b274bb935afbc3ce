//! One exchange's costs: lines by category, totals, per participant and traveller, per
//! currency, the rates used and the missing ones.

use super::*;

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

pub(super) fn divide_totals(sums: &StageSums, by: u64) -> StageSums {
    let by = i128::from(by.max(1));
    StageSums {
        estimate: money::round_half_away(sums.estimate, by),
        committed: money::round_half_away(sums.committed, by),
        actual: money::round_half_away(sums.actual, by),
        lines: sums.lines,
    }
}

/// Quantity × unit amount of a stored line, in minor units.
pub(super) fn line_minor(line: &CostLineData) -> i128 {
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
                    describe_conversion(used),
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
