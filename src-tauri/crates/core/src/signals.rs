//! Follow-up signals: is a partnership being kept alive, and is it mutual? Computed by pure
//! functions over plain data (`PartnershipFacts` → `PartnershipSignals`, signals → the
//! portfolio `FollowUpDashboard`), with thin loaders at the end of the file that read the
//! facts from the store. Every flag carries its figures, so a screen can say why.
//!
//! Definitions (hand-checked in the tests below):
//! - A contact dated on or before `today` has happened; one dated after `today` is planned.
//! - Activity is a contact that happened, a done action (on its `closed_on` date) or a held
//!   exchange (on its last day). A partnership in a stage that expects contact (active,
//!   sustained contact) is *going quiet* when its last activity — or, with none yet, its
//!   start date — is `quiet_after_days` or more days before `today`.
//! - An open action (planned or in progress) is overdue when its due date is before `today`
//!   and upcoming from `today` on; an open action without a due date is neither (counted
//!   as undated so the plan can ask for a date).
//! - *One-sided*: with at least `one_sided_min_contacts` contacts, one member initiated
//!   `one_sided_share_percent` % or more of them, or every contact was one-way.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::*;
use crate::store::records;
use crate::store::Store;
use crate::{Error, Result};

/// A member and how to name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRef {
    pub id: String,
    pub label: String,
}

/// Everything the signals of one partnership are computed from.
#[derive(Debug, Clone)]
pub struct PartnershipFacts {
    pub id: String,
    pub title: String,
    pub status: PartnershipStatus,
    pub start_date: Option<NaiveDate>,
    pub members: Vec<MemberRef>,
    /// The member who proposed each goal; `None` for a goal proposed jointly.
    pub goal_proposers: Vec<Option<String>>,
    /// The last day of each held exchange.
    pub held_exchanges: Vec<NaiveDate>,
    pub contacts: Vec<Contact>,
    pub actions: Vec<FollowUpAction>,
    /// The member leading each agenda session of the partnership's live exchanges (`None`:
    /// the broker or jointly); breaks and meals are left out. The share per member is
    /// computed like the contacts' (`Mutuality::sessions_led`).
    pub sessions_led_by: Vec<Option<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Contact,
    CompletedAction,
    HeldExchange,
    /// No activity yet: silence is counted from the partnership's start date.
    PartnershipStart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub date: NaiveDate,
    pub kind: ActivityKind,
}

/// An open action, with how late it is (overdue) or how soon it is due (upcoming).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionDue {
    pub action_id: String,
    pub what: String,
    pub due_date: NaiveDate,
    /// Overdue: days past the due date (≥ 1). Upcoming: days until it (0 = due today).
    pub days: i64,
    pub status: ActionStatus,
    pub channel: ContactChannel,
    /// The owning member's label, if an owner member is set.
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedContact {
    pub contact_id: String,
    pub date: NaiveDate,
    pub days_until: i64,
    pub channel: ContactChannel,
    pub from: String,
    pub to: String,
    pub summary: String,
}

