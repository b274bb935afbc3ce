//! The officers' promise, checked against a hostile world: 3–6 laptops seeded from one
//! export make random edits through the `Store` API — several of them to fields one rule ties
//! together (an exchange's dates, a session's times, an amount and its currency, a host and the
//! format, an action's status and closing date) and to records another laptop deletes (a
//! member hosting an exchange, listed in a learning entry, represented by a participant) —
//! with clocks that are a year ahead, days behind, or fixed half-way; they merge each other's
//! files in random orders (sometimes twice, sometimes a copy cut half-way), then everyone
//! merges everyone until nothing changes.
//!
//! What an officer is told, and what is asserted:
//! - every merge succeeds, and `peerplan check` passes on the laptop after every merge;
//! - merging the same file again changes nothing and lists nothing new;
//! - a file copied half-way is refused as incomplete and changes nothing;
//! - in the end every laptop holds identical rows, bookkeeping (versions, stamps) included;
//! - every last edit (one no laptop replaced after seeing it) is the value, or is listed in a
//!   conflict on some laptop;
//! - a value an edit replaced never comes back (unless another laptop typed it again);
//! - nothing deleted comes back.
//!
//! `PEERPLAN_SIM_CASES=N` runs more random worlds (default 24 per run, a new seed each run;
//! failures are kept in sync_simulation.proptest-regressions and replayed first).

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use common::Laptop;
use peerplan_core::model::*;
use peerplan_core::store::records;
use proptest::prelude::*;
use serde_json::{json, Value as Json};

const YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone)]
enum Op {
    Edit {
        who: usize,
        target: usize,
        edit: EditKind,
    },
    Clock {
        who: usize,
        offset: i64,
    },
    Merge {
        into: usize,
        from: usize,
        twice: bool,
    },
    MergeHalfCopied {
        into: usize,
        from: usize,
    },
}

#[derive(Debug, Clone, Copy)]
enum EditKind {
    Title(u8),
    Officer(u8),
    ExchangeStart(u8),
    ExchangeEnd(u8),
    Virtual,
    Host(u8),
    SessionStart(u8),
    SessionEnd(u8),
    Money(u8),
    ActionDone(bool),
    EntryMembers(u8),
    ParticipantMember(u8),
    DeleteMember,
    DeletePartnership,
}

fn edit_kind() -> impl Strategy<Value = EditKind> {
    prop_oneof![
        2 => (0..3u8).prop_map(EditKind::Title),
        1 => (0..3u8).prop_map(EditKind::Officer),
        3 => (1..=20u8).prop_map(EditKind::ExchangeStart),
        3 => (1..=20u8).prop_map(EditKind::ExchangeEnd),
        1 => Just(EditKind::Virtual),
        2 => (0..3u8).prop_map(EditKind::Host),
        2 => (7..=17u8).prop_map(EditKind::SessionStart),
        2 => (8..=18u8).prop_map(EditKind::SessionEnd),
        3 => (0..4u8).prop_map(EditKind::Money),
        2 => any::<bool>().prop_map(EditKind::ActionDone),
        2 => (0..8u8).prop_map(EditKind::EntryMembers),
        2 => (0..3u8).prop_map(EditKind::ParticipantMember),
        2 => Just(EditKind::DeleteMember),
        1 => Just(EditKind::DeletePartnership),
    ]
}

fn op(n: usize) -> impl Strategy<Value = Op> {
    let who = 0..n;
    prop_oneof![
        8 => (who.clone(), 0..2usize, edit_kind())
            .prop_map(|(who, target, edit)| Op::Edit { who, target, edit }),
        1 => (who.clone(), prop_oneof![Just(YEAR_MS), Just(-YEAR_MS), Just(3 * DAY_MS), Just(-3 * DAY_MS), Just(0)])
            .prop_map(|(who, offset)| Op::Clock { who, offset }),
        5 => (who.clone(), who.clone(), any::<bool>())
            .prop_map(|(into, from, twice)| Op::Merge { into, from, twice }),
        1 => (who.clone(), who).prop_map(|(into, from)| Op::MergeHalfCopied { into, from }),
    ]
}

