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

use crate::words::{self, t, Lang};

/// The iCalendar text (CRLF line ends, folded) of `reminders`, stamped `now`, its words in
/// `lang` (the calendar's name, each event's description and alarm; the actions' own words
/// are the officer's).
pub fn to_ics(reminders: &[Reminder], now: DateTime<Utc>, lang: Lang) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//PeerPlan//Follow-up reminders//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"));
    cal.name(&t(lang, "ics.calendar_name", &[]));
    for r in reminders {
        let line = |key: &str, value: String| t(lang, key, &[("value", value)]);
        let mut description = [
            line("ics.partnership", r.partnership_title.clone()),
            line(
                "ics.channel",
                enum_text(lang, "contact_channel", &r.channel),
            ),
            line("ics.status", enum_text(lang, "action_status", &r.status)),
        ]
        .join("\n");
        if let Some(owner) = &r.owner {
            description.push('\n');
            description.push_str(&line("ics.owner", words::member_label(lang, owner)));
        }
        description.push('\n');
        description.push_str(&t(lang, "ics.from_plan", &[]));
        let event = Event::new()
            .uid(&uid(&r.action_id))
            .timestamp(now)
            .summary(&r.what)
            .description(&description)
            // An all-day event: DTSTART;VALUE=DATE and the exclusive DTEND the next day.
            .starts(r.due)
            .ends(r.due + Duration::days(1))
            .add_property("TRANSP", "TRANSPARENT")
            .alarm(alarm(r, now, lang))
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}

/// A reminder's channel or status, which the core gives as its English label, in `lang`.
fn enum_text(lang: Lang, enum_name: &str, english: &str) -> String {
    use peerplan_core::model::{ActionStatus, ContactChannel};
    let code = match enum_name {
        "contact_channel" => ContactChannel::ALL
            .iter()
            .find(|c| c.label() == english)
            .map(|c| c.as_str()),
        _ => ActionStatus::ALL
            .iter()
            .find(|s| s.label() == english)
            .map(|s| s.as_str()),
    };
    match code {
        Some(code) => words::enum_label(lang, enum_name, code, english),
        None => english.to_string(),
    }
}

/// A display alarm at 09:00 on the due day (the all-day event starts at 00:00 local time).
/// Its UID is stable too (the crate would otherwise write a random one each export).
fn alarm(r: &Reminder, now: DateTime<Utc>, lang: Lang) -> Alarm {
    let mut alarm = Alarm::display(
        &t(lang, "ics.due_today", &[("what", r.what.clone())]),
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
        let ics = to_ics(&sample(), now(), Lang::En);
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
        let later = to_ics(&sample(), "2026-12-01T00:00:00Z".parse().unwrap(), Lang::En);
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
        let ics = to_ics(&r, now(), Lang::En);
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
    fn a_spanish_calendar_words_its_reminders_in_spanish() {
        let ics = to_ics(&sample(), now(), Lang::Es);
        let lines = unfold(&ics);
        assert!(
            lines.contains(&"X-WR-CALNAME:Acciones de seguimiento de PeerPlan".to_string()),
            "{ics}"
        );
        let description = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:Asociación: Ghana–Kenya"))
            .unwrap_or_else(|| panic!("no Spanish description in {ics}"));
        assert!(description.contains(r"\nCanal: Llamada"), "{description}");
        assert!(description.contains(r"\nEstado: En curso"), "{description}");
        assert!(
            description.contains(r"\nResponsable: Kenia (KE)"),
            "{description}"
        );
        assert!(
            description.ends_with(r"\nDel plan de seguimiento de PeerPlan."),
            "{description}"
        );
        assert!(
            lines.contains(&"DESCRIPTION:Vence hoy: Send the indicator list".to_string()),
            "{ics}"
        );
        // The UIDs do not depend on the language: a calendar re-imported in another
        // language updates the same reminders.
        let uids = |s: &str| -> Vec<String> {
            unfold(s)
                .into_iter()
                .filter(|l| l.starts_with("UID:"))
                .collect()
        };
        assert_eq!(uids(&ics), uids(&to_ics(&sample(), now(), Lang::En)));
        let fr = to_ics(&sample(), now(), Lang::Fr);
        assert!(
            unfold(&fr)
                .iter()
                .any(|l| l.contains(r"Partenariat : Ghana–Kenya\nCanal : Appel")),
            "{fr}"
        );
    }

    #[test]
    fn no_reminders_is_still_a_valid_calendar() {
        let ics = to_ics(&[], now(), Lang::En);
        let lines = unfold(&ics);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert!(lines.contains(&"VERSION:2.0".to_string()));
        assert!(lines.contains(&"PRODID:-//PeerPlan//Follow-up reminders//EN".to_string()));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
