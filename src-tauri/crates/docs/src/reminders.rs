//! Open follow-up actions with a due date as an iCalendar (RFC 5545) file of reminders.
//!
//! Each action is an all-day VEVENT on its due date with a VALARM, not a VTODO: Google
//! Calendar and Outlook import VEVENTs but ignore or reject VTODOs, while Apple Calendar and
//! Thunderbird handle both, so events are what every officer's calendar shows. The UID is
//! derived from the action's id (`<id>@peerplan`), so importing a newer file updates the
//! reminders instead of duplicating them. Folding (75 octets, on character boundaries) and
//! TEXT escaping are done by the `icalendar` crate.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};

pub use peerplan_core::export::reminders::{load, reminders, uid, Reminder};

/// The iCalendar text (CRLF line ends, folded) of `reminders`, stamped `now`.
pub fn to_ics(reminders: &[Reminder], now: DateTime<Utc>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//PeerPlan//Follow-up reminders//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"));
    cal.name("PeerPlan follow-up actions");
    for r in reminders {
        let mut description = format!(
            "Partnership: {}\nChannel: {}\nStatus: {}",
            r.partnership_title, r.channel, r.status
        );
        if let Some(owner) = &r.owner {
            description.push_str(&format!("\nOwner: {owner}"));
        }
        description.push_str("\nFrom PeerPlan's follow-up plan.");
        let event = Event::new()
            .uid(&uid(&r.action_id))
            .timestamp(now)
            .summary(&r.what)
            .description(&description)
            // An all-day event: DTSTART;VALUE=DATE and the exclusive DTEND the next day.
            .starts(r.due)
            .ends(r.due + Duration::days(1))
            .add_property("TRANSP", "TRANSPARENT")
            .alarm(alarm(r, now))
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}

/// A display alarm at 09:00 on the due day (the all-day event starts at 00:00 local time).
/// Its UID is stable too (the crate would otherwise write a random one each export).
fn alarm(r: &Reminder, now: DateTime<Utc>) -> Alarm {
    let mut alarm = Alarm::display(
        &format!("Due today: {}", r.what),
        Trigger::after_start(Duration::hours(9)),
    );
    alarm.add_property("UID", format!("{}-alarm@peerplan", r.action_id));
    alarm.timestamp(now);
    alarm.done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use peerplan_core::model::*;

    fn action(
        id: &str,
        what: &str,
        due: Option<NaiveDate>,
        status: ActionStatus,
    ) -> FollowUpAction {
        Record {
            id: id.to_string(),
            created_at: String::new(),
            updated_at: String::new(),
            version: String::new(),
            deleted_at: None,
            data: FollowUpActionData {
                partnership_id: "p1".into(),
                what: what.into(),
                due_date: due,
                status,
                owner_member_id: Some("m1".into()),
                ..Default::default()
            },
        }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn member() -> Member {
        Record {
            id: "m1".into(),
            created_at: String::new(),
            updated_at: String::new(),
            version: String::new(),
            deleted_at: None,
            data: MemberData {
                partnership_id: "p1".into(),
                country_code: "KE".into(),
                ..Default::default()
            },
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T08:00:00Z".parse().unwrap()
    }

    /// Unfolds content lines (a CRLF followed by a space or tab continues the line).
    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .replace("\r\n\t", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn sample() -> Vec<Reminder> {
        let mut deleted = action(
            "a5",
            "Deleted",
            Some(date("2026-12-01")),
            ActionStatus::Planned,
        );
        deleted.deleted_at = Some("2026-11-01T00:00:00Z".into());
        let actions = vec![
            action(
                "a1",
                "Send the indicator list",
                Some(date("2026-12-04")),
                ActionStatus::Planned,
            ),
            action(
                "a2",
                "Overdue call",
                Some(date("2026-10-31")),
                ActionStatus::InProgress,
            ),
            action("a3", "No date yet", None, ActionStatus::Planned),
            action(
                "a4",
                "Already done",
                Some(date("2026-11-01")),
                ActionStatus::Done,
            ),
            deleted,
        ];
        reminders(
            &actions,
            &[member()],
            &[("p1".into(), "Ghana–Kenya".into())],
        )
    }

    #[test]
    fn only_open_dated_live_actions_become_reminders_soonest_first() {
        let r = sample();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].action_id, "a2");
        assert_eq!(r[1].action_id, "a1");
        assert_eq!(r[1].owner.as_deref(), Some("Kenya (KE)"));
        assert_eq!(r[1].partnership_title, "Ghana–Kenya");
    }

    #[test]
    fn each_reminder_is_an_all_day_event_with_an_alarm_and_a_stable_uid() {
        let ics = to_ics(&sample(), now());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        let lines = unfold(&ics);
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VALARM").count(), 2);
        assert!(lines.contains(&"UID:a1@peerplan".to_string()), "{ics}");
        assert!(
            lines.contains(&"DTSTART;VALUE=DATE:20261204".to_string()),
            "{ics}"
        );
        assert!(
            lines.contains(&"DTEND;VALUE=DATE:20261205".to_string()),
            "{ics}"
        );
        // The same actions exported later give the same UIDs (re-import updates).
        let later = to_ics(&sample(), "2026-12-01T00:00:00Z".parse().unwrap());
        let uids = |s: &str| -> Vec<String> {
            unfold(s)
                .into_iter()
                .filter(|l| l.starts_with("UID:"))
                .collect()
        };
        assert_eq!(uids(&ics), uids(&later));
        assert_eq!(ics.replace("20261123T080000Z", "20261201T000000Z"), later);
        assert_eq!(uid("0190-abc"), "0190-abc@peerplan");
    }

    #[test]
    fn text_is_escaped_and_long_lines_are_folded() {
        let mut r = sample();
        r[0].what = "Call Ama; agree dates, venue\\room".into();
        r[1].what = "Α very long reminder — ".repeat(8).trim_end().to_string();
        let ics = to_ics(&r, now());
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
        }
        let lines = unfold(&ics);
        assert!(
            lines.contains(&r"SUMMARY:Call Ama\; agree dates\, venue\\room".to_string()),
            "{ics}"
        );
        let description = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:Partnership"))
            .unwrap();
        assert!(description.contains(r"\nChannel: Call"), "{description}");
        // Folding happens between characters (Α and — are multi-byte) and unfolds exactly.
        assert!(lines.contains(&format!("SUMMARY:{}", r[1].what)), "{ics}");
    }

    #[test]
    fn no_reminders_is_still_a_valid_calendar() {
        let ics = to_ics(&[], now());
        let lines = unfold(&ics);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert!(lines.contains(&"VERSION:2.0".to_string()));
        assert!(lines.contains(&"PRODID:-//PeerPlan//Follow-up reminders//EN".to_string()));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
