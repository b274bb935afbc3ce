//! The portfolio budget: the filter, the roll-up over the cost index (or plain SQL, which it
//! is tested against), the budget view with its paid-only variance, and the lines for the
//! exports.

use super::*;

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
    #[serde(flatten)]
    pub row: RowTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedTotals {
    pub name: String,
    #[serde(flatten)]
    pub row: RowTotals,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeTotals {
    pub exchange_id: String,
    pub title: String,
    pub partnership_title: String,
    pub start_date: Option<NaiveDate>,
    pub totals: StageTotals,
    /// Whether something is paid on it under the filter, so it takes part in the comparison.
    pub paid: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthTotals {
    /// "2026-06": the month of the line's exchange (its start date), so an exchange's
    /// estimate and its actuals fall in the same month whenever they were made or paid; an
    /// exchange without dates by the line's own date; "undated" with neither.
    pub month: String,
    #[serde(flatten)]
    pub row: RowTotals,
}

/// Who pays for the lines under the filter: the network and named funders, or a member's own
/// budget (issue 17: a twinning is not one-sided in money either).
#[derive(Debug, Clone, Serialize)]
pub struct PayerTotals {
    /// `None`: the network or the funder named on the line.
    pub member_id: Option<String>,
    pub name: String,
    pub partnership_title: Option<String>,
    #[serde(flatten)]
    pub row: RowTotals,
    /// Its part of all the lines' estimate and actual, in percent with one decimal ("29.6").
    pub estimate_share: Option<String>,
    pub actual_share: Option<String>,
}

/// `part` of `whole` in percent, one decimal, rounded half away from zero.
fn share(part: i128, whole: i128) -> Option<String> {
    (whole != 0).then(|| money::format_amount(money::round_half_away(part * 1000, whole.abs()), 1))
}

/// One filter in words: "Partnership" — "Ghana–Kenya climate adaptation twinning".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilterTerm {
    pub label: String,
    pub value: String,
}

/// The filter as a finance colleague reads it: names, not ids. No filter: one term saying so.
pub fn describe_filter(conn: &Connection, filter: &BudgetFilter) -> Result<Vec<FilterTerm>> {
    let title_of = |table: &str, id: &str| -> Result<String> {
        let title: Option<String> = conn
            .query_row(
                &format!("SELECT title FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .ok();
        Ok(title.unwrap_or_else(|| id.to_string()))
    };
    let mut terms = Vec::new();
    let mut term = |label: &str, value: String| {
        terms.push(FilterTerm {
            label: label.to_string(),
            value,
        })
    };
    if let Some(d) = filter.from {
        term("From", d.to_string());
    }
    if let Some(d) = filter.to {
        term("To", d.to_string());
    }
    if let Some(p) = &filter.partnership_id {
        term("Partnership", title_of("partnerships", p)?);
    }
    if let Some(x) = &filter.exchange_id {
        term("Exchange", title_of("exchanges", x)?);
    }
    if let Some(c) = &filter.country {
        term("Country", crate::countries::label(&c.trim().to_uppercase()));
    }
    if let Some(f) = &filter.funder {
        term("Funder", f.trim().to_string());
    }
    if let Some(c) = filter.category {
        term("Category", c.label().to_string());
    }
    if let Some(s) = filter.stage {
        term("Stage", s.label().to_string());
    }
    if filter == &BudgetFilter::default() {
        term(
            "Filters",
            "none: every cost line of the portfolio".to_string(),
        );
    }
    Ok(terms)
}

/// What the budget's months are: said on the page, in the CLI and in the workbook.
pub const MONTH_RULE: &str = "Months are the month of each line's exchange (its start date), so an exchange's estimate and its payments are compared in the same month; lines of an exchange without dates go by their own date.";

/// The one comparison rule of the headline and every breakdown: said beside the figures.
pub const COMPARISON_RULE: &str = "Variance (actual − estimate) compares only the exchanges with something paid under the filter, in the headline and in every breakdown; an exchange not paid yet would count its whole estimate as under budget. Estimate, committed and actual columns count every line.";

/// The most exchanges listed one by one in the budget (the largest, by estimate or actual).
pub const BUDGET_EXCHANGES: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub filter: BudgetFilter,
    pub reporting_currency: String,
    pub totals: StageTotals,
    pub by_category: Vec<CategoryTotals>,
    pub by_funder: Vec<NamedTotals>,
    /// Who pays: the network and named funders first, then each member's own budget.
    pub by_payer: Vec<PayerTotals>,
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
    /// The filter in words ("Partnership" → its title …), for the workbook and the CLI.
    pub filter_described: Vec<FilterTerm>,
    /// `COMPARISON_RULE` and `MONTH_RULE`, for the page and the workbook to state.
    pub comparison_rule: &'static str,
    pub month_rule: &'static str,
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
    pub(super) fn of(
        compared: &StageSums,
        per_exchange: &[StageSums],
        paid: &[bool],
        minor_units: u32,
    ) -> PaidVariance {
        let (mut exchanges, mut unpaid_exchanges) = (0, 0);
        for (s, paid) in per_exchange.iter().zip(paid) {
            if *paid {
                exchanges += 1;
            } else if s.estimate != 0 {
                unpaid_exchanges += 1;
            }
        }
        PaidVariance {
            totals: compared.view(minor_units),
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
    /// The month it counts in: its exchange's start date, else the line's own date.
    pub month_date: Option<NaiveDate>,
    /// The member whose own budget pays it; `None`: the network or the named funder.
    pub payer: Option<String>,
    /// Quantity × unit amount, minor units of `currency`.
    pub amount: i128,
}

/// The roll-up itself: pure, over the lines already chosen by the filter. `exchanges[i]` is
/// the id of exchange `i` (for budget rates).
pub fn roll_up(facts: &[LineFact], exchanges: &[String], converter: &Converter<'_>) -> RollUp {
    // The exchanges with something paid under the filter: the comparison's exchanges.
    let mut paid = vec![false; exchanges.len()];
    for fact in facts {
        if fact.stage == CostStage::Actual {
            if let Some(p) = paid.get_mut(fact.exchange) {
                *p = true;
            }
        }
    }
    let mut totals = RowSums::default();
    let mut categories = vec![RowSums::default(); CostCategory::ALL.len()];
    let mut funders: HashMap<String, RowSums> = HashMap::new();
    let mut payers: HashMap<Option<String>, RowSums> = HashMap::new();
    let mut months: HashMap<String, RowSums> = HashMap::new();
    let mut per_exchange = vec![StageSums::default(); exchanges.len()];
    let mut log = RateLog::default();
    for fact in facts {
        let exchange_id = exchanges
            .get(fact.exchange)
            .map(String::as_str)
            .unwrap_or("");
        let conversion = converter.convert(exchange_id, &fact.currency, fact.amount, fact.date);
        log.record(&conversion);
        let Ok((value, _)) = conversion else { continue };
        let compared = paid.get(fact.exchange).copied().unwrap_or(false);
        totals.add(fact.stage, value, compared);
        if let Some(i) = CostCategory::ALL.iter().position(|c| *c == fact.category) {
            categories[i].add(fact.stage, value, compared);
        }
        funders
            .entry(fact.funder.clone())
            .or_default()
            .add(fact.stage, value, compared);
        payers
            .entry(fact.payer.clone())
            .or_default()
            .add(fact.stage, value, compared);
        let month = fact
            .month_date
            .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
            .unwrap_or_else(|| "undated".to_string());
        months
            .entry(month)
            .or_default()
            .add(fact.stage, value, compared);
        if let Some(sums) = per_exchange.get_mut(fact.exchange) {
            sums.add(fact.stage, value);
        }
    }
    let categories = CostCategory::ALL
        .iter()
        .zip(categories)
        .filter(|(_, s)| s.all.lines > 0)
        .map(|(c, s)| (*c, s))
        .collect();
    let funders = funders_by_name(funders);
    let payers = payers_in_order(payers);
    let mut months: Vec<(String, RowSums)> = months.into_iter().collect();
    // "undated" sorts after every "YYYY-MM".
    months.sort_by(|a, b| a.0.cmp(&b.0));
    let log = log.finish();
    RollUp {
        totals,
        categories,
        funders,
        payers,
        months,
        per_exchange,
        paid,
        rates_used: log.used,
        missing_rates: log.missing,
        missing_lines: log.missing_lines,
    }
}

/// Funders that differ only in case are one funder (as the filter treats them), named by
/// their most used spelling, then the first in code order: both roll-ups name it alike,
/// whatever order they read the lines in. Alphabetical.
pub(super) fn funders_by_name(
    spellings: impl IntoIterator<Item = (String, RowSums)>,
) -> Vec<(String, RowSums)> {
    let mut groups: HashMap<String, (String, u64, RowSums)> = HashMap::new();
    for (name, sums) in spellings {
        if sums.all.lines == 0 {
            continue;
        }
        let group = groups
            .entry(name.to_lowercase())
            .or_insert_with(|| (name.clone(), 0, RowSums::default()));
        if sums.all.lines > group.1 || (sums.all.lines == group.1 && name < group.0) {
            group.0 = name;
            group.1 = sums.all.lines;
        }
        group.2.merge(&sums);
    }
    let mut out: Vec<(String, RowSums)> = groups.into_values().map(|(n, _, s)| (n, s)).collect();
    out.sort_by_key(|f| f.0.to_lowercase());
    out
}

/// Who pays, with lines: the network and funders first, then each member by id (both
/// roll-ups list them alike, whatever order they read the lines in).
pub(super) fn payers_in_order(
    sums: impl IntoIterator<Item = (Option<String>, RowSums)>,
) -> Vec<(Option<String>, RowSums)> {
    let mut out: Vec<(Option<String>, RowSums)> =
        sums.into_iter().filter(|(_, s)| s.all.lines > 0).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// What `roll_up` adds up, in minor units of the reporting currency.
#[derive(Debug, Clone, Default)]
pub struct RollUp {
    pub totals: RowSums,
    /// Categories with lines, in the categories' order.
    pub categories: Vec<(CostCategory, RowSums)>,
    /// By funder, alphabetically.
    pub funders: Vec<(String, RowSums)>,
    /// By who pays: `None` (the network or the named funder) first, then members by id.
    pub payers: Vec<(Option<String>, RowSums)>,
    /// By "YYYY-MM" of the exchange, oldest first ("undated" last).
    pub months: Vec<(String, RowSums)>,
    /// By exchange index.
    pub per_exchange: Vec<StageSums>,
    /// By exchange index: something paid under the filter (it takes part in the comparison).
    pub paid: Vec<bool>,
    pub rates_used: Vec<RateUsed>,
    pub missing_rates: Vec<MissingRate>,
    pub missing_lines: u64,
}

/// The lines under `filter`, with their exchanges' ids, straight from SQL.
pub(super) fn filtered_facts(
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
                COALESCE(l.cost_date, e.start_date), l.quantity, l.unit_amount,
                COALESCE(e.start_date, l.cost_date), l.paid_by_member_id
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
        let month_date: Option<String> = row.get(8)?;
        let payer: String = row.get(9)?;
        facts.push(LineFact {
            payer: Some(payer).filter(|p| !p.is_empty()),
            month_date: month_date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
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
pub(super) fn budget_view<'a>(
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
        payers,
        months,
        per_exchange,
        paid,
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
            paid: paid.get(i).copied().unwrap_or(false),
        });
    }
    by_exchange.sort_by(|a, b| {
        (a.start_date, &a.title, &a.exchange_id).cmp(&(b.start_date, &b.title, &b.exchange_id))
    });
    let exchange_count = per_exchange.len() as u64;
    let paid = PaidVariance::of(&totals.compared, &per_exchange, &paid, minor);

    let mut by_payer = Vec::with_capacity(payers.len());
    for (payer, sums) in payers {
        let (name, partnership_title) = match &payer {
            None => ("The network and named funders".to_string(), None),
            Some(id) => {
                let member = records::find::<MemberData>(conn, id)?;
                let title: Option<String> = match &member {
                    Some(m) => conn
                        .query_row(
                            "SELECT title FROM partnerships WHERE id = ?1",
                            [&m.data.partnership_id],
                            |r| r.get(0),
                        )
                        .ok(),
                    None => None,
                };
                (
                    member.map_or_else(|| "an unknown member".to_string(), |m| m.data.label()),
                    title,
                )
            }
        };
        by_payer.push(PayerTotals {
            estimate_share: share(sums.all.estimate, totals.all.estimate),
            actual_share: share(sums.all.actual, totals.all.actual),
            member_id: payer,
            name,
            partnership_title,
            row: sums.view(minor),
        });
    }

    Ok(Budget {
        by_payer,
        filter: filter.clone(),
        totals: totals.all.view(minor),
        by_category: categories
            .into_iter()
            .map(|(category, s)| CategoryTotals {
                category,
                label: category.label(),
                row: s.view(minor),
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
                row: s.view(minor),
            })
            .collect(),
        by_month: months
            .into_iter()
            .map(|(month, s)| MonthTotals {
                month,
                row: s.view(minor),
            })
            .collect(),
        by_exchange,
        exchange_count,
        paid,
        filter_described: describe_filter(conn, filter)?,
        comparison_rule: COMPARISON_RULE,
        month_rule: MONTH_RULE,
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
    let mut member_names: HashMap<String, String> = HashMap::new();
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
                Ok((v, used)) => (Some(*v), describe_conversion(used)),
                Err(m) => (None, format!("missing: {}", m.text)),
            };
            let (rates_used, missing_rate) = match conversion {
                Ok((_, used)) => (used, None),
                Err(m) => (Vec::new(), Some(m)),
            };
            let paid_by = match &d.paid_by_member_id {
                Some(id) => {
                    if !member_names.contains_key(id) {
                        let name = records::find::<MemberData>(conn, id)?
                            .map(|m| m.data.label())
                            .unwrap_or_default();
                        member_names.insert(id.clone(), name);
                    }
                    member_names[id].clone()
                }
                None => String::new(),
            };
            out.push(ExportLine {
                paid_by,
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
                rates_used,
                missing_rate,
                id: line.id.clone(),
            });
        }
    }
    Ok(out)
}

/// The filters that are about the line itself (the exchange's ones were applied in SQL).
pub(super) fn line_matches(d: &CostLineData, on: Option<NaiveDate>, f: &BudgetFilter) -> bool {
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
    /// The member whose own budget pays the line ("" for the network or the funder).
    pub paid_by: String,
    pub reporting_minor: u32,
    /// The conversion in words ("1 EUR = 655.957 XOF (rate of 2026-01-02), used XOF→EUR",
    /// or "missing: …"); `rates_used` and `missing_rate` hold it as data, for documents
    /// worded in another language.
    pub rate: String,
    #[serde(skip)]
    pub rates_used: Vec<RateUsed>,
    #[serde(skip)]
    pub missing_rate: Option<MissingRate>,
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