/// One member's count and its share of the total, in whole percent (rounded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberShare {
    pub member_id: String,
    pub label: String,
    pub count: usize,
    pub percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mutuality {
    /// Contacts that have happened (dated on or before today).
    pub contacts: usize,
    pub two_way: usize,
    pub one_way: usize,
    /// Contacts initiated by each member (every member listed, zeros included).
    pub initiated: Vec<MemberShare>,
    /// Goals proposed by each member; `joint_goals` were proposed together.
    pub goals_proposed: Vec<MemberShare>,
    pub joint_goals: usize,
    /// Agenda sessions led by each member (see `PartnershipFacts::sessions_led_by`).
    pub sessions_led: Vec<MemberShare>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoingQuiet {
    /// Days since `since`.
    pub days: i64,
    pub since: NaiveDate,
    pub basis: ActivityKind,
    pub threshold_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneSided {
    pub contacts: usize,
    pub one_way: usize,
    pub two_way: usize,
    /// The member that initiated the most contacts, with its share.
    pub top_initiator: MemberShare,
    /// True when the top initiator's share reaches the threshold.
    pub initiation_over_threshold: bool,
    /// True when every contact was one-way.
    pub all_one_way: bool,
    pub threshold_percent: i64,
    pub min_contacts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnershipSignals {
    pub partnership_id: String,
    pub title: String,
    pub status: PartnershipStatus,
    pub today: NaiveDate,
    pub last_contact: Option<NaiveDate>,
    pub days_since_last_contact: Option<i64>,
    /// The latest contact, done action or held exchange on or before today.
    pub last_activity: Option<Activity>,
    /// Most overdue first.
    pub overdue: Vec<ActionDue>,
    /// Soonest first.
    pub upcoming: Vec<ActionDue>,
    pub undated_open_actions: usize,
    pub next_contact: Option<PlannedContact>,
    pub next_action: Option<ActionDue>,
    pub mutuality: Mutuality,
    pub going_quiet: Option<GoingQuiet>,
    pub one_sided: Option<OneSided>,
}

fn percent(count: usize, total: usize) -> u32 {
    // Rounded half up; 0 of nothing is 0 %.
    (count * 100 + total / 2).checked_div(total).unwrap_or(0) as u32
}

/// Counts per member (every listed member first, then any unknown id in first-seen order).
fn shares<'a>(members: &[MemberRef], of: impl Iterator<Item = &'a str>) -> Vec<MemberShare> {
    let mut counts: Vec<(String, String, usize)> = members
        .iter()
        .map(|m| (m.id.clone(), m.label.clone(), 0))
        .collect();
    let mut total = 0;
    for id in of {
        total += 1;
        match counts.iter_mut().find(|(m, _, _)| m == id) {
            Some((_, _, n)) => *n += 1,
            None => counts.push((id.to_string(), "an unknown member".to_string(), 1)),
        }
    }
    counts
        .into_iter()
        .map(|(member_id, label, count)| MemberShare {
            member_id,
            label,
            count,
            percent: percent(count, total),
        })
        .collect()
}

fn label_of(members: &[MemberRef], id: &str) -> String {
    members
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.label.clone())
        .unwrap_or_else(|| "an unknown member".to_string())
}

/// The signals of one partnership on `today`.
pub fn compute(
    facts: &PartnershipFacts,
    today: NaiveDate,
    norms: &SignalNorms,
) -> PartnershipSignals {
    let members = &facts.members;
    let happened: Vec<&Contact> = facts
        .contacts
        .iter()
        .filter(|c| c.data.contact_date.is_some_and(|d| d <= today))
        .collect();
    let last_contact = happened.iter().filter_map(|c| c.data.contact_date).max();

    let next_contact = facts
        .contacts
        .iter()
        .filter_map(|c| c.data.contact_date.filter(|d| *d > today).map(|d| (d, c)))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)))
        .map(|(date, c)| PlannedContact {
            contact_id: c.id.clone(),
            date,
            days_until: (date - today).num_days(),
            channel: c.data.channel,
            from: label_of(members, &c.data.from_member_id),
            to: label_of(members, &c.data.to_member_id),
            summary: c.data.summary.clone(),
        });

    // Last activity: the latest of each kind, ties going to the first kind listed.
    let completed = facts
        .actions
        .iter()
        .filter(|a| a.data.status == ActionStatus::Done)
        .filter_map(|a| a.data.closed_on)
        .filter(|d| *d <= today)
        .max();
    let held = facts
        .held_exchanges
        .iter()
        .copied()
        .filter(|d| *d <= today)
        .max();
    let mut last_activity: Option<Activity> = None;
    for (date, kind) in [
        (last_contact, ActivityKind::Contact),
        (completed, ActivityKind::CompletedAction),
        (held, ActivityKind::HeldExchange),
    ] {
        if let Some(date) = date {
            if last_activity.is_none_or(|a| date > a.date) {
                last_activity = Some(Activity { date, kind });
            }
        }
    }

    let mut overdue = Vec::new();
    let mut upcoming = Vec::new();
    let mut undated_open_actions = 0;
    for action in facts.actions.iter().filter(|a| a.data.status.is_open()) {
        let Some(due) = action.data.due_date else {
            undated_open_actions += 1;
            continue;
        };
        let late = (today - due).num_days();
        let row = ActionDue {
            action_id: action.id.clone(),
            what: action.data.what.clone(),
            due_date: due,
            days: late.abs(),
            status: action.data.status,
            channel: action.data.channel,
            owner: action
                .data
                .owner_member_id
                .as_deref()
                .map(|m| label_of(members, m)),
        };
        if late > 0 {
            overdue.push(row);
        } else {
            upcoming.push(row);
        }
    }
    overdue.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.what.cmp(&b.what)));
    upcoming.sort_by(|a, b| a.days.cmp(&b.days).then_with(|| a.what.cmp(&b.what)));

    let one_way = happened
        .iter()
        .filter(|c| c.data.direction == ContactDirection::OneWay)
        .count();
    let goals_proposed = shares(
        members,
        facts.goal_proposers.iter().filter_map(|g| g.as_deref()),
    );
    let mutuality = Mutuality {
        contacts: happened.len(),
        two_way: happened.len() - one_way,
        one_way,
        initiated: shares(
            members,
            happened.iter().map(|c| c.data.from_member_id.as_str()),
        ),
        goals_proposed,
        joint_goals: facts.goal_proposers.iter().filter(|g| g.is_none()).count(),
        sessions_led: if facts.sessions_led_by.is_empty() {
            Vec::new()
        } else {
            shares(
                members,
                facts.sessions_led_by.iter().filter_map(|s| s.as_deref()),
            )
        },
    };

    let going_quiet = if facts.status.expects_contact() {
        let reference = last_activity.or(facts.start_date.map(|date| Activity {
            date,
            kind: ActivityKind::PartnershipStart,
        }));
        reference.and_then(|since| {
            let days = (today - since.date).num_days();
            (days >= norms.quiet_after_days).then_some(GoingQuiet {
                days,
                since: since.date,
                basis: since.kind,
                threshold_days: norms.quiet_after_days,
            })
        })
    } else {
        None
    };

    let total = mutuality.contacts;
    let one_sided = if total > 0 && total as i64 >= norms.one_sided_min_contacts {
        let top = mutuality
            .initiated
            .iter()
            .fold(None::<&MemberShare>, |best, m| match best {
                Some(b) if b.count >= m.count => Some(b),
                _ => Some(m),
            })
            .cloned();
        top.and_then(|top| {
            let over = (top.count as i64) * 100 >= norms.one_sided_share_percent * total as i64;
            let all_one_way = one_way == total;
            (over || all_one_way).then_some(OneSided {
                contacts: total,
                one_way,
                two_way: total - one_way,
                top_initiator: top,
                initiation_over_threshold: over,
                all_one_way,
                threshold_percent: norms.one_sided_share_percent,
                min_contacts: norms.one_sided_min_contacts,
            })
        })
    } else {
        None
    };

    PartnershipSignals {
        partnership_id: facts.id.clone(),
        title: facts.title.clone(),
        status: facts.status,
        today,
        last_contact,
        days_since_last_contact: last_contact.map(|d| (today - d).num_days()),
        last_activity,
        next_action: upcoming.first().cloned(),
        overdue,
        upcoming,
        undated_open_actions,
        next_contact,
        mutuality,
        going_quiet,
        one_sided,
    }
}

