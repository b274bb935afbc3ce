//! The budget's in-memory copy of the live cost lines (`CostIndex`), rebuilt when the
//! trigger-kept counter of what it copies moves, and kept with the store that built it.

use super::*;

/// A compact copy of every live cost line, sorted by currency and date, built by one scan of
/// the database and kept by the `Store` until the next change. A budget roll-up under any
/// filter is then one pass over memory (about 24 bytes a line) instead of reading a million
/// rows back out of SQLite, which alone takes longer than the 100 ms goal.
#[derive(Debug, Default)]
pub struct CostIndex {
    /// Shared with the indexes patched from this one: a save of cost lines changes no
    /// exchange, and copying 100,000 ids would be most of a patch's time.
    pub(super) exchanges: Arc<Vec<IndexedExchange>>,
    pub(super) exchange_ids: Arc<HashMap<String, u32>>,
    pub(super) currencies: Vec<String>,
    pub(super) funders: Vec<String>,
    /// Member ids that pay lines from their own budget; a line's `payer` is its slot + 1
    /// (0: the network or the named funder).
    pub(super) payers: Vec<String>,
    /// "YYYY-MM" of each month slot; a line's `month` indexes it (`months.len()`: undated).
    pub(super) months: Vec<String>,
    pub(super) lines: Vec<IndexedLine>,
    /// Line positions grouped by exchange; `exchange_lines[e]` is exchange e's range.
    pub(super) by_exchange: Vec<u32>,
    pub(super) exchange_lines: Vec<(u32, u32)>,
    /// How many saves were brought in by `patched` since the last whole build.
    pub patches: u32,
}

/// The columns `CostIndex::line_from_row` reads, in its order.
const LINE_COLUMNS: &str =
    "exchange_id, category, stage, currency, funder, cost_date, quantity, unit_amount, paid_by_member_id";

/// Text → slot maps of the index's currencies and funders while lines are read.
struct Interner {
    currencies: HashMap<String, u32>,
    funders: HashMap<String, u32>,
    payers: HashMap<String, u32>,
}

