//! The one-page partnership summary as plain data: `build` turns a partnership's records and
//! its follow-up signals into a `Summary` (every line already worded for an officer), which a
//! renderer (`super::pdf`) lays out. Pure, so it is tested without a PDF; `load` reads the
//! records from the store.

use chrono::NaiveDate;
use serde::Serialize;

use crate::countries;
use crate::model::*;
use crate::signals::{self, PartnershipSignals};
use crate::store::records;
use crate::store::Store;
use crate::{Error, Result};

/// At most this many latest successes and this many latest failures are shown.
pub const LESSONS_PER_KIND: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub title: String,
    pub kind: String,
    pub status: String,
    pub topic: String,
    /// "Since 3 March 2025" / "3 March 2025 – 30 June 2027"; empty without a start date.
    pub period: String,
    pub officer: String,
    pub members: Vec<SummaryMember>,
    pub goals: Vec<SummaryGoal>,
    pub exchanges_held: Vec<SummaryExchange>,
    pub exchanges_planned: Vec<SummaryExchange>,
    pub follow_up: FollowUpStatus,
    /// The latest successes and failures, newest first.
    pub lessons: Vec<SummaryLesson>,
    /// The day the summary describes (and is printed on).
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryMember {
    /// The sub-national government, city, ministry or institution; empty for a country.
    pub name: String,
    pub country_name: String,
    pub country_code: String,
    pub level: String,
    pub role: String,
}

