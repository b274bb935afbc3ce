//! The agenda as an iCalendar (RFC 5545) file: one event per session, or one per day.
//!
//! Times are the venue's local times with `TZID=<the agenda's zone>`, and the file carries a
//! VTIMEZONE for that zone, so every participant's calendar shows each session at the right
//! hour in their own zone (a delegate flying in from Accra sees Nairobi's 09:00 as 06:00).
//! The VTIMEZONE is derived from chrono-tz's data around the agenda's dates: the offset in
//! effect when the agenda starts (from the last change before it) and every change up to its
//! end, so a DST change during the exchange is handled; a zone without changes gets a single
//! STANDARD block. UIDs are stable (`<session id>@peerplan`, `<exchange id>-<date>@peerplan`
//! for days), so importing a newer agenda updates events rather than duplicating them.
//! An agenda whose zone is unknown is written in floating local time (no TZID), which each
//! calendar reads as its own local time — the best that can be done without a zone.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};

use peerplan_core::export::agenda::labels as label;
use peerplan_core::export::agenda::{AgendaDoc, AgendaDocSession};
use peerplan_core::export::reminders::uid;
use peerplan_core::Result;

/// One event per session, or one per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IcsGrouping {
    #[default]
    Session,
    Day,
}

/// A change of UTC offset: the UTC instant and the offsets (seconds) before and after.
#[derive(Debug, Clone, PartialEq)]
struct Transition {
    at: DateTime<Utc>,
    from: i32,
    to: i32,
    daylight: bool,
    name: String,
}

fn offset_at(tz: Tz, at: DateTime<Utc>) -> (i32, bool, String) {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    (
        offset.fix().local_minus_utc(),
        !offset.dst_offset().is_zero(),
        offset.abbreviation().unwrap_or_default().to_string(),
    )
}

/// The offset changes of `tz` in [`from`, `to`], found by stepping a day at a time and then
/// bisecting to the second (zones change offset at most a few times a year).
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut out = Vec::new();
    let mut t = from;
    let mut before = offset_at(tz, t);
    while t < to {
        let next = (t + Duration::days(1)).min(to);
        let after = offset_at(tz, next);
        if after.0 != before.0 || after.1 != before.1 {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (to_offset, daylight, name) = offset_at(tz, hi);
            out.push(Transition {
                at: hi,
                from: before.0,
                to: to_offset,
                daylight,
                name,
            });
        }
        before = after;
        t = next;
    }
    out
}

