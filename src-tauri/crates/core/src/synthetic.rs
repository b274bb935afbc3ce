//! A generator of large, plausible portfolios for benchmarks ("a whole network's history").
//! Deterministic: the same sizes and seed give the same shape of data.

use chrono::{Datelike, Duration, NaiveDate};

use crate::countries;
use crate::model::*;
use crate::store::Store;
use crate::Result;

#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub partnerships: usize,
    pub exchanges_per_partnership: usize,
    pub participants_per_exchange: usize,
    pub people: usize,
}

impl Sizes {
    /// The benchmark's scale: 10,000 partnerships, 100,000 exchanges, 1,000,000 participants.
    pub const LARGE: Sizes = Sizes {
        partnerships: 10_000,
        exchanges_per_partnership: 10,
        participants_per_exchange: 10,
        people: 100_000,
    };
}

/// xorshift64*: small, fast and good enough to spread data around; no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TOPICS: &[&str] = &[
    "NAP monitoring and evaluation",
    "Climate finance tracking",
    "Urban green spaces",
    "Budget transparency",
    "Drought early warning",
    "Coastal adaptation planning",
    "Gender-responsive budgeting",
    "Water governance",
    "Health system resilience",
    "Agricultural extension",
    "Disaster risk finance",
    "Public procurement reform",
];
const OFFICERS: &[&str] = &[
    "Ines Moreau",
    "Tunde Adeyemi",
    "Mei Lin Chau",
    "Rafael Duarte",
    "Aisha Noor",
    "Jonas Berg",
];
const GIVEN: &[&str] = &[
    "Amina", "Carlos", "Mei", "Olu", "Sofia", "Rahul", "Nadia", "Tomas", "Grace", "Kwame", "Lucia",
    "Arjun", "Fatima", "Pierre", "Hana", "Diego",
];
const FAMILY: &[&str] = &[
    "Mensah", "Garcia", "Chen", "Okafor", "Rossi", "Sharma", "Haddad", "Novak", "Wanjiru", "Silva",
    "Dubois", "Tanaka", "Ali", "Moreno", "Kowalski", "Nguyen",
];

/// Fills `store` with a generated portfolio in one transaction and returns how long it took.
pub fn generate(store: &mut Store, sizes: Sizes, seed: u64) -> Result<std::time::Duration> {
    let started = std::time::Instant::now();
    let codes: Vec<&str> = countries::all().iter().map(|c| c.code).collect();
    let mut rng = Rng::new(seed);
    let epoch = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default();
    store.write(|w| {
        let mut people = Vec::with_capacity(sizes.people);
        for i in 0..sizes.people {
            let name = format!("{} {} {}", rng.pick(GIVEN), rng.pick(FAMILY), i);
            let data = PersonData {
                email: format!("person{i}@example.org"),
                name,
                organisation: format!("Ministry of {}", rng.pick(TOPICS)),
                position: "Officer".into(),
                country_code: Some(rng.pick(&codes).to_string()),
                ..Default::default()
            };
            people.push(w.insert_new(&data)?.id);
        }
        for i in 0..sizes.partnerships {
            let status = *rng.pick(PartnershipStatus::ALL);
            let kind = *rng.pick(PartnershipKind::ALL);
            let start = epoch + Duration::days(rng.below(3000) as i64);
            let partnership = w
                .insert_new(&PartnershipData {
                    title: format!("{} partnership {i}", rng.pick(TOPICS)),
                    kind,
                    topic: rng.pick(TOPICS).to_string(),
                    status,
                    start_date: Some(start),
                    officer: rng.pick(OFFICERS).to_string(),
                    ..Default::default()
                })?
                .id;
            let member_count = 2 + rng.below(2);
            let mut members = Vec::with_capacity(member_count);
            for _ in 0..member_count {
                let data = MemberData {
                    partnership_id: partnership.clone(),
                    country_code: rng.pick(&codes).to_string(),
                    ..Default::default()
                };
                members.push(w.insert_new(&data)?.id);
            }
            w.insert_new(&GoalData {
                partnership_id: partnership.clone(),
                text: "Share what works".into(),
                proposed_by_member_id: Some(members[0].clone()),
            })?;
            for e in 0..sizes.exchanges_per_partnership {
                let day = start + Duration::days((e * 90 + rng.below(60)) as i64);
                let host = members[rng.below(members.len())].clone();
                let exchange = w
                    .insert_new(&ExchangeData {
                        partnership_id: partnership.clone(),
                        title: format!("Exchange {e}"),
                        host_member_id: Some(host.clone()),
                        city: "Capital".into(),
                        start_date: Some(day),
                        end_date: Some(day + Duration::days(2)),
                        status: ExchangeStatus::Held,
                        ..Default::default()
                    })?
                    .id;
                let first = rng.below(people.len().max(1));
                for k in 0..sizes.participants_per_exchange {
                    let person = &people[(first + k * 7919) % people.len()];
                    let member = &members[k % members.len()];
                    w.insert_new(&ParticipantData {
                        exchange_id: exchange.clone(),
                        person_id: person.clone(),
                        member_id: Some(member.clone()),
                        role: if *member == host {
                            ParticipantRole::Host
                        } else {
                            ParticipantRole::VisitingDelegate
                        },
                        attendance: Attendance::Attended,
                    })?;
                }
            }
        }
        Ok(())
    })?;
    Ok(started.elapsed())
}

/// Currencies of generated cost lines: 0, 2 and 3 decimals, each with monthly rates to USD.
const COST_CURRENCIES: &[(&str, &str)] = &[
    ("USD", "1"),
    ("EUR", "1.09"),
    ("KES", "129.5"),
    ("XOF", "615"),
    ("GHS", "12.4"),
    ("NGN", "1480"),
    ("JPY", "151"),
    ("TND", "3.12"),
];
const COST_FUNDERS: &[&str] = &[
    "Network",
    "Network",
    "Host member",
    "Visiting member",
    "Other donor",
    "European Union",
];