impl SummaryMember {
    /// "Kenya (KE)" or "Nairobi City County — Kenya (KE)".
    pub fn label(&self) -> String {
        let country = format!("{} ({})", self.country_name, self.country_code);
        if self.name.is_empty() {
            country
        } else {
            format!("{} — {country}", self.name)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryGoal {
    pub text: String,
    /// A member's label, or "Jointly" (in the summary's words).
    pub proposed_by: String,
    /// Proposed by the members together rather than by one of them.
    pub jointly: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryExchange {
    pub title: String,
    /// "12–14 March 2026", "30 March – 2 April 2026", or "Dates to be set".
    pub dates: String,
    pub format: String,
    /// "Accra, Ghana"; empty for a virtual exchange without a city.
    pub place: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpStatus {
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub done_actions: usize,
    pub undated_actions: usize,
    pub days_since_last_contact: Option<i64>,
    pub last_contact: Option<NaiveDate>,
    /// "4 December 2026 (in 11 days): Call, Ghana (GH) → Kenya (KE)".
    pub next_contact: Option<String>,
    /// The overdue actions, most overdue first, each worded with its lateness.
    pub overdue: Vec<String>,
    /// The next open actions with a due date, soonest first (at most three).
    pub upcoming: Vec<String>,
    /// The going-quiet flag with its figures, worded; `None` when not flagged.
    pub going_quiet: Option<String>,
    /// The one-sided flag with its figures, worded; `None` when not flagged.
    pub one_sided: Option<String>,
    /// "Kenya (KE) 3 (60 %), Ghana (GH) 2 (40 %)": agenda sessions each member led (a
    /// session led jointly counts for each lead); `None` before any agenda has sessions.
    pub sessions_led: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryLesson {
    pub date: Option<NaiveDate>,
    pub kind: LearningKind,
    pub what_changed: String,
    pub significance: String,
    /// The members it concerns, by label; empty for the partnership as a whole.
    pub members: Vec<String>,
}

/// Everything the summary is built from (live records of one partnership).
#[derive(Debug, Clone)]
pub struct SummaryInput {
    pub partnership: Partnership,
    pub members: Vec<Member>,
    pub goals: Vec<Goal>,
    pub exchanges: Vec<Exchange>,
    pub actions: Vec<FollowUpAction>,
    pub lessons: Vec<LearningEntry>,
}

pub use crate::dates::{date_range, long_date};

/// The words a summary is written with: `English` is the core's own; the document writers
/// word it in French and Spanish from the shared catalog (peerplan-docs' `SummaryWords` for
/// a language). What to show — which members, exchanges, actions and lessons, in which
/// order — is decided once, in `build_in`; only the wording differs.
pub trait SummaryWords {
    /// "3 March 2026".
    fn date(&self, d: NaiveDate) -> String;
    /// "12–14 March 2026", or "Dates to be set" without a start.
    fn date_range(&self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> String;
    /// The partnership's period: "Since 3 March 2025" or "3 March 2025 – 30 June 2027".
    fn period(&self, start: NaiveDate, end: Option<NaiveDate>) -> String;
    /// A country's name ("Ghana"); its code when unknown.
    fn country_name(&self, code: &str) -> String;
    /// A member's label as the core words it ("Nairobi City County — Kenya (KE)",
    /// "an unknown member"), in these words.
    fn member_label(&self, english: &str) -> String;
    /// A goal's proposer that is no longer a member.
    fn former_member(&self) -> String;
    /// A goal proposed by the members together.
    fn jointly(&self) -> String;
    /// An enum value's label: `enum_name` and `value` as the catalog keys them
    /// ("partnership_kind", "twinning"), `english` as the core labels it.
    fn label(&self, enum_name: &str, value: &str, english: &'static str) -> String;
    /// "1 day", "12 days".
    fn days(&self, n: i64) -> String;
    /// "4 December 2026 (in 11 days): Call, Ghana (GH) → Kenya (KE)".
    fn next_contact(&self, c: &signals::PlannedContact) -> String;
    /// "Send the brief — due 31 October 2026, 23 days late, owner Kenya (KE)".
    fn overdue(&self, a: &signals::ActionDue) -> String;
    /// "Send the brief — due 26 November 2026 (in 3 days), owner Kenya (KE)".
    fn upcoming(&self, a: &signals::ActionDue) -> String;
    /// "Going quiet: 158 days since the last exchange on 18 June 2026 (flagged at 60 days or more)".
    fn going_quiet(&self, q: &signals::GoingQuiet) -> String;
    /// "Kenya (KE) 3 (60 %), Ghana (GH) 2 (40 %)".
    fn sessions_led(&self, shares: &[signals::MemberShare]) -> String;
    /// "One-sided: Kenya (KE) initiated 5 of 6 contacts (83 %; flagged at 75 %); 4 one-way and 2 two-way".
    fn one_sided(&self, o: &signals::OneSided) -> String;
}

/// The summary's English words (the core's own).
#[derive(Debug, Clone, Copy, Default)]
pub struct English;

fn owner_text(o: &Option<String>) -> String {
    o.as_ref()
        .map(|o| format!(", owner {o}"))
        .unwrap_or_default()
}

impl SummaryWords for English {
    fn date(&self, d: NaiveDate) -> String {
        long_date(d)
    }
    fn date_range(&self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
        date_range(start, end)
    }
    fn period(&self, start: NaiveDate, end: Option<NaiveDate>) -> String {
        match end {
            None => format!("Since {}", long_date(start)),
            Some(e) => format!("{} – {}", long_date(start), long_date(e)),
        }
    }
    fn country_name(&self, code: &str) -> String {
        countries::name(code).unwrap_or(code).to_string()
    }
    fn member_label(&self, english: &str) -> String {
        english.to_string()
    }
    fn former_member(&self) -> String {
        "a former member".to_string()
    }
    fn jointly(&self) -> String {
        "Jointly".to_string()
    }
    fn label(&self, _enum_name: &str, _value: &str, english: &'static str) -> String {
        english.to_string()
    }
    fn days(&self, n: i64) -> String {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    }
    fn next_contact(&self, c: &signals::PlannedContact) -> String {
        format!(
            "{} (in {}): {}, {} → {}",
            long_date(c.date),
            self.days(c.days_until),
            c.channel.label(),
            c.from,
            c.to
        )
    }
    fn overdue(&self, a: &signals::ActionDue) -> String {
        format!(
            "{} — due {}, {} late{}",
            a.what,
            long_date(a.due_date),
            self.days(a.days),
            owner_text(&a.owner)
        )
    }
    fn upcoming(&self, a: &signals::ActionDue) -> String {
        let when = if a.days == 0 {
            "today".to_string()
        } else {
            format!("in {}", self.days(a.days))
        };
        format!(
            "{} — due {} ({when}){}",
            a.what,
            long_date(a.due_date),
            owner_text(&a.owner)
        )
    }
    fn going_quiet(&self, q: &signals::GoingQuiet) -> String {
        let basis = match q.basis {
            signals::ActivityKind::Contact => "the last contact",
            signals::ActivityKind::CompletedAction => "the last completed action",
            signals::ActivityKind::HeldExchange => "the last exchange",
            signals::ActivityKind::PartnershipStart => "the partnership's start",
        };
        format!(
            "Going quiet: {} since {basis} on {} (flagged at {} or more)",
            self.days(q.days),
            long_date(q.since),
            self.days(q.threshold_days)
        )
    }
    fn sessions_led(&self, shares: &[signals::MemberShare]) -> String {
        shares
            .iter()
            .map(|s| format!("{} {} ({} %)", s.label, s.count, s.percent))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn one_sided(&self, o: &signals::OneSided) -> String {
        let t = &o.top_initiator;
        format!(
            "One-sided: {} initiated {} of {} contacts ({} %; flagged at {} %); {} one-way and {} two-way",
            t.label, t.count, o.contacts, t.percent, o.threshold_percent, o.one_way, o.two_way
        )
    }
}

fn member_label(members: &[Member], id: &str, words: &dyn SummaryWords) -> String {
    members
        .iter()
        .find(|m| m.id == id)
        .map(|m| words.member_label(&m.data.label()))
        .unwrap_or_else(|| words.former_member())
}

/// Builds the summary from the records and the partnership's signals on `sig.today`, in
/// English.
pub fn build(input: &SummaryInput, sig: &PartnershipSignals) -> Summary {
    build_in(input, sig, &English)
}

/// Builds the summary worded with `words` (see `SummaryWords`).
pub fn build_in(
    input: &SummaryInput,
    sig: &PartnershipSignals,
    words: &dyn SummaryWords,
) -> Summary {
    let p = &input.partnership.data;
    let period = match p.start_date {
        None => String::new(),
        Some(s) => words.period(s, p.end_date),
    };
    let members = input
        .members
        .iter()
        .map(|m| SummaryMember {
            name: m.data.name.trim().to_string(),
            country_name: words.country_name(&m.data.country_code),
            country_code: m.data.country_code.clone(),
            level: words.label("member_level", m.data.level.as_str(), m.data.level.label()),
            role: m.data.role.trim().to_string(),
        })
        .collect();
    let goals = input
        .goals
        .iter()
        .map(|g| SummaryGoal {
            text: g.data.text.trim().to_string(),
            proposed_by: match &g.data.proposed_by_member_id {
                Some(id) => member_label(&input.members, id, words),
                None => words.jointly(),
            },
            jointly: g.data.proposed_by_member_id.is_none(),
        })
        .collect();

    let mut exchanges: Vec<&Exchange> = input.exchanges.iter().collect();
    exchanges.sort_by_key(|e| (e.data.start_date.is_none(), e.data.start_date));
    let summarise = |e: &Exchange| {
        let country = e
            .data
            .country_code
            .as_deref()
            .map(|c| words.country_name(c));
        let city = e.data.city.trim();
        let place = match (city.is_empty(), country) {
            (false, Some(c)) => format!("{city}, {c}"),
            (false, None) => city.to_string(),
            (true, Some(c)) => c,
            (true, None) => String::new(),
        };
        SummaryExchange {
            title: e.data.title.trim().to_string(),
            dates: words.date_range(e.data.start_date, e.data.end_date),
            format: words.label(
                "exchange_format",
                e.data.format.as_str(),
                e.data.format.label(),
            ),
            place,
            status: words.label(
                "exchange_status",
                e.data.status.as_str(),
                e.data.status.label(),
            ),
        }
    };
    let exchanges_held = exchanges
        .iter()
        .filter(|e| e.data.status == ExchangeStatus::Held)
        .map(|e| summarise(e))
        .collect();
    let exchanges_planned = exchanges
        .iter()
        .filter(|e| {
            matches!(
                e.data.status,
                ExchangeStatus::Planned | ExchangeStatus::Confirmed
            )
        })
        .map(|e| summarise(e))
        .collect();

    let live_actions = input.actions.iter().filter(|a| !a.is_deleted());
    let open_actions = live_actions
        .clone()
        .filter(|a| a.data.status.is_open())
        .count();
    let done_actions = live_actions
        .filter(|a| a.data.status == ActionStatus::Done)
        .count();
    // Members are named in the summary's words wherever the signals name them.
    let relabel = |o: &Option<String>| o.as_ref().map(|o| words.member_label(o));
    let follow_up = FollowUpStatus {
        open_actions,
        overdue_actions: sig.overdue.len(),
        done_actions,
        undated_actions: sig.undated_open_actions,
        days_since_last_contact: sig.days_since_last_contact,
        last_contact: sig.last_contact,
        next_contact: sig.next_contact.as_ref().map(|c| {
            words.next_contact(&signals::PlannedContact {
                from: words.member_label(&c.from),
                to: words.member_label(&c.to),
                ..c.clone()
            })
        }),
        overdue: sig
            .overdue
            .iter()
            .map(|a| {
                words.overdue(&signals::ActionDue {
                    owner: relabel(&a.owner),
                    ..a.clone()
                })
            })
            .collect(),
        upcoming: sig
            .upcoming
            .iter()
            .take(3)
            .map(|a| {
                words.upcoming(&signals::ActionDue {
                    owner: relabel(&a.owner),
                    ..a.clone()
                })
            })
            .collect(),
        going_quiet: sig.going_quiet.as_ref().map(|q| words.going_quiet(q)),
        sessions_led: {
            let led = &sig.mutuality.sessions_led;
            led.iter().any(|s| s.count > 0).then(|| {
                let shares: Vec<signals::MemberShare> = led
                    .iter()
                    .map(|s| signals::MemberShare {
                        label: words.member_label(&s.label),
                        ..s.clone()
                    })
                    .collect();
                words.sessions_led(&shares)
            })
        },
        one_sided: sig.one_sided.as_ref().map(|o| {
            let mut o = o.clone();
            o.top_initiator.label = words.member_label(&o.top_initiator.label);
            words.one_sided(&o)
        }),
    };

    let mut lessons: Vec<&LearningEntry> = input.lessons.iter().collect();
    lessons.sort_by_key(|l| std::cmp::Reverse(l.data.entry_date));
    let mut picked: Vec<&LearningEntry> = Vec::new();
    for kind in [LearningKind::Success, LearningKind::Failure] {
        picked.extend(
            lessons
                .iter()
                .filter(|l| l.data.kind == kind)
                .take(LESSONS_PER_KIND),
        );
    }
    picked.sort_by_key(|l| std::cmp::Reverse(l.data.entry_date));
    let lessons = picked
        .into_iter()
        .map(|l| SummaryLesson {
            date: l.data.entry_date,
            kind: l.data.kind,
            what_changed: l.data.what_changed.trim().to_string(),
            significance: l.data.significance.trim().to_string(),
            members: l
                .data
                .member_ids
                .iter()
                .map(|id| member_label(&input.members, id, words))
                .collect(),
        })
        .collect();

    Summary {
        title: p.title.trim().to_string(),
        kind: words.label("partnership_kind", p.kind.as_str(), p.kind.label()),
        status: words.label("partnership_status", p.status.as_str(), p.status.label()),
        topic: p.topic.trim().to_string(),
        period,
        officer: p.officer.trim().to_string(),
        members,
        goals,
        exchanges_held,
        exchanges_planned,
        follow_up,
        lessons,
        today: sig.today,
    }
}

/// Reads one partnership's records from the store and builds its summary on `today`.
pub fn load(store: &Store, partnership_id: &str, today: NaiveDate) -> Result<Summary> {
    load_in(store, partnership_id, today, &English)
}

/// `load`, worded with `words`.
pub fn load_in(
    store: &Store,
    partnership_id: &str,
    today: NaiveDate,
    words: &dyn SummaryWords,
) -> Result<Summary> {
    let conn = store.conn();
    let partnership = records::get::<PartnershipData>(conn, partnership_id)?;
    if partnership.is_deleted() {
        return Err(Error::Deleted {
            entity: "partnership",
            id: partnership.id,
        });
    }
    let by_partnership = "t.partnership_id = ?1";
    let id: &dyn rusqlite::ToSql = &partnership_id;
    let input = SummaryInput {
        members: records::list(conn, by_partnership, &[id], "t.created_at, t.id")?,
        goals: records::list(conn, by_partnership, &[id], "t.created_at, t.id")?,
        exchanges: records::list(conn, by_partnership, &[id], "t.start_date, t.id")?,
        actions: records::list(conn, by_partnership, &[id], "t.due_date, t.id")?,
        lessons: records::list(conn, by_partnership, &[id], "t.entry_date DESC, t.id")?,
        partnership,
    };
    let sig = signals::partnership_signals(store, partnership_id, today)?;
    Ok(build_in(&input, &sig, words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::{compute, MemberRef, PartnershipFacts};

    fn record<T>(id: &str, data: T) -> Record<T> {
        Record {
            id: id.to_string(),
            created_at: String::new(),
            updated_at: String::new(),
            version: String::new(),
            deleted_at: None,
            data,
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input() -> SummaryInput {
        let member = |id: &str, code: &str, name: &str| {
            record(
                id,
                MemberData {
                    partnership_id: "p".into(),
                    country_code: code.into(),
                    name: name.into(),
                    level: if name.is_empty() {
                        MemberLevel::Country
                    } else {
                        MemberLevel::Subnational
                    },
                    role: "Peer".into(),
                    ..Default::default()
                },
            )
        };
        let exchange = |id: &str, title: &str, start: &str, end: &str, status| {
            record(
                id,
                ExchangeData {
                    partnership_id: "p".into(),
                    title: title.into(),
                    city: "Accra".into(),
                    country_code: Some("GH".into()),
                    start_date: Some(d(start)),
                    end_date: Some(d(end)),
                    status,
                    ..Default::default()
                },
            )
        };
        let lesson = |id: &str, date: &str, kind, what: &str| {
            record(
                id,
                LearningEntryData {
                    partnership_id: "p".into(),
                    entry_date: Some(d(date)),
                    what_changed: what.into(),
                    member_ids: vec!["m1".into()],
                    kind,
                    ..Default::default()
                },
            )
        };
        let action = |id: &str, due: Option<&str>, status| {
            record(
                id,
                FollowUpActionData {
                    partnership_id: "p".into(),
                    what: format!("Action {id}"),
                    due_date: due.map(d),
                    status,
                    owner_member_id: Some("m2".into()),
                    ..Default::default()
                },
            )
        };
        SummaryInput {
            partnership: record(
                "p",
                PartnershipData {
                    title: " Ghana–Kenya ".into(),
                    status: PartnershipStatus::Active,
                    start_date: Some(d("2026-02-01")),
                    ..Default::default()
                },
            ),
            members: vec![
                member("m1", "GH", ""),
                member("m2", "KE", "Nairobi City County"),
            ],
            goals: vec![
                record(
                    "g1",
                    GoalData {
                        partnership_id: "p".into(),
                        text: "Shared indicators".into(),
                        proposed_by_member_id: Some("m2".into()),
                    },
                ),
                record(
                    "g2",
                    GoalData {
                        partnership_id: "p".into(),
                        text: "A joint brief".into(),
                        proposed_by_member_id: None,
                    },
                ),
            ],
            exchanges: vec![
                exchange(
                    "e2",
                    "Virtual follow-up",
                    "2027-02-10",
                    "2027-02-10",
                    ExchangeStatus::Confirmed,
                ),
                exchange(
                    "e1",
                    "Study visit",
                    "2026-06-16",
                    "2026-06-18",
                    ExchangeStatus::Held,
                ),
                exchange(
                    "e3",
                    "Dropped visit",
                    "2026-09-01",
                    "2026-09-02",
                    ExchangeStatus::Cancelled,
                ),
            ],
            actions: vec![
                action("a1", Some("2026-10-31"), ActionStatus::Planned),
                action("a2", Some("2026-11-26"), ActionStatus::InProgress),
                action("a3", None, ActionStatus::Planned),
                action("a4", Some("2026-07-01"), ActionStatus::Done),
                action("a5", Some("2026-07-01"), ActionStatus::Dropped),
            ],
            lessons: vec![
                lesson("l1", "2026-03-01", LearningKind::Success, "s1"),
                lesson("l2", "2026-04-01", LearningKind::Success, "s2"),
                lesson("l3", "2026-05-01", LearningKind::Success, "s3"),
                lesson("l4", "2026-06-01", LearningKind::Success, "s4"),
                lesson("l5", "2026-02-01", LearningKind::Failure, "f1"),
            ],
        }
    }

    fn signals_of(input: &SummaryInput, today: NaiveDate) -> PartnershipSignals {
        let facts = PartnershipFacts {
            id: "p".into(),
            title: input.partnership.data.title.clone(),
            status: input.partnership.data.status,
            start_date: input.partnership.data.start_date,
            members: input
                .members
                .iter()
                .map(|m| MemberRef {
                    id: m.id.clone(),
                    label: m.data.label(),
                })
                .collect(),
            goal_proposers: input
                .goals
                .iter()
                .map(|g| g.data.proposed_by_member_id.clone())
                .collect(),
            held_exchanges: vec![d("2026-06-18")],
            contacts: Vec::new(),
            actions: input.actions.clone(),
            sessions_led_by: Vec::new(),
        };
        compute(&facts, today, &SignalNorms::default())
    }

    #[test]
    fn the_summary_names_members_goals_and_exchanges_the_way_an_officer_reads_them() {
        let input = input();
        let s = build(&input, &signals_of(&input, d("2026-11-23")));
        assert_eq!(s.title, "Ghana–Kenya");
        assert_eq!(s.kind, "1:1 peer learning partnership");
        assert_eq!(s.status, "Active exchanges");
        assert_eq!(s.period, "Since 1 February 2026");
        let labels: Vec<String> = s.members.iter().map(SummaryMember::label).collect();
        assert_eq!(labels, ["Ghana (GH)", "Nairobi City County — Kenya (KE)"]);
        assert_eq!(s.members[1].country_name, "Kenya");
        assert_eq!(s.members[1].level, "Sub-national government");
        assert_eq!(s.goals[0].proposed_by, "Nairobi City County — Kenya (KE)");
        assert_eq!(s.goals[1].proposed_by, "Jointly");
        assert_eq!(s.exchanges_held.len(), 1);
        assert_eq!(s.exchanges_held[0].dates, "16–18 June 2026");
        assert_eq!(s.exchanges_held[0].place, "Accra, Ghana");
        assert_eq!(s.exchanges_held[0].format, "In person");
        // Cancelled exchanges are left out; planned ones keep their status.
        assert_eq!(s.exchanges_planned.len(), 1);
        assert_eq!(s.exchanges_planned[0].title, "Virtual follow-up");
        assert_eq!(s.exchanges_planned[0].dates, "10 February 2027");
        assert_eq!(s.exchanges_planned[0].status, "Confirmed");
    }

    #[test]
    fn follow_up_status_carries_counts_and_flag_figures() {
        let input = input();
        let s = build(&input, &signals_of(&input, d("2026-11-23")));
        let f = &s.follow_up;
        assert_eq!(
            (f.open_actions, f.overdue_actions, f.done_actions),
            (3, 1, 1)
        );
        assert_eq!(f.undated_actions, 1);
        assert_eq!(f.days_since_last_contact, None);
        assert_eq!(
            f.overdue,
            ["Action a1 — due 31 October 2026, 23 days late, owner Nairobi City County — Kenya (KE)"]
        );
        assert_eq!(f.upcoming.len(), 1);
        assert!(f.upcoming[0].contains("(in 3 days)"), "{:?}", f.upcoming);
        // Last activity: the held exchange's last day, 158 days before.
        assert_eq!(
            f.going_quiet.as_deref(),
            Some("Going quiet: 158 days since the last exchange on 18 June 2026 (flagged at 60 days or more)")
        );
        assert_eq!(f.one_sided, None);
    }

    #[test]
    fn lessons_keep_the_latest_successes_and_every_recent_failure_newest_first() {
        let input = input();
        let s = build(&input, &signals_of(&input, d("2026-11-23")));
        let order: Vec<&str> = s.lessons.iter().map(|l| l.what_changed.as_str()).collect();
        assert_eq!(order, ["s4", "s3", "s2", "f1"]);
        assert_eq!(s.lessons[3].kind, LearningKind::Failure);
        assert_eq!(s.lessons[0].members, ["Ghana (GH)"]);
    }

    #[test]
    fn date_ranges_are_worded_compactly() {
        assert_eq!(date_range(None, None), "Dates to be set");
        assert_eq!(
            date_range(Some(d("2026-03-12")), Some(d("2026-03-14"))),
            "12–14 March 2026"
        );
        assert_eq!(
            date_range(Some(d("2026-03-30")), Some(d("2026-04-02"))),
            "30 March – 2 April 2026"
        );
        assert_eq!(
            date_range(Some(d("2026-12-30")), Some(d("2027-01-02"))),
            "30 December 2026 – 2 January 2027"
        );
        assert_eq!(
            date_range(Some(d("2026-03-12")), Some(d("2026-03-12"))),
            "12 March 2026"
        );
    }

    #[test]
    fn the_demo_partnership_loads_from_the_store() {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::load(&mut store).unwrap();
        let id: String = store
            .conn()
            .query_row(
                "SELECT id FROM partnerships WHERE title LIKE 'Ghana%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let s = load(&store, &id, d("2026-11-23")).unwrap();
        assert_eq!(s.members.len(), 2);
        assert_eq!(s.follow_up.days_since_last_contact, Some(74));
        assert!(s.follow_up.going_quiet.is_some());
        assert!(s.lessons.iter().any(|l| l.kind == LearningKind::Failure));
        // (Its PDF is peerplan-docs' to write and test.)
    }
}