// ---- the portfolio dashboard ------------------------------------------------------------

/// Upcoming check-ins "this week" are due within the next 7 days (today included); "this
/// month" within the 30 days after that week's end (days 7 to 30 from today). Rolling
/// windows, so a Friday's "this week" still shows next Monday's call.
pub const WEEK_DAYS: i64 = 7;
pub const MONTH_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuietRow {
    pub partnership_id: String,
    pub title: String,
    pub status: PartnershipStatus,
    #[serde(flatten)]
    pub quiet: GoingQuiet,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueRow {
    pub partnership_id: String,
    pub title: String,
    #[serde(flatten)]
    pub action: ActionDue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckInKind {
    Action,
    Contact,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpcomingRow {
    pub partnership_id: String,
    pub title: String,
    pub kind: CheckInKind,
    /// The action's or the planned contact's id.
    pub id: String,
    /// What is to be done, or the planned contact's summary; for a contact with none, "Call
    /// planned" (in English; serialised worded, `signal.contact_planned`, see `what_key`).
    pub what: String,
    /// The catalog key of `what` when PeerPlan wrote it (`signal.contact_planned`, with the
    /// channel): the officer's own words have none.
    pub what_key: Option<&'static str>,
    pub date: NaiveDate,
    pub days_until: i64,
    pub channel: ContactChannel,
    /// The owner (action) or "from → to" (contact).
    pub who: String,
}

impl Serialize for UpcomingRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let what = match self.what_key {
            Some(key) => crate::validate::serialised_text(
                key,
                &[("channel", self.channel.as_str().to_string())],
                &self.what,
            ),
            None => self.what.clone(),
        };
        let mut out = serializer.serialize_struct("UpcomingRow", 10)?;
        out.serialize_field("partnership_id", &self.partnership_id)?;
        out.serialize_field("title", &self.title)?;
        out.serialize_field("kind", &self.kind)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("what", &what)?;
        out.serialize_field("what_key", &self.what_key)?;
        out.serialize_field("date", &self.date)?;
        out.serialize_field("days_until", &self.days_until)?;
        out.serialize_field("channel", &self.channel)?;
        out.serialize_field("who", &self.who)?;
        out.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneSidedRow {
    pub partnership_id: String,
    pub title: String,
    #[serde(flatten)]
    pub one_sided: OneSided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpDashboard {
    pub today: NaiveDate,
    pub norms: SignalNorms,
    /// Quietest first.
    pub going_quiet: Vec<QuietRow>,
    /// Most overdue first.
    pub overdue: Vec<OverdueRow>,
    pub this_week: Vec<UpcomingRow>,
    pub this_month: Vec<UpcomingRow>,
    /// Most lopsided first.
    pub one_sided: Vec<OneSidedRow>,
}

/// The portfolio view of many partnerships' signals (all computed for the same `today`).
pub fn dashboard_from(
    signals: &[PartnershipSignals],
    today: NaiveDate,
    norms: SignalNorms,
) -> FollowUpDashboard {
    let mut board = FollowUpDashboard {
        today,
        norms,
        going_quiet: Vec::new(),
        overdue: Vec::new(),
        this_week: Vec::new(),
        this_month: Vec::new(),
        one_sided: Vec::new(),
    };
    for s in signals {
        if let Some(quiet) = &s.going_quiet {
            board.going_quiet.push(QuietRow {
                partnership_id: s.partnership_id.clone(),
                title: s.title.clone(),
                status: s.status,
                quiet: quiet.clone(),
            });
        }
        for action in &s.overdue {
            board.overdue.push(OverdueRow {
                partnership_id: s.partnership_id.clone(),
                title: s.title.clone(),
                action: action.clone(),
            });
        }
        let mut check_ins: Vec<UpcomingRow> = s
            .upcoming
            .iter()
            .map(|a| UpcomingRow {
                partnership_id: s.partnership_id.clone(),
                title: s.title.clone(),
                kind: CheckInKind::Action,
                id: a.action_id.clone(),
                what: a.what.clone(),
                what_key: None,
                date: a.due_date,
                days_until: a.days,
                channel: a.channel,
                who: a.owner.clone().unwrap_or_default(),
            })
            .collect();
        if let Some(c) = &s.next_contact {
            check_ins.push(UpcomingRow {
                partnership_id: s.partnership_id.clone(),
                title: s.title.clone(),
                kind: CheckInKind::Contact,
                id: c.contact_id.clone(),
                what: if c.summary.is_empty() {
                    format!("{} planned", c.channel.label())
                } else {
                    c.summary.clone()
                },
                what_key: c.summary.is_empty().then_some("signal.contact_planned"),
                date: c.date,
                days_until: c.days_until,
                channel: c.channel,
                who: format!("{} → {}", c.from, c.to),
            });
        }
        for row in check_ins {
            if row.days_until < WEEK_DAYS {
                board.this_week.push(row);
            } else if row.days_until <= MONTH_DAYS {
                board.this_month.push(row);
            }
        }
        if let Some(one_sided) = &s.one_sided {
            board.one_sided.push(OneSidedRow {
                partnership_id: s.partnership_id.clone(),
                title: s.title.clone(),
                one_sided: one_sided.clone(),
            });
        }
    }
    board.going_quiet.sort_by(|a, b| {
        b.quiet
            .days
            .cmp(&a.quiet.days)
            .then_with(|| a.title.cmp(&b.title))
    });
    board.overdue.sort_by(|a, b| {
        b.action
            .days
            .cmp(&a.action.days)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.action.what.cmp(&b.action.what))
    });
    for list in [&mut board.this_week, &mut board.this_month] {
        list.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.what.cmp(&b.what))
        });
    }
    board.one_sided.sort_by(|a, b| {
        b.one_sided
            .top_initiator
            .percent
            .cmp(&a.one_sided.top_initiator.percent)
            .then_with(|| a.title.cmp(&b.title))
    });
    board
}

