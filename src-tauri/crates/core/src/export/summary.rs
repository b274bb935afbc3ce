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
    /// A member's label, or "Jointly".
    pub proposed_by: String,
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

fn member_label(members: &[Member], id: &str) -> String {
    members
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.data.label())
        .unwrap_or_else(|| "a former member".to_string())
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Builds the summary from the records and the partnership's signals on `sig.today`.
pub fn build(input: &SummaryInput, sig: &PartnershipSignals) -> Summary {
    let p = &input.partnership.data;
    let period = match (p.start_date, p.end_date) {
        (None, _) => String::new(),
        (Some(s), None) => format!("Since {}", long_date(s)),
        (Some(s), Some(e)) => format!("{} – {}", long_date(s), long_date(e)),
    };
    let members = input
        .members
        .iter()
        .map(|m| SummaryMember {
            name: m.data.name.trim().to_string(),
            country_name: countries::name(&m.data.country_code)
                .unwrap_or(&m.data.country_code)
                .to_string(),
            country_code: m.data.country_code.clone(),
            level: m.data.level.label().to_string(),
            role: m.data.role.trim().to_string(),
        })
        .collect();
    let goals = input
        .goals
        .iter()
        .map(|g| SummaryGoal {
            text: g.data.text.trim().to_string(),
            proposed_by: match &g.data.proposed_by_member_id {
                Some(id) => member_label(&input.members, id),
                None => "Jointly".to_string(),
            },
        })
        .collect();

    let mut exchanges: Vec<&Exchange> = input.exchanges.iter().collect();
    exchanges.sort_by_key(|e| (e.data.start_date.is_none(), e.data.start_date));
    let summarise = |e: &Exchange| {
        let country = e
            .data
            .country_code
            .as_deref()
            .map(|c| countries::name(c).unwrap_or(c).to_string());
        let city = e.data.city.trim();
        let place = match (city.is_empty(), country) {
            (false, Some(c)) => format!("{city}, {c}"),
            (false, None) => city.to_string(),
            (true, Some(c)) => c,
            (true, None) => String::new(),
        };
        SummaryExchange {
            title: e.data.title.trim().to_string(),
            dates: date_range(e.data.start_date, e.data.end_date),
            format: e.data.format.label().to_string(),
            place,
            status: e.data.status.label().to_string(),
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
    let owner = |o: &Option<String>| {
        o.as_ref()
            .map(|o| format!(", owner {o}"))
            .unwrap_or_default()
    };
    let follow_up = FollowUpStatus {
        open_actions,
        overdue_actions: sig.overdue.len(),
        done_actions,
        undated_actions: sig.undated_open_actions,
        days_since_last_contact: sig.days_since_last_contact,
        last_contact: sig.last_contact,
        next_contact: sig.next_contact.as_ref().map(|c| {
            format!(
                "{} (in {}): {}, {} → {}",
                long_date(c.date),
                days(c.days_until),
                c.channel.label(),
                c.from,
                c.to
            )
        }),
        overdue: sig
            .overdue
            .iter()
            .map(|a| {
                format!(
                    "{} — due {}, {} late{}",
                    a.what,
                    long_date(a.due_date),
                    days(a.days),
                    owner(&a.owner)
                )
            })
            .collect(),
        upcoming: sig
            .upcoming
            .iter()
            .take(3)
            .map(|a| {
                let when = if a.days == 0 {
                    "today".to_string()
                } else {
                    format!("in {}", days(a.days))
                };
                format!(
                    "{} — due {} ({when}){}",
                    a.what,
                    long_date(a.due_date),
                    owner(&a.owner)
                )
            })
            .collect(),
        going_quiet: sig.going_quiet.as_ref().map(|q| {
            let basis = match q.basis {
                signals::ActivityKind::Contact => "the last contact",
                signals::ActivityKind::CompletedAction => "the last completed action",
                signals::ActivityKind::HeldExchange => "the last exchange",
                signals::ActivityKind::PartnershipStart => "the partnership's start",
            };
            format!(
                "Going quiet: {} since {basis} on {} (flagged at {} or more)",
                days(q.days),
                long_date(q.since),
                days(q.threshold_days)
            )
        }),
        sessions_led: {
            let led = &sig.mutuality.sessions_led;
            led.iter().any(|s| s.count > 0).then(|| {
                led.iter()
                    .map(|s| format!("{} {} ({} %)", s.label, s.count, s.percent))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        },
        one_sided: sig.one_sided.as_ref().map(|o| {
            let t = &o.top_initiator;
            let mut text = format!(
                "One-sided: {} initiated {} of {} contacts ({} %; flagged at {} %)",
                t.label, t.count, o.contacts, t.percent, o.threshold_percent
            );
            text.push_str(&format!(
                "; {} one-way and {} two-way",
                o.one_way, o.two_way
            ));
            text
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
                .map(|id| member_label(&input.members, id))
                .collect(),
        })
        .collect();

    Summary {
        title: p.title.trim().to_string(),
        kind: p.kind.label().to_string(),
        status: p.status.label().to_string(),
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
    Ok(build(&input, &sig))
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