fn scenario() -> impl Strategy<Value = (usize, Vec<i64>, Vec<Op>)> {
    (3..=6usize).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::vec(
                prop_oneof![Just(0), Just(YEAR_MS), Just(-YEAR_MS), Just(2 * DAY_MS)],
                n,
            ),
            prop::collection::vec(op(n), 10..60),
        )
    })
}

/// One seeded partnership as the test knows it.
#[derive(Clone)]
struct Seed {
    partnership: String,
    members: Vec<String>,
    exchange: String,
    session: String,
    cost_line: String,
    action: String,
    entry: String,
    participant: String,
}

/// A group of fields the officer changes together, as the promise names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    Title,
    Officer,
    ExchangeDates,
    Host,
    SessionTimes,
    Money,
    ActionStatus,
    EntryMembers,
    ParticipantMember,
}

impl Group {
    fn table(self) -> &'static str {
        match self {
            Group::Title | Group::Officer => "partnerships",
            Group::ExchangeDates | Group::Host => "exchanges",
            Group::SessionTimes => "agenda_sessions",
            Group::Money => "cost_lines",
            Group::ActionStatus => "follow_up_actions",
            Group::EntryMembers => "learning_entries",
            Group::ParticipantMember => "participants",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            Group::Title => &["title"],
            Group::Officer => &["officer"],
            Group::ExchangeDates => &["start_date", "end_date"],
            Group::Host => &["format", "host_member_id"],
            Group::SessionTimes => &["start_time", "end_time"],
            Group::Money => &["quantity", "unit_amount", "currency"],
            Group::ActionStatus => &["status", "closed_on"],
            Group::EntryMembers => &["member_ids"],
            Group::ParticipantMember => &["member_id"],
        }
    }

    /// Groups a merge may change on its own (a reference to a record deleted elsewhere is
    /// cleared): their final value need not be an edit's, but every last edit is listed.
    fn repairable(self) -> bool {
        matches!(
            self,
            Group::Host | Group::EntryMembers | Group::ParticipantMember
        )
    }
}

const ALL_GROUPS: [Group; 9] = [
    Group::Title,
    Group::Officer,
    Group::ExchangeDates,
    Group::Host,
    Group::SessionTimes,
    Group::Money,
    Group::ActionStatus,
    Group::EntryMembers,
    Group::ParticipantMember,
];

/// A change an officer made, with the edits of the same group it had seen (and so replaced).
struct Edit {
    id: usize,
    row: String,
    group: Group,
    values: Vec<Json>,
    supersedes: HashSet<usize>,
}

struct World {
    laptops: Vec<Laptop>,
    /// Per laptop, the edits it has seen (made or merged).
    seen: Vec<HashSet<usize>>,
    seeds: Vec<Seed>,
    edits: Vec<Edit>,
    /// Rows some laptop deleted (with everything under a deleted partnership).
    deleted: HashSet<(String, &'static str)>,
    share: tempfile::TempDir,
}

fn value_of(laptop: &Laptop, table: &str, row: &str, field: &str) -> Json {
    let v: rusqlite::types::Value = laptop
        .store
        .conn()
        .query_row(
            &format!("SELECT {field} FROM {table} WHERE id = ?1"),
            [row],
            |r| r.get(0),
        )
        .unwrap();
    match v {
        rusqlite::types::Value::Integer(i) => json!(i),
        rusqlite::types::Value::Text(s) => json!(s),
        _ => Json::Null,
    }
}

fn is_live(laptop: &Laptop, table: &str, row: &str) -> bool {
    laptop
        .store
        .conn()
        .query_row(
            &format!("SELECT deleted_at IS NULL FROM {table} WHERE id = ?1"),
            [row],
            |r| r.get(0),
        )
        .unwrap_or(false)
}

/// Every synced row with its bookkeeping (version, creation, update time, tombstone) and every
/// field stamp: converged laptops hold identical copies.
fn full_dump(laptop: &Laptop) -> String {
    let conn = laptop.store.conn();
    let mut out = peerplan_core::sync::canonical_dump(conn).unwrap();
    for t in peerplan_core::sync::tables::TABLES {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT id, created_stamp, version, created_at, updated_at, coalesce(deleted_at, '')
                   FROM {} ORDER BY id",
                t.name
            ))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} {} created {} version {} at {} updated {} deleted {}\n",
                    t.name,
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?
                ))
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
        }
    }
    let mut stmt = conn
        .prepare("SELECT entity, row_id, field, stamp FROM field_stamps ORDER BY 1, 2, 3")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "stamp {} {} {} {}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?
            ))
        })
        .unwrap();
    for row in rows {
        out.push_str(&row.unwrap());
    }
    out
}