/// Adds `lines` cost lines spread over the exchanges already in `store` (about the same
/// number per exchange, dated around each exchange), monthly rates from each currency to USD
/// over the exchanges' years, USD as the reporting currency, a fixed budget rate on one
/// exchange in a hundred, and a rate table per country. One transaction.
pub fn generate_costs(store: &mut Store, lines: usize, seed: u64) -> Result<std::time::Duration> {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(seed);
    let exchanges: Vec<(String, Option<NaiveDate>)> = store
        .conn()
        .prepare("SELECT id, start_date FROM exchanges WHERE deleted_at IS NULL ORDER BY rowid")?
        .query_map([], |r| {
            let date: Option<String> = r.get(1)?;
            Ok((
                r.get(0)?,
                date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if exchanges.is_empty() {
        return Ok(started.elapsed());
    }
    let first = exchanges
        .iter()
        .filter_map(|e| e.1)
        .min()
        .unwrap_or_default();
    let last = exchanges
        .iter()
        .filter_map(|e| e.1)
        .max()
        .unwrap_or_default();
    store.write(|w| {
        w.set_setting(crate::store::costs::REPORTING_CURRENCY_KEY, "USD")?;
        // Monthly rates from the year before the first exchange to after the last.
        let mut month = NaiveDate::from_ymd_opt(first.year() - 1, 1, 1).unwrap_or(first);
        while month <= last + Duration::days(62) {
            for (code, base) in &COST_CURRENCIES[1..] {
                // Vary the rate a little around the base by appending two digits.
                let digits = 10 + rng.below(80);
                let rate = if base.contains('.') {
                    format!("{base}{digits}")
                } else {
                    format!("{base}.{digits}")
                };
                let (from, to) = if *code == "EUR" {
                    ("EUR", "USD")
                } else {
                    ("USD", *code)
                };
                w.insert_new(&ExchangeRateData {
                    rate_date: Some(month),
                    from_currency: from.into(),
                    to_currency: to.into(),
                    rate,
                    source: "generated".into(),
                })?;
            }
            month = month
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(last + Duration::days(365));
        }
        let per_exchange = lines.div_ceil(exchanges.len());
        let mut written = 0;
        for (i, (exchange, start)) in exchanges.iter().enumerate() {
            let start = start.unwrap_or(first);
            let (currency, _) = *rng.pick(COST_CURRENCIES);
            let minor = crate::money::currency(currency).map_or(2, |c| c.minor_units);
            for k in 0..per_exchange {
                if written == lines {
                    break;
                }
                let category = CostCategory::ALL[k % CostCategory::ALL.len()];
                let stage = match rng.below(10) {
                    0..=4 => CostStage::Estimate,
                    5 => CostStage::Committed,
                    _ => CostStage::Actual,
                };
                let line_currency = if rng.below(3) == 0 { "USD" } else { currency };
                let line_minor = if line_currency == "USD" { 2 } else { minor };
                let major = 20 + rng.below(2000);
                let unit = crate::money::format_amount(
                    (major * 10usize.pow(line_minor) + rng.below(10usize.pow(line_minor))) as i128,
                    line_minor,
                );
                let day = match stage {
                    CostStage::Estimate => start - Duration::days(30 + rng.below(60) as i64),
                    _ => start + Duration::days(rng.below(20) as i64),
                };
                w.insert_new(&CostLineData {
                    exchange_id: exchange.clone(),
                    category,
                    description: format!("{} {k}", category.label()),
                    participant_id: None,
                    quantity: 1 + rng.below(12) as i64,
                    unit_amount: unit,
                    currency: line_currency.into(),
                    stage,
                    funder: rng.pick(COST_FUNDERS).to_string(),
                    // One estimate in five is undated: it takes the exchange's start date.
                    cost_date: if stage == CostStage::Estimate && rng.below(5) == 0 {
                        None
                    } else {
                        Some(day)
                    },
                    reference: String::new(),
                    // The host's share: the funder "Host member" is the host's own budget.
                    paid_by_member_id: None,
                })?;
                written += 1;
            }
            if i % 100 == 0 && currency != "USD" {
                let id = crate::store::costs::budget_rate_id(exchange, currency, "USD");
                let (_, base) = COST_CURRENCIES
                    .iter()
                    .find(|(c, _)| *c == currency)
                    .copied()
                    .unwrap_or(("USD", "1"));
                let rate = crate::money::Rate::parse(base)
                    .map(|r| {
                        // Budget rates are USD per unit: invert the base to 6 decimals.
                        let per =
                            crate::money::round_half_away(10i128.pow(6 + r.scale), r.mantissa);
                        crate::money::format_amount(per, 6)
                    })
                    .unwrap_or_else(|_| "1".into());
                w.insert_with_id(
                    &id,
                    &BudgetRateData {
                        exchange_id: exchange.clone(),
                        currency: currency.into(),
                        to_currency: "USD".into(),
                        rate,
                    },
                )?;
            }
        }
        for country in countries::all().iter().take(60) {
            w.insert_new(&RateTableEntryData {
                country_code: country.code.into(),
                city: String::new(),
                valid_from: Some(first),
                currency: "USD".into(),
                nightly_accommodation: format!("{}.00", 60 + rng.below(200)),
                daily_subsistence: format!("{}.00", 30 + rng.below(90)),
                return_fare: format!("{}.00", 300 + rng.below(1500)),
                note: String::new(),
            })?;
        }
        Ok(())
    })?;
    Ok(started.elapsed())
}