/// "+0300", "-0430": an RFC 5545 UTC-OFFSET.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// The VTIMEZONE of `tz` covering `first`..=`last` (local dates), CRLF-terminated lines.
fn vtimezone(tz: Tz, first: NaiveDate, last: NaiveDate) -> String {
    let start = first
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc() - Duration::days(1))
        .unwrap_or_default();
    let end = last
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc() + Duration::days(2))
        .unwrap_or_default();
    // Look back a year for the change that put the starting offset in effect.
    let found = transitions(tz, start - Duration::days(366), end);
    let mut observances: Vec<Transition> = Vec::new();
    if let Some(onset) = found.iter().rev().find(|t| t.at <= start) {
        observances.push(onset.clone());
    } else {
        // No change in the last year: one block from a date long past.
        let (offset, daylight, name) = offset_at(tz, start);
        observances.push(Transition {
            at: DateTime::<Utc>::UNIX_EPOCH,
            from: offset,
            to: offset,
            daylight,
            name,
        });
    }
    observances.extend(found.into_iter().filter(|t| t.at > start));

    let mut out = String::new();
    let _ = write!(out, "BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    for o in observances {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the onset in the local time in effect before it (RFC 5545 3.6.5).
        let local = (o.at + Duration::seconds(i64::from(o.from))).naive_utc();
        let _ = write!(
            out,
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
            local.format("%Y%m%dT%H%M%S"),
            utc_offset(o.from),
            utc_offset(o.to)
        );
        // Names such as "+03" are not names; calendars show the zone's TZID instead.
        if o.name.chars().any(|c| c.is_ascii_alphabetic()) {
            let _ = write!(out, "TZNAME:{}\r\n", o.name);
        }
        let _ = write!(out, "END:{kind}\r\n");
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

fn when(doc_tz: Option<Tz>, at: NaiveDateTime) -> CalendarDateTime {
    match doc_tz {
        Some(tz) => CalendarDateTime::WithTimezone {
            date_time: at,
            tzid: tz.name().to_string(),
        },
        None => CalendarDateTime::Floating(at),
    }
}

/// "Plenary hall, Kenya School of Government, Nairobi": the room, then the venue.
fn location(doc: &AgendaDoc, room: &str) -> String {
    [room.trim(), doc.venue.trim()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn session_description(doc: &AgendaDoc, s: &AgendaDocSession) -> String {
    let lang = doc.language;
    let mut parts: Vec<String> = Vec::new();
    if !s.description.trim().is_empty() {
        parts.push(s.description.trim().to_string());
    }
    if let Some(lead) = &s.lead {
        parts.push(format!(
            "{}{lead}",
            label::labelled(lang, label::led_by(lang))
        ));
    }
    if !s.presenters.is_empty() {
        parts.push(format!(
            "{}{}",
            label::labelled(lang, label::presenters(lang)),
            s.presenters.join("; ")
        ));
    }
    if !s.link.trim().is_empty() {
        parts.push(format!(
            "{}{}",
            label::labelled(lang, label::link(lang)),
            s.link.trim()
        ));
    }
    parts.push(doc.title.clone());
    parts.join("\n")
}

/// The agenda as iCalendar text (CRLF line ends, folded), stamped `now`.
pub fn agenda_ics(doc: &AgendaDoc, per: IcsGrouping, now: DateTime<Utc>) -> String {
    let tz: Option<Tz> = doc.time_zone.trim().parse().ok();
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//PeerPlan//Agenda//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"));
    cal.name(&format!("{}: {}", label::agenda(doc.language), doc.title));
    if let Some(tz) = tz {
        cal.append_property(("X-WR-TIMEZONE", tz.name()));
    }
    for (index, day) in doc.days.iter().enumerate() {
        match per {
            IcsGrouping::Session => {
                for s in &day.sessions {
                    let mut event = Event::new();
                    event
                        .uid(&uid(&s.id))
                        .timestamp(now)
                        .summary(&s.title)
                        .description(&session_description(doc, s))
                        .starts(when(tz, day.date.and_time(s.start)))
                        .ends(when(tz, day.date.and_time(s.end.max(s.start))))
                        .add_property("CATEGORIES", label::session_kind(doc.language, s.kind));
                    let place = location(doc, &s.location);
                    if !place.is_empty() {
                        event.location(&place);
                    }
                    if !s.link.trim().is_empty() {
                        event.url(s.link.trim());
                    }
                    if s.kind.is_pause() {
                        // Breaks do not make a participant look busy to others.
                        event.add_property("TRANSP", "TRANSPARENT");
                    }
                    cal.push(event.done());
                }
            }
            IcsGrouping::Day => {
                let (Some(first), Some(last_end)) = (
                    day.sessions.iter().map(|s| s.start).min(),
                    day.sessions.iter().map(|s| s.end.max(s.start)).max(),
                ) else {
                    continue;
                };
                let lines: Vec<String> = day
                    .sessions
                    .iter()
                    .map(|s| format!("{}  {}", label::time_range(s.start, s.end), s.title))
                    .collect();
                let mut summary = format!("{}: {}", label::day(doc.language, index + 1), doc.title);
                if !day.title.is_empty() {
                    summary = format!("{summary} — {}", day.title);
                }
                let mut event = Event::new();
                event
                    .uid(&uid(&format!("{}-{}", doc.exchange_id, day.date)))
                    .timestamp(now)
                    .summary(&summary)
                    .description(&lines.join("\n"))
                    .starts(when(tz, day.date.and_time(first)))
                    .ends(when(tz, day.date.and_time(last_end)));
                if !doc.venue.trim().is_empty() {
                    event.location(doc.venue.trim());
                }
                cal.push(event.done());
            }
        }
    }
    let text = cal.done().to_string();
    let (Some(tz), Some(first), Some(last)) = (
        tz,
        doc.days.iter().map(|d| d.date).min(),
        doc.days.iter().map(|d| d.date).max(),
    ) else {
        return text;
    };
    // The icalendar crate has no VTIMEZONE component: insert ours before the first event
    // (or before the end when there is none), where calendars expect it.
    let zone = vtimezone(tz, first, last);
    let at = text
        .find("BEGIN:VEVENT\r\n")
        .or_else(|| text.rfind("END:VCALENDAR"))
        .unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + zone.len());
    out.push_str(&text[..at]);
    out.push_str(&zone);
    out.push_str(&text[at..]);
    out
}

/// Writes the agenda's calendar to `path` (atomically).
pub fn write_agenda_ics(
    doc: &AgendaDoc,
    per: IcsGrouping,
    now: DateTime<Utc>,
    path: &Path,
) -> Result<()> {
    peerplan_core::export::write_atomically(path, agenda_ics(doc, per, now).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::sample::sample_agenda;

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

    fn values<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
        lines.iter().filter_map(|l| l.strip_prefix(name)).collect()
    }

    /// Every BEGIN has its END, properly nested.
    fn nested(lines: &[String]) {
        let mut stack = Vec::new();
        for l in lines {
            if let Some(c) = l.strip_prefix("BEGIN:") {
                stack.push(c.to_string());
            } else if let Some(c) = l.strip_prefix("END:") {
                assert_eq!(stack.pop().as_deref(), Some(c), "{lines:#?}");
            }
        }
        assert!(stack.is_empty());
    }

    #[test]
    fn one_event_per_session_in_the_venues_zone() {
        let doc = sample_agenda(5, 12);
        let ics = agenda_ics(&doc, IcsGrouping::Session, now());
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let lines = unfold(&ics);
        nested(&lines);
        assert_eq!(values(&lines, "BEGIN:VEVENT").len(), 60);
        let starts = values(&lines, "DTSTART;TZID=Africa/Nairobi:");
        assert_eq!(starts.len(), 60);
        let expected: Vec<String> = doc
            .days
            .iter()
            .flat_map(|d| {
                d.sessions
                    .iter()
                    .map(move |s| d.date.and_time(s.start).format("%Y%m%dT%H%M%S").to_string())
            })
            .collect();
        assert_eq!(starts, expected);
        assert_eq!(starts[0], "20260303T083000");
        assert_eq!(
            values(&lines, "DTEND;TZID=Africa/Nairobi:")[0],
            "20260303T091500"
        );
        assert!(lines.contains(&"UID:0195f3a2-7c00-7000-8000-000000000001@peerplan".to_string()));
        // Nairobi has no DST: one STANDARD block at +03:00.
        assert_eq!(values(&lines, "BEGIN:VTIMEZONE").len(), 1);
        assert!(lines.contains(&"TZID:Africa/Nairobi".to_string()));
        assert_eq!(values(&lines, "BEGIN:STANDARD").len(), 1);
        assert_eq!(values(&lines, "BEGIN:DAYLIGHT").len(), 0);
        assert_eq!(values(&lines, "TZOFFSETTO:"), ["+0300"]);
        let tz_at = lines.iter().position(|l| l == "BEGIN:VTIMEZONE").unwrap();
        let first_event = lines.iter().position(|l| l == "BEGIN:VEVENT").unwrap();
        assert!(tz_at < first_event);
        // Location, description and link.
        assert!(lines.iter().any(|l| l.starts_with(
            r"LOCATION:Plenary hall\, Kenya School of Government\, Lower Kabete Road"
        )));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("DESCRIPTION:") && l.contains(r"\nLed by: Ghana (GH)")));
        assert!(lines.contains(&"URL:https://meet.example.org/ghana-kenya-nap-panel".to_string()));
        // Stable: a later export differs only in its stamps.
        let later = agenda_ics(
            &doc,
            IcsGrouping::Session,
            "2026-12-01T00:00:00Z".parse().unwrap(),
        );
        assert_eq!(ics.replace("20261123T080000Z", "20261201T000000Z"), later);
    }

    #[test]
    fn one_event_per_day_from_first_start_to_last_end() {
        let mut doc = sample_agenda(3, 12);
        doc.language = peerplan_core::model::AgendaLanguage::Fr;
        let ics = agenda_ics(&doc, IcsGrouping::Day, now());
        let lines = unfold(&ics);
        nested(&lines);
        assert_eq!(values(&lines, "BEGIN:VEVENT").len(), 3);
        assert_eq!(
            values(&lines, "DTSTART;TZID=Africa/Nairobi:"),
            ["20260303T083000", "20260304T083000", "20260305T083000"]
        );
        let last = doc.days[0].sessions.last().unwrap().end;
        assert_eq!(
            values(&lines, "DTEND;TZID=Africa/Nairobi:")[0],
            format!("20260303T{}", last.format("%H%M%S"))
        );
        assert!(lines.contains(&format!("UID:{}-2026-03-03@peerplan", doc.exchange_id)));
        let description = values(&lines, "DESCRIPTION:")[0];
        assert!(
            description.starts_with("08:30–09:15  Welcome and introductions"),
            "{description}"
        );
        assert!(values(&lines, "SUMMARY:")[0].starts_with("Jour 1: Foundational exchange"));
    }

    #[test]
    fn a_zone_with_a_dst_change_during_the_agenda_gets_both_observances() {
        // Paris changes to summer time on Sunday 29 March 2026 at 02:00 local.
        let mut doc = sample_agenda(5, 2);
        doc.time_zone = "Europe/Paris".to_string();
        for (i, day) in doc.days.iter_mut().enumerate() {
            day.date = "2026-03-27".parse::<NaiveDate>().unwrap() + Duration::days(i as i64);
        }
        let lines = unfold(&agenda_ics(&doc, IcsGrouping::Session, now()));
        nested(&lines);
        assert_eq!(values(&lines, "DTSTART;TZID=Europe/Paris:").len(), 10);
        let standard = lines.iter().position(|l| l == "BEGIN:STANDARD").unwrap();
        let daylight = lines.iter().position(|l| l == "BEGIN:DAYLIGHT").unwrap();
        // The winter block (from October 2025) and the spring change.
        assert_eq!(lines[standard + 1], "DTSTART:20251026T030000");
        assert_eq!(lines[standard + 2], "TZOFFSETFROM:+0200");
        assert_eq!(lines[standard + 3], "TZOFFSETTO:+0100");
        assert_eq!(lines[standard + 4], "TZNAME:CET");
        assert_eq!(lines[daylight + 1], "DTSTART:20260329T020000");
        assert_eq!(lines[daylight + 2], "TZOFFSETFROM:+0100");
        assert_eq!(lines[daylight + 3], "TZOFFSETTO:+0200");
        assert_eq!(lines[daylight + 4], "TZNAME:CEST");
    }

    #[test]
    fn an_unknown_zone_gives_floating_times_and_no_vtimezone() {
        let mut doc = sample_agenda(1, 3);
        doc.time_zone = String::new();
        let lines = unfold(&agenda_ics(&doc, IcsGrouping::Session, now()));
        nested(&lines);
        assert_eq!(values(&lines, "DTSTART:").len(), 3);
        assert!(!lines.iter().any(|l| l.contains("TZID")));
    }

    #[test]
    fn offsets_are_written_as_rfc_5545_utc_offsets() {
        assert_eq!(utc_offset(3 * 3600), "+0300");
        assert_eq!(utc_offset(-(4 * 3600 + 30 * 60)), "-0430");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(5 * 3600 + 45 * 60), "+0545");
    }
}