fn conflict_count(laptop: &Laptop) -> i64 {
    laptop
        .store
        .conn()
        .query_row("SELECT count(*) FROM sync_conflicts", [], |r| r.get(0))
        .unwrap()
}

fn assert_checks(laptop: &Laptop, context: &str) {
    let report = peerplan_core::check::run(&laptop.store).unwrap();
    assert_eq!(
        report.error_count(),
        0,
        "{context}: {} fails peerplan check: {:#?}",
        laptop.name,
        report
            .findings
            .iter()
            .filter(|f| f.severity == peerplan_core::validate::Severity::Error)
            .collect::<Vec<_>>()
    );
}

fn date(day: u8) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2027, 3, u32::from(day)).unwrap()
}

fn seed(laptop: &mut Laptop, n: usize) -> Seed {
    let store = &mut laptop.store;
    let partnership = store
        .save_partnership(
            None,
            PartnershipData {
                title: format!("Partnership {n}"),
                officer: "Amina".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let members: Vec<String> = ["KE", "GH", "NG"]
        .iter()
        .map(|code| {
            store
                .save_member(
                    None,
                    MemberData {
                        partnership_id: partnership.clone(),
                        country_code: code.to_string(),
                        ..Default::default()
                    },
                )
                .unwrap()
                .record
                .id
        })
        .collect();
    let exchange = store
        .save_exchange(
            None,
            ExchangeData {
                partnership_id: partnership.clone(),
                title: format!("Study visit {n}"),
                host_member_id: Some(members[0].clone()),
                start_date: Some(date(1)),
                end_date: Some(date(10)),
                time_zone: "Africa/Nairobi".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let day = store
        .save_agenda_day(
            None,
            AgendaDayData {
                exchange_id: exchange.clone(),
                day_date: Some(date(1)),
                title: "Day one".into(),
            },
        )
        .unwrap()
        .record
        .id;
    let session = store
        .save_agenda_session(
            None,
            AgendaSessionData {
                exchange_id: exchange.clone(),
                day_id: day,
                start_time: "09:00".into(),
                end_time: "12:00".into(),
                title: "Opening".into(),
                ..Default::default()
            },
            false,
        )
        .unwrap()
        .record
        .id;
    let cost_line = store
        .save_cost_line(
            None,
            CostLineData {
                exchange_id: exchange.clone(),
                category: CostCategory::VenueCatering,
                description: "Meeting room".into(),
                quantity: 2,
                unit_amount: "10.500".into(),
                currency: "KWD".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let action = store
        .save_follow_up_action(
            None,
            FollowUpActionData {
                partnership_id: partnership.clone(),
                what: "Share the draft indicators".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let entry = store
        .save_learning_entry(
            None,
            LearningEntryData {
                partnership_id: partnership.clone(),
                entry_date: Some(date(2)),
                what_changed: "Kenya adopted the template".into(),
                member_ids: vec![members[0].clone(), members[1].clone()],
                evidence: "Minutes".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let person = store
        .save_person(
            None,
            PersonData {
                name: format!("Kofi Mensah {n}"),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let participant = store
        .save_participant(
            None,
            ParticipantData {
                exchange_id: exchange.clone(),
                person_id: person,
                member_id: Some(members[1].clone()),
                ..Default::default()
            },
            None,
        )
        .unwrap()
        .record
        .id;
    Seed {
        partnership,
        members,
        exchange,
        session,
        cost_line,
        action,
        entry,
        participant,
    }
}

impl World {
    fn new(n: usize, clocks: &[i64]) -> World {
        let mut laptops: Vec<Laptop> = (0..n)
            .map(|i| Laptop::new(&format!("Laptop {i}")))
            .collect();
        let seeds: Vec<Seed> = (0..2).map(|i| seed(&mut laptops[0], i)).collect();
        let share = tempfile::tempdir().unwrap();
        let file = laptops[0].export_to(share.path());
        for other in &mut laptops[1..] {
            other.merge(&file).unwrap();
        }
        for (laptop, offset) in laptops.iter_mut().zip(clocks) {
            laptop.store.simulate_wrong_clock(*offset);
        }
        let mut world = World {
            seen: vec![HashSet::new(); n],
            laptops,
            seeds,
            edits: Vec::new(),
            deleted: HashSet::new(),
            share,
        };
        // The seeded values are the first edits, seen by everyone.
        for seed in world.seeds.clone() {
            for group in ALL_GROUPS {
                let row = seed_row(&seed, group);
                let id = world.record(0, &row, group);
                for seen in &mut world.seen {
                    seen.insert(id);
                }
            }
        }
        world
    }

    /// Notes the edit laptop `who` just made to `group` of `row` (its values as stored).
    fn record(&mut self, who: usize, row: &str, group: Group) -> usize {
        let values = group
            .fields()
            .iter()
            .map(|f| value_of(&self.laptops[who], group.table(), row, f))
            .collect();
        let id = self.edits.len();
        let supersedes = self
            .edits
            .iter()
            .filter(|e| e.row == row && e.group == group && self.seen[who].contains(&e.id))
            .map(|e| e.id)
            .collect();
        self.edits.push(Edit {
            id,
            row: row.to_string(),
            group,
            values,
            supersedes,
        });
        self.seen[who].insert(id);
        id
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Edit { who, target, edit } => self.edit(who, target, edit),
            Op::Clock { who, offset } => self.laptops[who].store.simulate_wrong_clock(offset),
            Op::Merge { into, from, twice } => self.merge(into, from, twice),
            Op::MergeHalfCopied { into, from } => {
                if into == from {
                    return;
                }
                let file = self.laptops[from].export_to(self.share.path());
                let bytes = std::fs::read(&file).unwrap();
                let cut = self.share.path().join("half.peerplan");
                std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
                let before = full_dump(&self.laptops[into]);
                let err = self.laptops[into].merge(&cut).unwrap_err();
                assert_eq!(err.code(), "truncated", "{err}");
                assert_eq!(full_dump(&self.laptops[into]), before);
            }
        }
    }

    fn merge(&mut self, into: usize, from: usize, twice: bool) {
        if into == from {
            return;
        }
        let file = self.laptops[from].export_to(self.share.path());
        let from_seen = self.seen[from].clone();
        let report = self.laptops[into]
            .merge(&file)
            .unwrap_or_else(|e| panic!("merging laptop {from} into {into}: {e}"));
        assert_eq!(
            report.set_aside, 0,
            "nothing valid is set aside: {report:#?}"
        );
        self.seen[into].extend(from_seen);
        assert_checks(
            &self.laptops[into],
            &format!("after merging {from} into {into}"),
        );
        if twice {
            let before = full_dump(&self.laptops[into]);
            let conflicts = conflict_count(&self.laptops[into]);
            let again = self.laptops[into].merge(&file).unwrap();
            assert!(
                again.nothing_to_do(),
                "merging the same file twice: {again:#?}"
            );
            assert_eq!(
                full_dump(&self.laptops[into]),
                before,
                "re-merge changed rows"
            );
            assert_eq!(
                conflict_count(&self.laptops[into]),
                conflicts,
                "re-merge listed conflicts again"
            );
        }
    }

    fn edit(&mut self, who: usize, target: usize, edit: EditKind) {
        let seed = self.seeds[target].clone();
        if !is_live(&self.laptops[who], "partnerships", &seed.partnership) {
            return;
        }
        // The values of every group before the edit: a save that changes nothing is no edit.
        let before: Vec<(Group, Vec<Json>)> = ALL_GROUPS
            .iter()
            .map(|g| {
                let row = seed_row(&seed, *g);
                let values = g
                    .fields()
                    .iter()
                    .map(|f| value_of(&self.laptops[who], g.table(), &row, f))
                    .collect();
                (*g, values)
            })
            .collect();
        let laptop = &mut self.laptops[who];
        let store = &mut laptop.store;
        let conn_get = |store: &peerplan_core::Store, table: &str, row: &str| -> bool {
            store
                .conn()
                .query_row(
                    &format!("SELECT deleted_at IS NULL FROM {table} WHERE id = ?1"),
                    [row],
                    |r| r.get(0),
                )
                .unwrap_or(false)
        };
        let (row, group, saved): (String, Group, bool) = match edit {
            EditKind::Title(v) | EditKind::Officer(v) => {
                let mut data = records::get::<PartnershipData>(store.conn(), &seed.partnership)
                    .unwrap()
                    .data;
                let group = if matches!(edit, EditKind::Title(_)) {
                    data.title = format!("Title {v}");
                    Group::Title
                } else {
                    data.officer = format!("Officer {v}");
                    Group::Officer
                };
                (
                    seed.partnership.clone(),
                    group,
                    store
                        .save_partnership(Some(&seed.partnership), data)
                        .is_ok(),
                )
            }
            EditKind::ExchangeStart(_)
            | EditKind::ExchangeEnd(_)
            | EditKind::Virtual
            | EditKind::Host(_) => {
                let mut data = records::get::<ExchangeData>(store.conn(), &seed.exchange)
                    .unwrap()
                    .data;
                let group = match edit {
                    EditKind::ExchangeStart(d) => {
                        data.start_date = Some(date(d));
                        Group::ExchangeDates
                    }
                    EditKind::ExchangeEnd(d) => {
                        data.end_date = Some(date(d));
                        Group::ExchangeDates
                    }
                    EditKind::Host(d) => {
                        data.format = ExchangeFormat::InPerson;
                        data.host_member_id = Some(seed.members[usize::from(d) % 3].clone());
                        Group::Host
                    }
                    _ => {
                        data.format = ExchangeFormat::Virtual;
                        data.host_member_id = None;
                        Group::Host
                    }
                };
                (
                    seed.exchange.clone(),
                    group,
                    store.save_exchange(Some(&seed.exchange), data).is_ok(),
                )
            }
            EditKind::SessionStart(h) | EditKind::SessionEnd(h) => {
                let mut data = records::get::<AgendaSessionData>(store.conn(), &seed.session)
                    .unwrap()
                    .data;
                if matches!(edit, EditKind::SessionStart(_)) {
                    data.start_time = format!("{h:02}:00");
                } else {
                    data.end_time = format!("{h:02}:00");
                }
                (
                    seed.session.clone(),
                    Group::SessionTimes,
                    store
                        .save_agenda_session(Some(&seed.session), data, false)
                        .is_ok(),
                )
            }
            EditKind::Money(v) => {
                let mut data = records::get::<CostLineData>(store.conn(), &seed.cost_line)
                    .unwrap()
                    .data;
                let (quantity, amount, currency) = [
                    (1, "12.345", "KWD"),
                    (3, "10.500", "KWD"),
                    (2, "1500", "JPY"),
                    (1, "99.99", "USD"),
                ][usize::from(v)];
                data.quantity = quantity;
                data.unit_amount = amount.into();
                data.currency = currency.into();
                (
                    seed.cost_line.clone(),
                    Group::Money,
                    store.save_cost_line(Some(&seed.cost_line), data).is_ok(),
                )
            }
            EditKind::ActionDone(done) => {
                let mut data = records::get::<FollowUpActionData>(store.conn(), &seed.action)
                    .unwrap()
                    .data;
                if done {
                    data.status = ActionStatus::Done;
                    data.outcome = "Shared".into();
                } else {
                    data.status = ActionStatus::Planned;
                    data.closed_on = None;
                }
                (
                    seed.action.clone(),
                    Group::ActionStatus,
                    store
                        .save_follow_up_action(Some(&seed.action), data)
                        .is_ok(),
                )
            }
            EditKind::EntryMembers(mask) => {
                let mut data = records::get::<LearningEntryData>(store.conn(), &seed.entry)
                    .unwrap()
                    .data;
                data.member_ids = (0..3)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| seed.members[i].clone())
                    .collect();
                (
                    seed.entry.clone(),
                    Group::EntryMembers,
                    store.save_learning_entry(Some(&seed.entry), data).is_ok(),
                )
            }
            EditKind::ParticipantMember(j) => {
                if !conn_get(store, "participants", &seed.participant) {
                    return;
                }
                let mut data = records::get::<ParticipantData>(store.conn(), &seed.participant)
                    .unwrap()
                    .data;
                data.member_id = Some(seed.members[usize::from(j) % 3].clone());
                (
                    seed.participant.clone(),
                    Group::ParticipantMember,
                    store
                        .save_participant(Some(&seed.participant), data, None)
                        .is_ok(),
                )
            }
            EditKind::DeleteMember => {
                // Nigeria: refused while it hosts, is represented or is in the contact log.
                let member = seed.members[2].clone();
                if conn_get(store, "members", &member) && store.delete_member(&member).is_ok() {
                    self.deleted.insert((member, "members"));
                }
                // (What the delete took the member out of is recorded below.)
                (seed.entry.clone(), Group::EntryMembers, false)
            }
            EditKind::DeletePartnership => {
                if store.delete_partnership(&seed.partnership).is_ok() {
                    self.deleted
                        .insert((seed.partnership.clone(), "partnerships"));
                    self.deleted.insert((seed.exchange.clone(), "exchanges"));
                    self.deleted.insert((seed.cost_line.clone(), "cost_lines"));
                    self.deleted
                        .insert((seed.session.clone(), "agenda_sessions"));
                }
                return;
            }
        };
        let _ = (row, group, saved);
        // Every group the officer's action changed (a member's removal also takes it out of
        // lists) is an edit the officer made knowingly.
        for (g, values) in before {
            let row = seed_row(&seed, g);
            let now: Vec<Json> = g
                .fields()
                .iter()
                .map(|f| value_of(&self.laptops[who], g.table(), &row, f))
                .collect();
            if now != values {
                self.record(who, &row, g);
            }
        }
    }

    /// Everyone merges everyone until a whole round changes nothing.
    fn converge(&mut self) {
        let n = self.laptops.len();
        for round in 0..6 {
            let before: Vec<String> = self.laptops.iter().map(full_dump).collect();
            for into in 0..n {
                for from in 0..n {
                    self.merge(into, from, false);
                }
            }
            let after: Vec<String> = self.laptops.iter().map(full_dump).collect();
            if before == after {
                return;
            }
            assert!(round < 5, "merging everyone into everyone never settles");
        }
    }
}

fn seed_row(seed: &Seed, group: Group) -> String {
    match group {
        Group::Title | Group::Officer => seed.partnership.clone(),
        Group::ExchangeDates | Group::Host => seed.exchange.clone(),
        Group::SessionTimes => seed.session.clone(),
        Group::Money => seed.cost_line.clone(),
        Group::ActionStatus => seed.action.clone(),
        Group::EntryMembers => seed.entry.clone(),
        Group::ParticipantMember => seed.participant.clone(),
    }
}

/// Every value any laptop was shown in a conflict for a row: its JSON objects, field → value.
fn conflict_values(world: &World, table: &str, row: &str) -> Vec<Json> {
    let mut out = Vec::new();
    for laptop in &world.laptops {
        let mut stmt = laptop
            .store
            .conn()
            .prepare(
                "SELECT kept_values, other_values FROM sync_conflicts WHERE entity = ?1 AND row_id = ?2",
            )
            .unwrap();
        let rows = stmt
            .query_map([table, row], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .unwrap();
        for row in rows {
            let (kept, other) = row.unwrap();
            for text in [kept, other] {
                if let Ok(v) = serde_json::from_str(&text) {
                    out.push(v);
                }
            }
        }
    }
    out
}

fn check_world(world: &mut World, ops: &[Op]) {
    for op in ops {
        world.apply(op);
    }
    world.converge();
    let first = full_dump(&world.laptops[0]);
    for laptop in &world.laptops[1..] {
        let dump = full_dump(laptop);
        if dump != first {
            let diff: Vec<_> = dump
                .lines()
                .zip(first.lines())
                .filter(|(a, b)| a != b)
                .take(5)
                .collect();
            panic!("{} did not converge with Laptop 0: {diff:#?}", laptop.name);
        }
    }
    for (row, table) in &world.deleted {
        assert!(
            !is_live(&world.laptops[0], table, row),
            "{table} {row} was deleted and came back"
        );
    }
    let laptop = &world.laptops[0];
    // An edit is replaced knowingly when its author, or anyone after seeing it, changed the
    // group again. Two laptops that typed the same values count as one: a colleague who saw
    // one of them and changed it has seen those values (a merge cannot tell equal values
    // apart, and keeps one version of them).
    let overwritten: HashSet<usize> = world
        .edits
        .iter()
        .flat_map(|e| e.supersedes.iter().copied())
        .collect();
    let superseded: HashSet<usize> = world
        .edits
        .iter()
        .filter(|e| {
            world.edits.iter().any(|o| {
                overwritten.contains(&o.id)
                    && o.row == e.row
                    && o.group == e.group
                    && o.values == e.values
            })
        })
        .map(|e| e.id)
        .collect();
    // Latest edits by row and group.
    let mut latest: BTreeMap<(String, &'static str), Vec<&Edit>> = BTreeMap::new();
    for edit in world.edits.iter().filter(|e| !superseded.contains(&e.id)) {
        latest
            .entry((edit.row.clone(), edit.group.table()))
            .or_default()
            .push(edit);
    }
    let mut final_values: HashMap<(String, Group), Vec<Json>> = HashMap::new();
    for edit in &world.edits {
        final_values
            .entry((edit.row.clone(), edit.group))
            .or_insert_with(|| {
                edit.group
                    .fields()
                    .iter()
                    .map(|f| value_of(laptop, edit.group.table(), &edit.row, f))
                    .collect()
            });
    }
    for edit in world.edits.iter().filter(|e| !superseded.contains(&e.id)) {
        let table = edit.group.table();
        if !is_live(laptop, table, &edit.row) {
            continue; // deleted by an officer (a concurrent edit is listed as a conflict)
        }
        let now = &final_values[&(edit.row.clone(), edit.group)];
        if *now == edit.values {
            continue;
        }
        let fields = edit.group.fields();
        let shown = conflict_values(world, table, &edit.row).iter().any(|c| {
            fields
                .iter()
                .zip(&edit.values)
                .filter(|(f, _)| c.get(**f).is_some())
                .all(|(f, v)| c.get(*f) == Some(v))
                && fields.iter().any(|f| c.get(*f).is_some())
        });
        assert!(
            shown,
            "the last edit {} of {table} {:?} = {:?} is neither the value ({now:?}) nor listed in a conflict",
            edit.id, edit.group, edit.values
        );
    }
    // A value that an edit replaced never comes back, unless some laptop typed it again.
    for ((row, group), now) in &final_values {
        if group.repairable() || !is_live(laptop, group.table(), row) {
            continue;
        }
        let typed_again = world.edits.iter().any(|e| {
            !overwritten.contains(&e.id) && &e.row == row && e.group == *group && &e.values == now
        });
        let replaced = world.edits.iter().any(|e| {
            overwritten.contains(&e.id) && &e.row == row && e.group == *group && &e.values == now
        });
        assert!(
            typed_again || !replaced,
            "{group:?} of {row} is {now:?}, a value an officer had replaced"
        );
    }
    assert_checks(laptop, "after everyone merged everyone");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PEERPLAN_SIM_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn laptops_with_wrong_clocks_converge_keep_every_last_edit_and_never_break_a_rule(
        (n, clocks, ops) in scenario()
    ) {
        let mut world = World::new(n, &clocks);
        check_world(&mut world, &ops);
    }
}

/// The first story, by hand: A moves the start to 8 March, B (concurrently) the end to
/// 5 March; both were valid. The merge keeps one of the two date pairs and lists the other.
#[test]
fn dates_moved_on_two_laptops_never_make_an_exchange_end_before_it_starts() {
    let mut world = World::new(3, &[0, 0, 0]);
    world.apply(&Op::Edit {
        who: 0,
        target: 0,
        edit: EditKind::ExchangeStart(8),
    });
    world.apply(&Op::Edit {
        who: 1,
        target: 0,
        edit: EditKind::ExchangeEnd(5),
    });
    world.apply(&Op::Merge {
        into: 1,
        from: 0,
        twice: true,
    });
    world.apply(&Op::Merge {
        into: 2,
        from: 1,
        twice: true,
    });
    check_world(&mut world, &[]);
}

/// The third story: A (a year ahead) renames; B renames after seeing A's title; C
/// renames concurrently. A's replaced title never wins.
#[test]
fn a_title_replaced_after_a_fast_laptops_rename_never_comes_back() {
    for order in [[0usize, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]] {
        let mut world = World::new(3, &[YEAR_MS, 0, 3 * DAY_MS]);
        world.apply(&Op::Edit {
            who: 0,
            target: 0,
            edit: EditKind::Title(0),
        });
        world.apply(&Op::Merge {
            into: 1,
            from: 0,
            twice: false,
        });
        world.apply(&Op::Edit {
            who: 1,
            target: 0,
            edit: EditKind::Title(1),
        });
        world.apply(&Op::Edit {
            who: 2,
            target: 0,
            edit: EditKind::Title(2),
        });
        for from in order {
            for into in 0..3 {
                world.apply(&Op::Merge {
                    into,
                    from,
                    twice: true,
                });
            }
        }
        check_world(&mut world, &[]);
        let title = world.laptops[0]
            .get_partnership(&world.seeds[0].partnership)
            .data
            .title;
        assert_ne!(title, "Title 0", "order {order:?}");
    }
}

/// The second story: a cost line's quantity set on the fast laptop, its amount then
/// corrected on a laptop with a correct clock after merging it: the correction stays.
#[test]
fn an_amount_corrected_after_a_fast_laptops_edit_stays_corrected() {
    let mut world = World::new(3, &[YEAR_MS, 0, -3 * DAY_MS]);
    world.apply(&Op::Edit {
        who: 0,
        target: 0,
        edit: EditKind::Money(1),
    });
    world.apply(&Op::Merge {
        into: 1,
        from: 0,
        twice: false,
    });
    world.apply(&Op::Edit {
        who: 1,
        target: 0,
        edit: EditKind::Money(3),
    });
    world.apply(&Op::Merge {
        into: 2,
        from: 1,
        twice: true,
    });
    world.apply(&Op::Merge {
        into: 0,
        from: 2,
        twice: true,
    });
    check_world(&mut world, &[]);
    let line =
        records::get::<CostLineData>(world.laptops[0].store.conn(), &world.seeds[0].cost_line)
            .unwrap();
    assert_eq!(
        (line.data.unit_amount.as_str(), line.data.currency.as_str()),
        ("99.99", "USD")
    );
}
