//! A generator of large, plausible portfolios for benchmarks ("a whole network's history").
//! Deterministic: the same sizes and seed give the same shape of data.

use chrono::{Duration, NaiveDate};

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