// ---- loaders: the facts from the store ----------------------------------------------------

/// The signals of one partnership (any status) on `today`.
pub fn partnership_signals(
    store: &Store,
    partnership_id: &str,
    today: NaiveDate,
) -> Result<PartnershipSignals> {
    let partnership = records::get::<PartnershipData>(store.conn(), partnership_id)?;
    if partnership.is_deleted() {
        return Err(Error::Deleted {
            entity: "partnership",
            id: partnership.id,
        });
    }
    let facts = load_facts(store, vec![partnership])?;
    let norms = store.signal_norms()?;
    Ok(compute(&facts[0], today, &norms))
}

/// The follow-up dashboard across the portfolio: every partnership that is neither archived,
/// concluded nor cancelled.
pub fn dashboard(store: &Store, today: NaiveDate) -> Result<FollowUpDashboard> {
    let partnerships = records::list::<PartnershipData>(
        store.conn(),
        "t.archived = 0 AND t.status NOT IN ('concluded', 'cancelled')",
        &[],
        "t.title COLLATE NOCASE, t.id",
    )?;
    let norms = store.signal_norms()?;
    let signals: Vec<PartnershipSignals> = load_facts(store, partnerships)?
        .iter()
        .map(|f| compute(f, today, &norms))
        .collect();
    Ok(dashboard_from(&signals, today, norms))
}

