//! Time arithmetic of agendas: "HH:MM" clock times as minutes after midnight, reflowing a
//! day after a reorder or a changed duration, overlaps, and wall-clock times placed in a time
//! zone (where a day can be 23 or 25 hours long).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Minutes in a day: a session ends at 23:59 at the latest (no session runs past midnight).
pub const DAY_MINUTES: i32 = 24 * 60;

/// A clock time "HH:MM" (24-hour) as minutes after midnight; `None` if it is not one.
pub fn parse_clock(text: &str) -> Option<i32> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// Minutes after midnight as "HH:MM".
pub fn format_clock(minutes: i32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

pub fn to_naive_time(minutes: i32) -> NaiveTime {
    NaiveTime::from_hms_opt((minutes / 60) as u32, (minutes % 60) as u32, 0)
        .unwrap_or(NaiveTime::MIN)
}

/// A session's slot on the clock, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: i32,
    pub end: i32,
}

impl Slot {
    pub fn minutes(self) -> i32 {
        self.end - self.start
    }

    pub fn overlaps(self, other: Slot) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The slots of a day's sessions, in their new order, after a reorder: each session keeps
/// its duration, and the pauses of the day (between consecutive sessions in time order)
/// stay at their place in the sequence, so a day keeps its rhythm (a 15-minute changeover
/// after the second item stays there, whatever the second item now is). The day starts when
/// it started before. `order[i]` is the index in `before` of the session now at position
/// `i`; an index left out (a session moved to another day) gives up its time.
pub fn reflow(before: &[Slot], order: &[usize]) -> Vec<Slot> {
    let Some(day_start) = before.iter().map(|s| s.start).min() else {
        return Vec::new();
    };
    let mut in_time = before.to_vec();
    in_time.sort_by_key(|s| (s.start, s.end));
    // Pauses between consecutive sessions (never negative: an overlap closes up).
    let gaps: Vec<i32> = in_time
        .windows(2)
        .map(|w| (w[1].start - w[0].end).max(0))
        .collect();
    let mut at = day_start;
    order
        .iter()
        .enumerate()
        .map(|(position, &old)| {
            let slot = Slot {
                start: at,
                end: at + before[old].minutes().max(0),
            };
            at = slot.end + gaps.get(position).copied().unwrap_or(0);
            slot
        })
        .collect()
}

/// Moves every slot by `delta` minutes; `None` if one would leave the day (before 00:00 or
/// after 23:59).
pub fn shift(slots: &[Slot], delta: i32) -> Option<Vec<Slot>> {
    slots
        .iter()
        .map(|s| {
            let moved = Slot {
                start: s.start + delta,
                end: s.end + delta,
            };
            (moved.start >= 0 && moved.end < DAY_MINUTES).then_some(moved)
        })
        .collect()
}

/// Pairs of indexes whose slots overlap.
pub fn overlapping_pairs(slots: &[Slot]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for i in 0..slots.len() {
        for j in i + 1..slots.len() {
            if slots[i].overlaps(slots[j]) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// Where a wall-clock time at the venue falls in real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// The instant, in UTC.
    At(chrono::DateTime<chrono::Utc>),
    /// The time is skipped when clocks go forward; the instant shown is the time just after
    /// the gap, so the agenda still prints, with a warning.
    InGap(chrono::DateTime<chrono::Utc>),
}

impl Placed {
    pub fn instant(self) -> chrono::DateTime<chrono::Utc> {
        match self {
            Placed::At(t) | Placed::InGap(t) => t,
        }
    }
}

/// Places `minutes` after midnight of `date` in `tz`. An ambiguous time (clocks going back)
/// is taken at its first occurrence.
pub fn place(date: NaiveDate, minutes: i32, tz: Tz) -> Placed {
    let local = NaiveDateTime::new(date, to_naive_time(minutes));
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Placed::At(t.to_utc()),
        chrono::LocalResult::Ambiguous(first, _) => Placed::At(first.to_utc()),
        chrono::LocalResult::None => {
            // In a gap: step forward minute by minute to the first time that exists (gaps
            // are at most a few hours; a day always has existing times after one).
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return Placed::InGap(t.to_utc());
                }
            }
            Placed::InGap(tz.from_utc_datetime(&local).to_utc())
        }
    }
}

/// The real length of a session in minutes: different from the clock difference on a day
/// when clocks change during it.
pub fn elapsed_minutes(date: NaiveDate, slot: Slot, tz: Tz) -> i64 {
    (place(date, slot.end, tz).instant() - place(date, slot.start, tz).instant()).num_minutes()
}

/// The abbreviation a zone goes by on `date` ("CET", "CEST", "EDT"; "+03" where it has none),
/// read at noon there.
pub fn zone_name(date: NaiveDate, tz: Tz) -> String {
    use chrono::TimeZone;
    let noon = date.and_hms_opt(12, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&noon) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Z").to_string()
        }
        chrono::LocalResult::None => String::new(),
    }
}

