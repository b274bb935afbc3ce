//! Follow-up reminders: the open follow-up actions that have a due date, as plain data. The
//! calendar file made of them is `peerplan_docs::reminders` (iCalendar).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::*;
use crate::store::records;
use crate::store::Store;
use crate::Result;

/// One reminder: an open action with a due date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reminder {
    pub action_id: String,
    pub partnership_title: String,
    pub what: String,
    pub due: NaiveDate,
    pub channel: String,
    pub status: String,
    /// The owning member's label, if any.
    pub owner: Option<String>,
}

/// The stable UID of an action's reminder.
pub fn uid(action_id: &str) -> String {
    format!("{action_id}@peerplan")
}

/// The reminders of `actions` (open and dated only), soonest first. `members` names owners;
/// `titles` gives each partnership's title by id.
pub fn reminders(
    actions: &[FollowUpAction],
    members: &[Member],
    titles: &[(String, String)],
) -> Vec<Reminder> {
    let mut out: Vec<Reminder> = actions
        .iter()
        .filter(|a| !a.is_deleted() && a.data.status.is_open())
        .filter_map(|a| {
            let due = a.data.due_date?;
            Some(Reminder {
                action_id: a.id.clone(),
                partnership_title: titles
                    .iter()
                    .find(|(id, _)| *id == a.data.partnership_id)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default(),
                what: a.data.what.trim().to_string(),
                due,
                channel: a.data.channel.label().to_string(),
                status: a.data.status.label().to_string(),
                owner: a.data.owner_member_id.as_ref().map(|id| {
                    members
                        .iter()
                        .find(|m| &m.id == id)
                        .map(|m| m.data.label())
                        .unwrap_or_else(|| "a former member".to_string())
                }),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| a.action_id.cmp(&b.action_id))
    });
    out
}

/// The reminders of one partnership (any status), or of the whole portfolio's partnerships
/// that are neither archived, concluded nor cancelled.
pub fn load(store: &Store, partnership_id: Option<&str>) -> Result<Vec<Reminder>> {
    let conn = store.conn();
    let partnerships = match partnership_id {
        Some(id) => vec![records::get::<PartnershipData>(conn, id)?],
        None => records::list::<PartnershipData>(
            conn,
            "t.archived = 0 AND t.status NOT IN ('concluded', 'cancelled')",
            &[],
            "t.title COLLATE NOCASE, t.id",
        )?,
    };
    let titles: Vec<(String, String)> = partnerships
        .iter()
        .filter(|p| !p.is_deleted())
        .map(|p| (p.id.clone(), p.data.title.clone()))
        .collect();
    let mut actions = Vec::new();
    let mut members = Vec::new();
    for (id, _) in &titles {
        let id: &dyn rusqlite::ToSql = id;
        actions.extend(records::list::<FollowUpActionData>(
            conn,
            "t.partnership_id = ?1",
            &[id],
            "t.due_date, t.id",
        )?);
        members.extend(records::list::<MemberData>(
            conn,
            "t.partnership_id = ?1",
            &[id],
            "t.id",
        )?);
    }
    Ok(reminders(&actions, &members, &titles))
}