/// Reads the facts of `partnerships` with one query per table (not one per partnership).
fn load_facts(store: &Store, partnerships: Vec<Partnership>) -> Result<Vec<PartnershipFacts>> {
    let conn = store.conn();
    let single: Option<String> = match partnerships.as_slice() {
        [one] => Some(one.id.clone()),
        _ => None,
    };
    let only = "(?1 IS NULL OR t.partnership_id = ?1)";
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut facts: Vec<PartnershipFacts> = Vec::with_capacity(partnerships.len());
    for p in partnerships {
        index.insert(p.id.clone(), facts.len());
        facts.push(PartnershipFacts {
            id: p.id,
            title: p.data.title,
            status: p.data.status,
            start_date: p.data.start_date,
            members: Vec::new(),
            goal_proposers: Vec::new(),
            held_exchanges: Vec::new(),
            contacts: Vec::new(),
            actions: Vec::new(),
            sessions_led_by: Vec::new(),
        });
    }
    let slot = |partnership_id: &str| index.get(partnership_id).copied();

    for m in records::list::<MemberData>(conn, only, &[&single], "t.id")? {
        if let Some(i) = slot(&m.data.partnership_id) {
            facts[i].members.push(MemberRef {
                id: m.id.clone(),
                label: m.data.label(),
            });
        }
    }
    for g in records::list::<GoalData>(conn, only, &[&single], "t.id")? {
        if let Some(i) = slot(&g.data.partnership_id) {
            facts[i].goal_proposers.push(g.data.proposed_by_member_id);
        }
    }
    for e in records::list::<ExchangeData>(
        conn,
        &format!("{only} AND t.status = 'held'"),
        &[&single],
        "t.id",
    )? {
        if let (Some(i), Some(last_day)) = (
            slot(&e.data.partnership_id),
            e.data.end_date.or(e.data.start_date),
        ) {
            facts[i].held_exchanges.push(last_day);
        }
    }
    for c in records::list::<ContactData>(conn, only, &[&single], "t.contact_date, t.id")? {
        if let Some(i) = slot(&c.data.partnership_id) {
            facts[i].contacts.push(c);
        }
    }
    for a in records::list::<FollowUpActionData>(conn, only, &[&single], "t.due_date, t.id")? {
        if let Some(i) = slot(&a.data.partnership_id) {
            facts[i].actions.push(a);
        }
    }
    let mut sessions = conn.prepare_cached(
        "SELECT e.partnership_id, s.lead_member_id, s.co_lead_member_ids FROM agenda_sessions s
           JOIN exchanges e ON e.id = s.exchange_id AND e.deleted_at IS NULL
          WHERE s.deleted_at IS NULL AND s.kind NOT IN ('break', 'meal')
            AND (?1 IS NULL OR e.partnership_id = ?1)",
    )?;
    let rows = sessions.query_map([&single], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (partnership_id, lead, co_leads) = row?;
        if let Some(i) = slot(&partnership_id) {
            // A session led jointly counts once for each of its leads.
            facts[i].sessions_led_by.push(lead);
            for co in co_leads.split(',').filter(|c| !c.is_empty()) {
                facts[i].sessions_led_by.push(Some(co.to_string()));
            }
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The day the expectations below were computed for (a Monday).
    fn today() -> NaiveDate {
        d("2026-11-23")
    }

    fn record<T>(id: &str, data: T) -> Record<T> {
        Record {
            id: id.into(),
            created_at: String::new(),
            updated_at: String::new(),
            version: String::new(),
            deleted_at: None,
            data,
        }
    }

    fn facts() -> PartnershipFacts {
        PartnershipFacts {
            id: "p".into(),
            title: "Ghana–Kenya".into(),
            status: PartnershipStatus::Active,
            start_date: Some(d("2026-02-01")),
            members: vec![
                MemberRef {
                    id: "gh".into(),
                    label: "Ghana (GH)".into(),
                },
                MemberRef {
                    id: "ke".into(),
                    label: "Kenya (KE)".into(),
                },
            ],
            goal_proposers: Vec::new(),
            held_exchanges: Vec::new(),
            contacts: Vec::new(),
            actions: Vec::new(),
            sessions_led_by: Vec::new(),
        }
    }

    fn contact(id: &str, on: &str, from: &str, to: &str, direction: ContactDirection) -> Contact {
        record(
            id,
            ContactData {
                partnership_id: "p".into(),
                contact_date: Some(d(on)),
                from_member_id: from.into(),
                to_member_id: to.into(),
                direction,
                ..Default::default()
            },
        )
    }

    fn action(
        id: &str,
        what: &str,
        due: Option<&str>,
        status: ActionStatus,
        closed: Option<&str>,
    ) -> FollowUpAction {
        record(
            id,
            FollowUpActionData {
                partnership_id: "p".into(),
                what: what.into(),
                owner_member_id: Some("ke".into()),
                due_date: due.map(d),
                status,
                closed_on: closed.map(d),
                ..Default::default()
            },
        )
    }

    use ContactDirection::{BothWays, OneWay};

    fn run(facts: &PartnershipFacts) -> PartnershipSignals {
        compute(facts, today(), &SignalNorms::default())
    }

    #[test]
    fn no_contact_yet_counts_silence_from_the_start_date() {
        let s = run(&facts());
        assert_eq!(s.last_contact, None);
        assert_eq!(s.days_since_last_contact, None);
        assert_eq!(s.last_activity, None);
        assert_eq!(s.next_contact, None);
        assert_eq!(s.next_action, None);
        // 1 Feb → 23 Nov 2026: 28+31+30+31+30+31+31+30+31 = 273 days to 1 Nov, + 22.
        assert_eq!(
            s.going_quiet,
            Some(GoingQuiet {
                days: 295,
                since: d("2026-02-01"),
                basis: ActivityKind::PartnershipStart,
                threshold_days: 60,
            })
        );
        assert_eq!(s.mutuality.contacts, 0);
        assert_eq!(
            s.mutuality
                .initiated
                .iter()
                .map(|m| (m.member_id.as_str(), m.count, m.percent))
                .collect::<Vec<_>>(),
            vec![("gh", 0, 0), ("ke", 0, 0)]
        );
        assert_eq!(s.one_sided, None, "no contacts is not one-sided");

        // Without a start date there is nothing to count from: no flag, no guess.
        let undated = PartnershipFacts {
            start_date: None,
            ..facts()
        };
        assert_eq!(run(&undated).going_quiet, None);
        // A partnership that is not yet (or no longer) meant to be in touch is never quiet.
        for status in [
            PartnershipStatus::InterestExpressed,
            PartnershipStatus::PartnerIdentified,
            PartnershipStatus::Paused,
            PartnershipStatus::Concluded,
        ] {
            assert_eq!(
                run(&PartnershipFacts { status, ..facts() }).going_quiet,
                None
            );
        }
        assert!(run(&PartnershipFacts {
            status: PartnershipStatus::SustainedContact,
            ..facts()
        })
        .going_quiet
        .is_some());
    }

    #[test]
    fn going_quiet_starts_on_the_sixtieth_day_after_the_last_activity() {
        // 24 Sep → 24 Oct is 30 days, → 23 Nov another 30: 60 days.
        let mut f = facts();
        f.contacts = vec![
            contact("c1", "2026-07-01", "gh", "ke", BothWays),
            contact("c2", "2026-09-24", "ke", "gh", BothWays),
            // Planned: after today, so neither the last contact nor counted.
            contact("c3", "2026-12-01", "gh", "ke", BothWays),
        ];
        let s = run(&f);
        assert_eq!(s.last_contact, Some(d("2026-09-24")));
        assert_eq!(s.days_since_last_contact, Some(60));
        assert_eq!(s.mutuality.contacts, 2);
        let quiet = s.going_quiet.unwrap();
        assert_eq!((quiet.days, quiet.basis), (60, ActivityKind::Contact));
        let next = s.next_contact.unwrap();
        assert_eq!((next.contact_id.as_str(), next.days_until), ("c3", 8));
        assert_eq!(
            (next.from.as_str(), next.to.as_str()),
            ("Ghana (GH)", "Kenya (KE)")
        );

        // One day later the contact is 59 days old: not quiet.
        f.contacts[1] = contact("c2", "2026-09-25", "ke", "gh", BothWays);
        assert_eq!(run(&f).going_quiet, None);

        // A held exchange or a done action is activity too; a dropped action is not.
        f.contacts.truncate(1); // only 1 Jul: 145 days
        f.held_exchanges = vec![d("2026-06-18")];
        f.actions = vec![
            action(
                "a1",
                "Send indicators",
                None,
                ActionStatus::Done,
                Some("2026-10-05"),
            ),
            action(
                "a2",
                "Joint brief",
                None,
                ActionStatus::Dropped,
                Some("2026-11-20"),
            ),
        ];
        let s = run(&f);
        assert_eq!(
            s.last_activity,
            Some(Activity {
                date: d("2026-10-05"),
                kind: ActivityKind::CompletedAction
            })
        );
        assert_eq!(s.going_quiet, None, "5 Oct is 49 days ago");
        f.held_exchanges = vec![d("2026-10-10")];
        assert_eq!(
            run(&f).last_activity.unwrap().kind,
            ActivityKind::HeldExchange
        );

        // The threshold is a setting.
        let strict = SignalNorms {
            quiet_after_days: 30,
            ..SignalNorms::default()
        };
        let quiet = compute(&f, today(), &strict).going_quiet.unwrap();
        assert_eq!((quiet.days, quiet.threshold_days), (44, 30));
    }

    #[test]
    fn overdue_upcoming_and_undated_actions() {
        let mut f = facts();
        f.actions = vec![
            action(
                "a1",
                "Send the pilot indicators",
                Some("2026-10-31"),
                ActionStatus::InProgress,
                None,
            ),
            action(
                "a2",
                "Share the budget circular",
                Some("2026-11-22"),
                ActionStatus::Planned,
                None,
            ),
            action(
                "a3",
                "Monthly call",
                Some("2026-11-23"),
                ActionStatus::Planned,
                None,
            ),
            action(
                "a4",
                "Draft the joint brief",
                Some("2026-12-20"),
                ActionStatus::Planned,
                None,
            ),
            action(
                "a5",
                "Co-author a blog post",
                None,
                ActionStatus::Planned,
                None,
            ),
            action(
                "a6",
                "Thank-you letters",
                Some("2026-10-01"),
                ActionStatus::Done,
                Some("2026-09-30"),
            ),
            action(
                "a7",
                "Joint webinar",
                Some("2026-09-01"),
                ActionStatus::Dropped,
                Some("2026-08-20"),
            ),
        ];
        let s = run(&f);
        let ids = |rows: &[ActionDue]| -> Vec<(String, i64)> {
            rows.iter().map(|r| (r.action_id.clone(), r.days)).collect()
        };
        // 31 Oct → 23 Nov: 23 days late; 22 Nov: 1 day late.
        assert_eq!(ids(&s.overdue), vec![("a1".into(), 23), ("a2".into(), 1)]);
        // Due today is upcoming (0 days), not overdue; 20 Dec is 27 days away.
        assert_eq!(ids(&s.upcoming), vec![("a3".into(), 0), ("a4".into(), 27)]);
        assert_eq!(s.undated_open_actions, 1, "an action without a due date");
        assert_eq!(
            s.next_action.as_ref().map(|a| a.action_id.as_str()),
            Some("a3")
        );
        assert_eq!(s.overdue[0].owner.as_deref(), Some("Kenya (KE)"));
        assert_eq!(s.overdue[0].status, ActionStatus::InProgress);

        // Only undated actions: nothing overdue, nothing upcoming, no next action.
        f.actions = vec![action(
            "a5",
            "Co-author a blog post",
            None,
            ActionStatus::InProgress,
            None,
        )];
        let s = run(&f);
        assert!(s.overdue.is_empty() && s.upcoming.is_empty() && s.next_action.is_none());
        assert_eq!(s.undated_open_actions, 1);
    }

    fn initiated(s: &PartnershipSignals) -> Vec<(String, usize, u32)> {
        s.mutuality
            .initiated
            .iter()
            .map(|m| (m.member_id.clone(), m.count, m.percent))
            .collect()
    }

    #[test]
    fn one_member_initiating_eighty_percent_of_four_or_more_contacts_is_one_sided() {
        let mut f = facts();
        f.contacts = vec![
            contact("c1", "2026-07-01", "gh", "ke", BothWays),
            contact("c2", "2026-07-15", "gh", "ke", OneWay),
            contact("c3", "2026-08-01", "gh", "ke", OneWay),
            contact("c4", "2026-08-20", "ke", "gh", BothWays),
            contact("c5", "2026-09-10", "gh", "ke", BothWays),
            // Planned contacts do not count towards mutuality.
            contact("c6", "2026-12-10", "ke", "gh", OneWay),
        ];
        let s = run(&f);
        assert_eq!(
            (
                s.mutuality.contacts,
                s.mutuality.two_way,
                s.mutuality.one_way
            ),
            (5, 3, 2)
        );
        assert_eq!(
            initiated(&s),
            vec![("gh".into(), 4, 80), ("ke".into(), 1, 20)]
        );
        let flag = s.one_sided.unwrap();
        assert_eq!(flag.top_initiator.label, "Ghana (GH)");
        assert_eq!(
            (flag.top_initiator.count, flag.top_initiator.percent),
            (4, 80)
        );
        assert!(flag.initiation_over_threshold && !flag.all_one_way);
        assert_eq!((flag.contacts, flag.one_way, flag.two_way), (5, 2, 3));
        assert_eq!((flag.threshold_percent, flag.min_contacts), (80, 4));

        // 3 of 4 (75 %) is below the threshold.
        f.contacts.truncate(4);
        assert_eq!(
            initiated(&run(&f)),
            vec![("gh".into(), 3, 75), ("ke".into(), 1, 25)]
        );
        assert_eq!(run(&f).one_sided, None);

        // 3 of 3 from one member is too few contacts to judge.
        f.contacts = f.contacts[..3].to_vec();
        assert_eq!(
            initiated(&run(&f)),
            vec![("gh".into(), 3, 100), ("ke".into(), 0, 0)]
        );
        assert_eq!(run(&f).one_sided, None);

        // Both thresholds are settings.
        let looser = SignalNorms {
            one_sided_min_contacts: 3,
            ..SignalNorms::default()
        };
        assert!(compute(&f, today(), &looser).one_sided.is_some());
    }

    #[test]
    fn all_contacts_one_way_is_one_sided_even_when_initiation_is_balanced() {
        let mut f = facts();
        f.contacts = vec![
            contact("c1", "2026-07-01", "gh", "ke", OneWay),
            contact("c2", "2026-07-15", "ke", "gh", OneWay),
            contact("c3", "2026-08-01", "gh", "ke", OneWay),
            contact("c4", "2026-08-20", "ke", "gh", OneWay),
        ];
        let s = run(&f);
        assert_eq!((s.mutuality.one_way, s.mutuality.two_way), (4, 0));
        let flag = s.one_sided.unwrap();
        assert!(flag.all_one_way && !flag.initiation_over_threshold);
        // A tie: the first member listed is named, at 50 %.
        assert_eq!(
            (
                flag.top_initiator.member_id.as_str(),
                flag.top_initiator.percent
            ),
            ("gh", 50)
        );

        // One two-way contact among them clears the flag.
        f.contacts[3].data.direction = BothWays;
        assert_eq!(run(&f).one_sided, None);
    }

    #[test]
    fn goals_and_sessions_per_member_and_rounding_for_three_members() {
        let mut f = facts();
        f.members.push(MemberRef {
            id: "ug".into(),
            label: "Uganda (UG)".into(),
        });
        f.goal_proposers = vec![
            Some("ke".into()),
            Some("gh".into()),
            Some("ke".into()),
            None,
        ];
        f.contacts = vec![
            contact("c1", "2026-07-01", "gh", "ke", BothWays),
            contact("c2", "2026-07-15", "ke", "ug", BothWays),
            contact("c3", "2026-08-01", "ug", "gh", BothWays),
        ];
        let s = run(&f);
        assert_eq!(
            initiated(&s),
            vec![
                ("gh".into(), 1, 33),
                ("ke".into(), 1, 33),
                ("ug".into(), 1, 33)
            ]
        );
        let goals: Vec<(String, usize, u32)> = s
            .mutuality
            .goals_proposed
            .iter()
            .map(|m| (m.member_id.clone(), m.count, m.percent))
            .collect();
        // 3 goals from members (the joint one is counted apart): 1/3 and 2/3.
        assert_eq!(
            goals,
            vec![
                ("gh".into(), 1, 33),
                ("ke".into(), 2, 67),
                ("ug".into(), 0, 0)
            ]
        );
        assert_eq!(s.mutuality.joint_goals, 1);
        assert!(
            s.mutuality.sessions_led.is_empty(),
            "no agenda sessions yet"
        );

        // The agenda hook: sessions are shared out like contacts.
        f.sessions_led_by = vec![
            Some("gh".into()),
            Some("gh".into()),
            Some("ke".into()),
            None,
        ];
        let led: Vec<(String, usize, u32)> = run(&f)
            .mutuality
            .sessions_led
            .iter()
            .map(|m| (m.member_id.clone(), m.count, m.percent))
            .collect();
        assert_eq!(
            led,
            vec![
                ("gh".into(), 2, 67),
                ("ke".into(), 1, 33),
                ("ug".into(), 0, 0)
            ]
        );
    }

    #[test]
    fn the_dashboard_sorts_and_splits_check_ins_into_this_week_and_this_month() {
        let mut quiet = facts();
        quiet.title = "B quiet".into();
        quiet.actions = vec![
            action(
                "due6",
                "In six days",
                Some("2026-11-29"),
                ActionStatus::Planned,
                None,
            ),
            action(
                "due7",
                "In seven days",
                Some("2026-11-30"),
                ActionStatus::Planned,
                None,
            ),
            action(
                "due30",
                "In thirty days",
                Some("2026-12-23"),
                ActionStatus::Planned,
                None,
            ),
            action(
                "due31",
                "In thirty-one days",
                Some("2026-12-24"),
                ActionStatus::Planned,
                None,
            ),
            action(
                "late",
                "Late",
                Some("2026-11-13"),
                ActionStatus::Planned,
                None,
            ),
        ];
        let mut lively = facts();
        lively.id = "q".into();
        lively.title = "A lively".into();
        lively.contacts = vec![
            contact("c1", "2026-11-20", "gh", "ke", BothWays),
            contact("c2", "2026-11-24", "ke", "gh", BothWays),
        ];
        lively.actions = vec![action(
            "later",
            "Very late",
            Some("2026-10-01"),
            ActionStatus::Planned,
            None,
        )];
        let signals = vec![run(&quiet), run(&lively)];
        let board = dashboard_from(&signals, today(), SignalNorms::default());
        assert_eq!(board.going_quiet.len(), 1);
        assert_eq!(board.going_quiet[0].title, "B quiet");
        assert_eq!(board.going_quiet[0].quiet.days, 295);
        // Most overdue first: 1 Oct (53 days) before 13 Nov (10 days).
        let overdue: Vec<(&str, i64)> = board
            .overdue
            .iter()
            .map(|r| (r.action.action_id.as_str(), r.action.days))
            .collect();
        assert_eq!(overdue, vec![("later", 53), ("late", 10)]);
        let week: Vec<(&str, i64)> = board
            .this_week
            .iter()
            .map(|r| (r.id.as_str(), r.days_until))
            .collect();
        assert_eq!(week, vec![("c2", 1), ("due6", 6)]);
        assert_eq!(board.this_week[0].kind, CheckInKind::Contact);
        assert_eq!(board.this_week[0].who, "Kenya (KE) → Ghana (GH)");
        let month: Vec<(&str, i64)> = board
            .this_month
            .iter()
            .map(|r| (r.id.as_str(), r.days_until))
            .collect();
        assert_eq!(
            month,
            vec![("due7", 7), ("due30", 30)],
            "day 31 is beyond this month"
        );
        assert!(board.one_sided.is_empty());
    }
}