/// The same instant on another member's clock: the date there and the time.
pub fn local_in(date: NaiveDate, minutes: i32, venue: Tz, other: Tz) -> (NaiveDate, NaiveTime) {
    let there = place(date, minutes, venue).instant().with_timezone(&other);
    (there.date_naive(), there.time())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(start: &str, end: &str) -> Slot {
        Slot {
            start: parse_clock(start).unwrap(),
            end: parse_clock(end).unwrap(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn clock_times_parse_strictly() {
        assert_eq!(parse_clock("09:30"), Some(570));
        assert_eq!(parse_clock("9:05"), Some(545));
        assert_eq!(parse_clock("23:59"), Some(1439));
        for bad in [
            "24:00", "12:60", "12", "", "ab:cd", "12:5", "-1:00", "012:00",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(format_clock(545), "09:05");
    }

    #[test]
    fn a_reorder_keeps_durations_and_the_days_rhythm() {
        // 09:00-10:30, pause 15, 10:45-11:00 (coffee), 11:00-12:30.
        let before = [
            slot("09:00", "10:30"),
            slot("10:45", "11:00"),
            slot("11:00", "12:30"),
        ];
        // Move the last session first.
        let after = reflow(&before, &[2, 0, 1]);
        assert_eq!(
            after,
            vec![
                slot("09:00", "10:30"), // the 90-minute session now first
                slot("10:45", "12:15"), // the old first session, after the 15-minute pause
                slot("12:15", "12:30"), // coffee, back to back as position 2 was
            ]
        );
        // The day ends when it ended: nothing was lost or added.
        assert_eq!(after.last().unwrap().end, before.last().unwrap().end);
    }

    #[test]
    fn a_reorder_of_an_overlapping_day_closes_the_overlap() {
        let before = [slot("09:00", "10:00"), slot("09:30", "10:00")];
        let after = reflow(&before, &[1, 0]);
        assert_eq!(after, vec![slot("09:00", "09:30"), slot("09:30", "10:30")]);
        assert!(overlapping_pairs(&after).is_empty());
    }

    #[test]
    fn shifting_stops_at_midnight() {
        let day = [slot("20:00", "22:00"), slot("22:00", "23:30")];
        assert_eq!(
            shift(&day, 15),
            Some(vec![slot("20:15", "22:15"), slot("22:15", "23:45")])
        );
        assert_eq!(shift(&day, 30), None, "23:30 + 30 min is midnight");
        assert_eq!(shift(&day, -20 * 60 - 1), None);
    }

    #[test]
    fn overlaps_are_found_and_touching_sessions_are_not_overlaps() {
        let day = [
            slot("09:00", "10:00"),
            slot("10:00", "11:00"),
            slot("10:30", "10:45"),
        ];
        assert_eq!(overlapping_pairs(&day), vec![(1, 2)]);
    }

    #[test]
    fn a_session_across_the_spring_change_lasts_an_hour_less() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        // 29 March 2026: 02:00 becomes 03:00 in Paris.
        let night = slot("01:00", "04:00");
        assert_eq!(elapsed_minutes(d(2026, 3, 29), night, paris), 120);
        assert_eq!(elapsed_minutes(d(2026, 3, 28), night, paris), 180);
        // 02:30 does not exist that night: placed just after the gap, flagged.
        assert!(matches!(
            place(d(2026, 3, 29), parse_clock("02:30").unwrap(), paris),
            Placed::InGap(_)
        ));
        // 25 October 2026: 03:00 becomes 02:00 again, the night has an extra hour.
        assert_eq!(elapsed_minutes(d(2026, 10, 25), night, paris), 240);
    }

    #[test]
    fn a_virtual_session_shows_on_each_members_clock() {
        let nairobi: Tz = "Africa/Nairobi".parse().unwrap();
        let lima: Tz = "America/Lima".parse().unwrap();
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let nine = parse_clock("09:00").unwrap();
        // Nairobi is UTC+3, Lima UTC-5, Tokyo UTC+9 (none has summer time).
        assert_eq!(
            local_in(d(2026, 6, 10), nine, nairobi, lima),
            (d(2026, 6, 10), NaiveTime::from_hms_opt(1, 0, 0).unwrap())
        );
        assert_eq!(
            local_in(
                d(2026, 6, 10),
                parse_clock("20:00").unwrap(),
                nairobi,
                tokyo
            ),
            (d(2026, 6, 11), NaiveTime::from_hms_opt(2, 0, 0).unwrap()),
            "the next day in Tokyo"
        );
        // Between two zones with summer time the gap changes with the date.
        let ny: Tz = "America/New_York".parse().unwrap();
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let at_15 = parse_clock("15:00").unwrap();
        assert_eq!(
            local_in(d(2026, 1, 15), at_15, paris, ny).1.to_string(),
            "09:00:00"
        );
        // 20 March 2026: New York is on summer time, Paris not yet: 5 hours, not 6.
        assert_eq!(
            local_in(d(2026, 3, 20), at_15, paris, ny).1.to_string(),
            "10:00:00"
        );
    }
}