/// Months since year 0 of a day (`NO_DATE`: none).
fn month_number(day: i32) -> Option<i32> {
    if day == NO_DATE {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(day).map(|d| d.year() * 12 + d.month0() as i32)
}

/// A month's slot in the sorted `months`; the undated slot (`months.len()`) for none.
fn month_slot(months: &[i32], month: Option<i32>) -> u16 {
    let undated = u16::try_from(months.len()).unwrap_or(u16::MAX);
    month
        .and_then(|m| months.binary_search(&m).ok())
        .and_then(|i| u16::try_from(i).ok())
        .unwrap_or(undated)
}

#[derive(Debug, Clone)]
pub(super) struct IndexedExchange {
    pub(super) id: String,
    pub(super) partnership_id: String,
    /// The venue's country, else the host member's.
    pub(super) country: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct IndexedLine {
    /// Quantity × unit amount, minor units of the line's currency.
    pub(super) amount: i64,
    pub(super) exchange: u32,
    /// Days since 0001-01-01 of the line's date (else its exchange's start); `NO_DATE`.
    pub(super) day: i32,
    pub(super) funder: u32,
    /// 0: the network or the named funder; else the slot + 1 in `CostIndex::payers`.
    pub(super) payer: u32,
    pub(super) currency: u16,
    /// Slot in `CostIndex::months`.
    pub(super) month: u16,
    pub(super) category: u8,
    pub(super) stage: u8,
}

pub(super) const NO_DATE: i32 = i32::MIN;

/// An index and the `cost_index_changes` counter it was built at.
pub type CachedIndex = ((i64, u64), Arc<CostIndex>);

pub(super) fn intern(list: &mut Vec<String>, map: &mut HashMap<String, u32>, text: &str) -> u32 {
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
        let mut exchanges: Vec<IndexedExchange> = Vec::new();
        let currency_ids: HashMap<String, u32> = HashMap::new();
        let funder_ids: HashMap<String, u32> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT e.id, e.partnership_id, COALESCE(e.country_code, m.country_code)
               FROM exchanges e LEFT JOIN members m ON m.id = e.host_member_id
              WHERE e.deleted_at IS NULL",
        )?;
        let mut starts: Vec<i32> = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            exchange_ids.insert(id.clone(), exchanges.len() as u32);
            exchanges.push(IndexedExchange {
                id,
                partnership_id: row.get(1)?,
                country: row.get(2)?,
            });
        }
        drop(rows);
        let mut stmt =
            conn.prepare("SELECT e.id, e.start_date FROM exchanges e WHERE e.deleted_at IS NULL")?;
        starts.resize(exchanges.len(), NO_DATE);
        index.exchanges = Arc::new(exchanges);
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if let (Some(&i), Some(day)) = (exchange_ids.get(id), day_of(row.get_ref(1)?)) {
                starts[i as usize] = day;
            }
        }
        drop(rows);
        let mut stmt = conn.prepare(&format!(
            // Every column is in the partial index `cost_lines_exchange`, so this reads the
            // index (in exchange order) rather than the whole table.
            "SELECT {LINE_COLUMNS} FROM cost_lines WHERE deleted_at IS NULL ORDER BY exchange_id"
        ))?;
        let mut rows = stmt.query([])?;
        let mut last_exchange: Option<(String, Option<u32>)> = None;
        let mut interner = Interner {
            currencies: currency_ids,
            funders: funder_ids,
            payers: HashMap::new(),
        };
        while let Some(row) = rows.next()? {
            // Lines come by exchange: look the id up once per exchange, not once per line.
            let id = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if last_exchange.as_ref().is_none_or(|(last, _)| last != id) {
                last_exchange = Some((id.to_string(), exchange_ids.get(id).copied()));
            }
            let Some(exchange) = last_exchange.as_ref().and_then(|(_, e)| *e) else {
                continue; // a line of a deleted exchange
            };
            if let Some(line) =
                index.line_from_row(row, exchange, starts[exchange as usize], &mut interner)?
            {
                index.lines.push(line);
            }
        }
        // Lines of one currency and day are together: one rate lookup per run.
        index.lines.sort_unstable_by_key(|l| (l.currency, l.day));
        // A line counts in its exchange's month (estimate and payment alike), else its own.
        let month_day = |line: &IndexedLine| match starts[line.exchange as usize] {
            NO_DATE => line.day,
            start => start,
        };
        // Month slots, oldest first; undated lines go in the slot after the last.
        let mut months: Vec<i32> = index
            .lines
            .iter()
            .map(month_day)
            .filter_map(month_number)
            .collect();
        months.sort_unstable();
        months.dedup();
        for line in &mut index.lines {
            line.month = month_slot(&months, month_number(month_day(line)));
        }
        index.months = months
            .iter()
            .map(|m| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1))
            .collect();
        index.group_by_exchange();
        index.exchange_ids = Arc::new(exchange_ids);
        Ok(index)
    }

    /// One row of `LINE_COLUMNS` as an indexed line (its month slot is set by the caller);
    /// `None` for a value `peerplan check` reports as unreadable.
    fn line_from_row(
        &mut self,
        row: &rusqlite::Row<'_>,
        exchange: u32,
        exchange_start: i32,
        interner: &mut Interner,
    ) -> rusqlite::Result<Option<IndexedLine>> {
        let text = |i: usize| -> rusqlite::Result<&str> {
            row.get_ref(i)?.as_str().map_err(rusqlite::Error::from)
        };
        let (Some(category), Some(stage)) =
            (CostCategory::parse(text(1)?), CostStage::parse(text(2)?))
        else {
            return Ok(None);
        };
        // Validation allows only ISO 4217 codes; a file with more than 65,535 distinct
        // hand-written ones is skipped past that point rather than mis-indexed.
        let Ok(currency) = u16::try_from(intern(
            &mut self.currencies,
            &mut interner.currencies,
            text(3)?,
        )) else {
            return Ok(None);
        };
        let funder = intern(&mut self.funders, &mut interner.funders, text(4)?);
        let payer = match text(8)? {
            "" => 0,
            member => intern(&mut self.payers, &mut interner.payers, member) + 1,
        };
        let day = day_of(row.get_ref(5)?).unwrap_or(exchange_start);
        let quantity: i64 = row.get(6)?;
        let unit: i64 = row.get(7)?;
        Ok(Some(IndexedLine {
            amount: quantity.saturating_mul(unit),
            exchange,
            day,
            funder,
            payer,
            currency,
            category: CostCategory::ALL
                .iter()
                .position(|c| *c == category)
                .unwrap_or(0) as u8,
            stage: CostStage::ALL.iter().position(|s| *s == stage).unwrap_or(0) as u8,
            month: 0,
        }))
    }

    /// The lines-by-exchange list, for the filters that pick a few exchanges.
    fn group_by_exchange(&mut self) {
        let mut counts = vec![0u32; self.exchanges.len() + 1];
        for line in &self.lines {
            counts[line.exchange as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        self.exchange_lines = counts.windows(2).map(|w| (w[0], w[1])).collect();
        let mut next = counts;
        self.by_exchange = vec![0; self.lines.len()];
        for (i, line) in self.lines.iter().enumerate() {
            let slot = &mut next[line.exchange as usize];
            self.by_exchange[*slot as usize] = i as u32;
            *slot += 1;
        }
    }

    /// This index with the lines of `changed` exchanges read again from the database: what a
    /// save of cost lines costs the budget instead of a whole rebuild. `None` when the change
    /// is beyond a patch (an exchange the index does not know, a line in a month it has no
    /// slot for): the caller rebuilds.
    pub(super) fn patched(
        &self,
        conn: &Connection,
        changed: &std::collections::HashSet<String>,
    ) -> Result<Option<CostIndex>> {
        let mut touched = vec![false; self.exchanges.len()];
        for id in changed {
            match self.exchange_ids.get(id) {
                Some(&i) => touched[i as usize] = true,
                None => return Ok(None),
            }
        }
        let mut index = CostIndex {
            exchanges: Arc::clone(&self.exchanges),
            exchange_ids: Arc::clone(&self.exchange_ids),
            currencies: self.currencies.clone(),
            funders: self.funders.clone(),
            payers: self.payers.clone(),
            months: self.months.clone(),
            ..Default::default()
        };
        let mut interner = Interner {
            currencies: index
                .currencies
                .iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), i as u32))
                .collect(),
            funders: index
                .funders
                .iter()
                .enumerate()
                .map(|(i, f)| (f.clone(), i as u32))
                .collect(),
            payers: index
                .payers
                .iter()
                .enumerate()
                .map(|(i, p)| (p.clone(), i as u32))
                .collect(),
        };
        let months: Vec<i32> = index
            .months
            .iter()
            .filter_map(|m| {
                let (y, mo) = m.split_once('-')?;
                Some(y.parse::<i32>().ok()? * 12 + mo.parse::<i32>().ok()? - 1)
            })
            .collect();
        let mut fresh = Vec::new();
        let mut lines = conn.prepare_cached(&format!(
            "SELECT {LINE_COLUMNS} FROM cost_lines WHERE exchange_id = ?1 AND deleted_at IS NULL"
        ))?;
        let mut start_of = conn.prepare_cached("SELECT start_date FROM exchanges WHERE id = ?1")?;
        for id in changed {
            let exchange = index.exchange_ids[id];
            let start = start_of
                .query_row([id], |r| Ok(day_of(r.get_ref(0)?)))?
                .unwrap_or(NO_DATE);
            let mut rows = lines.query([id])?;
            while let Some(row) = rows.next()? {
                if let Some(mut line) = index.line_from_row(row, exchange, start, &mut interner)? {
                    let month = month_number(if start == NO_DATE { line.day } else { start });
                    line.month = month_slot(&months, month);
                    if month.is_some() && usize::from(line.month) == months.len() {
                        return Ok(None); // a month the index has no slot for
                    }
                    fresh.push(line);
                }
            }
        }
        fresh.sort_unstable_by_key(|l| (l.currency, l.day));
        // The kept lines are still in (currency, day) order: merge the two runs.
        let mut kept = self
            .lines
            .iter()
            .filter(|l| !touched[l.exchange as usize])
            .peekable();
        let mut fresh = fresh.into_iter().peekable();
        index.lines.reserve(self.lines.len());
        loop {
            let take_kept = match (kept.peek(), fresh.peek()) {
                (Some(k), Some(f)) => (k.currency, k.day) <= (f.currency, f.day),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_kept {
                kept.next().copied()
            } else {
                fresh.next()
            };
            index.lines.extend(next);
        }
        index.group_by_exchange();
        index.patches = self.patches + 1;
        Ok(Some(index))
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

        let passes = |line: &IndexedLine| {
            funder_in[line.funder as usize]
                && category.is_none_or(|c| c == line.category)
                && stage.is_none_or(|s| s == line.stage)
                && from.is_none_or(|f| line.day != NO_DATE && line.day >= f)
                && to.is_none_or(|t| line.day != NO_DATE && line.day <= t)
        };
        let lines_in = |e: usize| {
            let (start, end) = self.exchange_lines[e];
            self.by_exchange[start as usize..end as usize]
                .iter()
                .map(|&i| &self.lines[i as usize])
        };
        // First the exchanges with something paid under the filter (the comparison's).
        let actual = CostStage::ALL
            .iter()
            .position(|s| *s == CostStage::Actual)
            .unwrap_or(2) as u8;
        let mut paid = vec![false; self.exchanges.len()];
        if exchange_filtered {
            for (e, included) in exchange_in.iter().enumerate() {
                if *included {
                    paid[e] = lines_in(e).any(|l| l.stage == actual && passes(l));
                }
            }
        } else {
            for l in &self.lines {
                if l.stage == actual && !paid[l.exchange as usize] && passes(l) {
                    paid[l.exchange as usize] = true;
                }
            }
        }
        let mut totals = RowSums::default();
        let mut categories = vec![RowSums::default(); CostCategory::ALL.len()];
        let mut funders = vec![RowSums::default(); self.funders.len()];
        let mut payers = vec![RowSums::default(); self.payers.len() + 1];
        let mut months = vec![RowSums::default(); self.months.len() + 1];
        let mut per_exchange = vec![ExchangeSums::default(); self.exchanges.len()];
        // Exchanges with lines under the filter, converted or not.
        let mut touched = vec![false; self.exchanges.len()];
        let mut used = vec![false; rates.used.len()];
        let mut missing: std::collections::HashSet<(u16, i32)> = Default::default();
        let mut missing_lines = 0u64;
        // The conversion in force for the current run of lines of one currency and day.
        let mut run: Option<(u16, i32, Option<Prepared>)> = None;
        let mut add_line = |line: &IndexedLine| {
            if !passes(line) {
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
            let compared = paid[line.exchange as usize];
            totals.add(stage, value, compared);
            categories[line.category as usize].add(stage, value, compared);
            funders[line.funder as usize].add(stage, value, compared);
            payers[line.payer as usize].add(stage, value, compared);
            months[line.month as usize].add(stage, value, compared);
            per_exchange[line.exchange as usize].add(line.stage, value);
        };
        if exchange_filtered {
            // Few exchanges: their lines only, through the lines-by-exchange list.
            for (e, included) in exchange_in.iter().enumerate() {
                if *included {
                    lines_in(e).for_each(&mut add_line);
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
            .filter(|(_, s)| s.all.lines > 0)
            .map(|(c, s)| (*c, s))
            .collect();
        let funders = funders_by_name(self.funders.iter().cloned().zip(funders));
        let payers = payers_in_order(
            std::iter::once(None)
                .chain(self.payers.iter().cloned().map(Some))
                .zip(payers),
        );
        let months = self
            .months
            .iter()
            .map(String::as_str)
            .chain(["undated"])
            .zip(months)
            .filter(|(_, s)| s.all.lines > 0)
            .map(|(m, s)| (m.to_string(), s))
            .collect();
        let mut ids = Vec::new();
        let mut sums = Vec::new();
        let mut paid_touched = Vec::new();
        for (i, (s, touched)) in per_exchange.into_iter().zip(touched).enumerate() {
            if touched {
                ids.push(i as u32);
                sums.push(s.sums());
                paid_touched.push(paid[i]);
            }
        }
        let mut log = RateLog::default();
        for (set, _) in rates.used.iter().zip(used).filter(|(_, u)| *u) {
            log.record_used(set);
        }
        let log = RateLog {
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
            ..log
        }
        .finish();
        (
            RollUp {
                totals,
                categories,
                funders,
                payers,
                months,
                per_exchange: sums,
                paid: paid_touched,
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
pub(super) struct ExchangeSums {
    pub(super) by_stage: [i64; 3],
    pub(super) lines: u64,
}

impl ExchangeSums {
    pub(super) fn add(&mut self, stage: u8, value: i128) {
        let value = i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX });
        let slot = &mut self.by_stage[usize::from(stage).min(2)];
        *slot = slot.saturating_add(value);
        self.lines += 1;
    }

    pub(super) fn sums(self) -> StageSums {
        StageSums {
            estimate: i128::from(self.by_stage[0]),
            committed: i128::from(self.by_stage[1]),
            actual: i128::from(self.by_stage[2]),
            lines: self.lines,
        }
    }
}

/// A conversion ready to apply and the index of its set of rates used.
pub(super) type Prepared = (money::Factor, u32);

/// The rates of one roll-up, prepared against the index's currencies: per currency a
/// timeline of (first day, conversion in force from then), each entry planned by
/// `RateBook::plan` — the same rule as `Converter`, direct or through a pivot — and the
/// exchanges' budget rates.
pub(super) struct PreparedRates {
    pub(super) is_reporting: Vec<bool>,
    pub(super) timelines: Vec<Vec<(i32, Option<Prepared>)>>,
    /// Per currency: the conversion for an undated line (the latest rates).
    pub(super) latest: Vec<Option<Prepared>>,
    pub(super) budget: HashMap<(u32, u16), Prepared>,
    /// By exchange index: whether `budget` has an entry for it (most have none).
    pub(super) has_budget: Vec<bool>,
    /// The rates each prepared conversion was built from (one, or a pivot's two legs).
    pub(super) used: Vec<Vec<RateUsed>>,
}

impl PreparedRates {
    pub(super) fn new(index: &CostIndex, converter: &Converter<'_>) -> PreparedRates {
        let reporting = converter.reporting;
        let to_minor = converter.reporting_minor;
        let book = converter.book;
        let mut used: Vec<Vec<RateUsed>> = Vec::new();
        let prepare = |plan: Option<ConversionPlan>, used: &mut Vec<Vec<RateUsed>>| {
            plan.map(|plan| {
                let at = match used.iter().position(|u| *u == plan.used) {
                    Some(at) => at,
                    None => {
                        used.push(plan.used);
                        used.len() - 1
                    }
                };
                (plan.factor, at as u32)
            })
        };
        let mut timelines = Vec::with_capacity(index.currencies.len());
        let mut latest = Vec::with_capacity(index.currencies.len());
        for currency in &index.currencies {
            if currency == reporting {
                timelines.push(Vec::new());
                latest.push(None);
                continue;
            }
            // The conversion can change only on a day some rate touching the currency or the
            // reporting currency starts (a direct rate, or either leg of a pivot).
            let mut days: Vec<NaiveDate> = book
                .pairs
                .iter()
                .filter(|((a, b), _)| {
                    [a, b]
                        .iter()
                        .any(|c| c.as_str() == currency || c.as_str() == reporting)
                })
                .flat_map(|(_, list)| list.iter().map(|(d, _, _)| *d))
                .collect();
            days.sort_unstable();
            days.dedup();
            let timeline = days
                .into_iter()
                .map(|day| {
                    let plan = book.plan(currency, reporting, Some(day));
                    (day.num_days_from_ce(), prepare(plan, &mut used))
                })
                .collect();
            timelines.push(timeline);
            latest.push(prepare(book.plan(currency, reporting, None), &mut used));
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
            used.push(vec![RateUsed {
                from_currency: currency.clone(),
                to_currency: reporting.to_string(),
                rate: rate.text(),
                entered_as: format!("{currency} = {} {reporting}", rate.text()),
                direction: Direction::Direct,
                rate_date: None,
                budget_rate: true,
                leg_of: None,
            }]);
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
            latest,
            budget,
            used,
        }
    }

    /// The conversion in force on `day` (planned from the rates on or before it; with no
    /// date, from the latest rates).
    pub(super) fn find(&self, currency: u16, day: i32) -> Option<Prepared> {
        if day == NO_DATE {
            return self.latest.get(currency as usize).copied().flatten();
        }
        let timeline = self.timelines.get(currency as usize)?;
        let after = timeline.partition_point(|(d, _)| *d <= day);
        after
            .checked_sub(1)
            .and_then(|i| timeline.get(i))
            .and_then(|(_, p)| *p)
    }
}

pub(super) fn day_of(value: rusqlite::types::ValueRef<'_>) -> Option<i32> {
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
            .derived
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((built_at, index)) =
            cache.as_ref().and_then(|d| d.downcast_ref::<CachedIndex>())
        {
            if *built_at == key {
                return Ok(Arc::clone(index));
            }
            // Only cost lines of a few exchanges changed since: re-read just those.
            if let Some(changed) = self.cost_lines_changed_between(built_at.0, key.0)? {
                if let Some(patched) = index.patched(self.conn(), &changed)? {
                    let index = Arc::new(patched);
                    *cache = Some(Box::new((key, Arc::clone(&index))));
                    return Ok(index);
                }
            }
        }
        let index = Arc::new(CostIndex::build(self.conn())?);
        *cache = Some(Box::new((key, Arc::clone(&index))));
        Ok(index)
    }
}

/// The most exchanges a patch re-reads; past it a whole build is about as quick.
const MOST_PATCHED_EXCHANGES: usize = 2_000;

impl Store {
    /// The exchanges whose cost lines changed between two values of the counter, when that is
    /// all that changed: every step logged (none trimmed), none of them a change that can
    /// move any line (logged as NULL), and few enough exchanges to patch.
    fn cost_lines_changed_between(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Option<std::collections::HashSet<String>>> {
        if to <= from || to - from > 50_000 {
            return Ok(None);
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT exchange_id FROM cost_index_log WHERE n > ?1 AND n <= ?2")?;
        let mut rows = stmt.query([from, to])?;
        let mut steps = 0i64;
        let mut changed = std::collections::HashSet::new();
        while let Some(row) = rows.next()? {
            let Some(exchange) = row.get::<_, Option<String>>(0)? else {
                return Ok(None);
            };
            steps += 1;
            changed.insert(exchange);
            if changed.len() > MOST_PATCHED_EXCHANGES {
                return Ok(None);
            }
        }
        Ok((steps == to - from).then_some(changed))
    }

    /// Moves with every change to what the cost index copies (a trigger-kept counter, see
    /// migrations/0004), so saving a person or an agenda session keeps the index.
    pub(super) fn cost_index_key(&self) -> Result<(i64, u64)> {
        let n: i64 =
            self.conn()
                .query_row("SELECT n FROM cost_index_changes WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
        Ok((n, 0))
    }
}
