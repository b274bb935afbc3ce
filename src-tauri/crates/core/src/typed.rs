//! Dates and times as officers type them, read without guessing.
//!
//! Officers type dates in many orders: `2027-01-15`, `15/01/2027` on a day-first laptop,
//! `01/15/2027` on a month-first one, `15 Jan 2027`, `15 janvier 2027`, `15 de enero de 2027`.
//! A field knows the order its laptop writes dates in ([`DateOrder`]); [`read_date`] reads the
//! forms that have one meaning in that order and refuses everything else with a message that
//! says what is wrong and how to write it. It never picks a reading the officer did not mean:
//! `15/01/2027` in a month-first field is refused (there is no month 15), not turned into
//! another date. Times: [`read_time`] takes `0830`, `8:30`, `8.30`, `08h30`, `8:30 pm`.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// The order a laptop writes numeric dates in (from its locale; the officer can change it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// 15/01/2027 (most of the world).
    DayFirst,
    /// 01/15/2027 (the United States, the Philippines…).
    MonthFirst,
    /// 2027-01-15 (ISO; Sweden, China, Japan, Hungary…).
    YearFirst,
}

impl DateOrder {
    /// What the field shows while empty: "DD/MM/YYYY".
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "DD/MM/YYYY",
            DateOrder::MonthFirst => "MM/DD/YYYY",
            DateOrder::YearFirst => "YYYY-MM-DD",
        }
    }

    /// `date` written the way this order writes it: "15/01/2027".
    pub fn write(self, date: NaiveDate) -> String {
        match self {
            DateOrder::DayFirst => date.format("%d/%m/%Y").to_string(),
            DateOrder::MonthFirst => date.format("%m/%d/%Y").to_string(),
            DateOrder::YearFirst => date.format("%Y-%m-%d").to_string(),
        }
    }

    /// The order of a POSIX locale name ("en_US.UTF-8" → month first; "sv_SE" → year first;
    /// anything else, "C" included, → day first, the most common order among officers).
    pub fn of_locale(locale: &str) -> DateOrder {
        let region = locale
            .split(['.', '@'])
            .next()
            .unwrap_or("")
            .rsplit(['_', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match region.as_str() {
            "US" | "PH" | "FM" | "MH" | "PW" | "AS" | "GU" | "MP" | "PR" | "UM" | "VI" => {
                DateOrder::MonthFirst
            }
            "SE" | "CN" | "JP" | "KR" | "HU" | "LT" | "MN" | "TW" => DateOrder::YearFirst,
            _ => DateOrder::DayFirst,
        }
    }
}

/// The years a date field takes: a two-digit or mistyped year is refused, not read as the
/// year 15 or 20027.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Month names and their common abbreviations in English, French and Spanish, accents
/// optional ("fevrier", "aout"). Matched after lowercasing and dropping a final dot.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "janvier", "janv", "enero", "ene"],
    &[
        "february", "feb", "février", "fevrier", "févr", "fevr", "fév", "fev", "febrero",
    ],
    &["march", "mar", "mars", "marzo"],
    &["april", "apr", "avril", "avr", "abril", "abr"],
    &["may", "mai", "mayo", "may"],
    &["june", "jun", "juin", "junio"],
    &["july", "jul", "juillet", "juil", "julio"],
    &["august", "aug", "août", "aout", "agosto", "ago"],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
        "set",
    ],
    &["october", "oct", "octobre", "octubre"],
    &["november", "nov", "novembre", "noviembre"],
    &[
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "dic",
        "diciembre",
    ],
];

const WEEKDAYS: [(&[&str], Weekday); 7] = [
    (&["monday", "mon", "lundi", "lun", "lunes"], Weekday::Mon),
    (&["tuesday", "tue", "tues", "mardi", "martes"], Weekday::Tue),
    (
        &[
            "wednesday",
            "wed",
            "mercredi",
            "mer",
            "miércoles",
            "miercoles",
            "mié",
            "mie",
        ],
        Weekday::Wed,
    ),
    (
        &[
            "thursday", "thu", "thur", "thurs", "jeudi", "jeu", "jueves", "jue",
        ],
        Weekday::Thu,
    ),
    (
        &["friday", "fri", "vendredi", "ven", "viernes", "vie"],
        Weekday::Fri,
    ),
    (
        &[
            "saturday", "sat", "samedi", "sam", "sábado", "sabado", "sáb", "sab",
        ],
        Weekday::Sat,
    ),
    (
        &["sunday", "sun", "dimanche", "dim", "domingo", "dom"],
        Weekday::Sun,
    ),
];

/// Words that may sit between a date's parts and mean nothing: "15 de enero de 2027",
/// "the 15th of January", "le 1er mars".
const FILLERS: [&str; 4] = ["de", "of", "the", "le"];

fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u32 + 1)
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let word = word.trim_end_matches('.');
    WEEKDAYS
        .iter()
        .find(|(names, _)| names.contains(&word))
        .map(|(_, d)| *d)
}

/// "Friday 15 January 2027": the date an officer sees beside a field, to check it is the one
/// they meant.
pub fn words(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// The date `text` means in a field that writes dates in `order`, or why it cannot be read.
/// An empty text is an error too ("type a date"); optional fields check for it first.
pub fn read_date(text: &str, order: DateOrder) -> Result<NaiveDate, String> {
    let typed = text.trim();
    let how = format!(
        "type it as {}, as 2027-01-15 or as 15 Jan 2027",
        order.pattern()
    );
    if typed.is_empty() {
        return Err(format!("type a date: {how}"));
    }
    let lower = typed.to_lowercase();
    // Parts: runs of letters (with accents and a final dot) or of digits.
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut digits = false;
    for c in lower.chars() {
        let is_digit = c.is_ascii_digit();
        let is_letter = c.is_alphabetic();
        if (is_digit || is_letter) && (current.is_empty() || digits == is_digit) {
            current.push(c);
            digits = is_digit;
            continue;
        }
        if !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if is_digit || is_letter {
            current.push(c);
            digits = is_digit;
        } else if !matches!(c, ' ' | '/' | '-' | '.' | ',' | '\t') {
            return Err(format!(
                "\"{typed}\" is not a date PeerPlan can read; {how}"
            ));
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    // Ordinals ("15th", "1er", "1st"): the letters after the number go.
    let mut numbers: Vec<&str> = Vec::new();
    let mut month_word: Option<u32> = None;
    let mut weekday: Option<Weekday> = None;
    let mut previous_number = false;
    for part in &parts {
        if part.chars().all(|c| c.is_ascii_digit()) {
            numbers.push(part);
            previous_number = true;
            continue;
        }
        let ordinal =
            previous_number && ["st", "nd", "rd", "th", "er", "o", "º"].contains(&part.as_str());
        previous_number = false;
        if ordinal || FILLERS.contains(&part.as_str()) {
            continue;
        }
        if let Some(m) = month_of(part) {
            if month_word.replace(m).is_some() {
                return Err(format!("\"{typed}\" names two months; {how}"));
            }
        } else if let Some(d) = weekday_of(part) {
            weekday = Some(d);
        } else {
            return Err(format!(
                "\"{typed}\": \"{part}\" is not a month PeerPlan knows; {how}"
            ));
        }
    }
    let number = |s: &str| s.parse::<i64>().unwrap_or(i64::MAX);
    let (year, month, day): (i64, i64, i64) = match (month_word, numbers.as_slice()) {
        (Some(m), [a, b]) => {
            // "15 Jan 2027", "Jan 15, 2027", "2027 Jan 15": the four-digit number is the year.
            match (a.len(), b.len()) {
                (4, 1..=2) => (number(a), m as i64, number(b)),
                (1..=2, 4) => (number(b), m as i64, number(a)),
                (1..=2, 1..=2) => {
                    return Err(format!(
                        "\"{typed}\": write the year in full (four digits, e.g. 2027)"
                    ))
                }
                _ => {
                    return Err(format!(
                        "\"{typed}\" is not a date PeerPlan can read; {how}"
                    ))
                }
            }
        }
        (Some(_), [_]) => return Err(format!("\"{typed}\": add the year (e.g. 15 Jan 2027)")),
        (Some(_), _) => {
            return Err(format!(
                "\"{typed}\" is not a date PeerPlan can read; {how}"
            ))
        }
        (None, [all]) if all.len() == 8 => {
            // 20270115: year, month, day run together.
            (number(&all[..4]), number(&all[4..6]), number(&all[6..]))
        }
        (None, [a, b, c]) => match (a.len(), b.len(), c.len()) {
            // A four-digit first part can only be a year: ISO order, in every locale.
            (4, 1..=2, 1..=2) => (number(a), number(b), number(c)),
            (1..=2, 1..=2, 4) => {
                let (first, second) = (number(a), number(b));
                match order {
                    DateOrder::DayFirst => (number(c), second, first),
                    DateOrder::MonthFirst => (number(c), first, second),
                    DateOrder::YearFirst => {
                        // A year-first laptop has no day/month order of its own: read it only
                        // when just one of the two readings is a date.
                        let day_first = first <= 31 && (1..=12).contains(&second);
                        let month_first = second <= 31 && (1..=12).contains(&first);
                        match (day_first, month_first) {
                            (true, false) => (number(c), second, first),
                            (false, true) => (number(c), first, second),
                            _ if first == second => (number(c), first, second),
                            _ => {
                                return Err(format!(
                                    "\"{typed}\" could be day first or month first; {how}"
                                ))
                            }
                        }
                    }
                }
            }
            (1..=2, 1..=2, 1..=2) => {
                return Err(format!(
                    "\"{typed}\": write the year in full (four digits, e.g. 2027)"
                ))
            }
            _ => {
                return Err(format!(
                    "\"{typed}\" is not a date PeerPlan can read; {how}"
                ))
            }
        },
        (None, [_, _]) => {
            return Err(format!("\"{typed}\": add the year; {how}"));
        }
        _ => {
            return Err(format!(
                "\"{typed}\" is not a date PeerPlan can read; {how}"
            ))
        }
    };
    if !(*YEARS.start() as i64..=*YEARS.end() as i64).contains(&year) {
        return Err(format!(
            "\"{typed}\": the year {year} is outside {}–{}; check the year",
            YEARS.start(),
            YEARS.end()
        ));
    }
    if !(1..=12).contains(&month) {
        let read_as = match (order, month_word) {
            (DateOrder::DayFirst, None) => " (this field reads the day first)",
            (DateOrder::MonthFirst, None) => " (this field reads the month first)",
            _ => "",
        };
        return Err(format!("\"{typed}\" has no month {month}{read_as}; {how}"));
    }
    let Some(date) = NaiveDate::from_ymd_opt(year as i32, month as u32, day.clamp(0, 99) as u32)
    else {
        let month_name = NaiveDate::from_ymd_opt(year as i32, month as u32, 1)
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_default();
        let days = days_in_month(year as i32, month as u32);
        return Err(format!(
            "\"{typed}\": {month_name} has {days} days, there is no day {day}"
        ));
    };
    if let Some(w) = weekday {
        if w != date.weekday() {
            return Err(format!(
                "\"{typed}\": {} is a {}, not a {}",
                date.format("%-d %B %Y"),
                date.format("%A"),
                NaiveDate::from_isoywd_opt(2027, 1, w)
                    .map(|d| d.format("%A").to_string())
                    .unwrap_or_default()
            ));
        }
    }
    Ok(date)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |d| d.day())
}

/// The time `text` means: `0830`, `830`, `8:30`, `8.30`, `08h30`, `8h`, `8`, `20:30`,
/// `8:30 pm`, `8pm`, `12 am` (midnight). Refused with a message saying how to write it.
pub fn read_time(text: &str) -> Result<NaiveTime, String> {
    read_time_problem(text).map_err(|(message, _)| message)
}

/// Why a typed time was refused, for wording the message in any language
/// (`issue.<key>` with the typed `value`, and `time` for [`TimeProblem::HalfDayHour`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProblem {
    Empty,
    Unreadable,
    Minutes,
    /// With am or pm the hour is 1–12; `hours:minutes` is the 24-hour time meant.
    HalfDayHour {
        hours: u32,
        minutes: u32,
    },
    Hours,
    /// Readable but not in 24-hour HH:MM (a session's stored time).
    Not24Hour,
}

impl TimeProblem {
    /// The catalog key of the message (`issue.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            TimeProblem::Empty => "invalid_time.empty",
            TimeProblem::Unreadable => "invalid_time",
            TimeProblem::Minutes => "invalid_time.minutes",
            TimeProblem::HalfDayHour { .. } => "invalid_time.half_day_hour",
            TimeProblem::Hours => "invalid_time.hours",
            TimeProblem::Not24Hour => "invalid_time.not_24_hour",
        }
    }
}

/// [`read_time`], with why a time was refused beside the English message.
pub fn read_time_problem(text: &str) -> Result<NaiveTime, (String, TimeProblem)> {
    let typed = text.trim();
    let how = "type it as 08:30, 0830, 8.30, 08h30 or 8:30 pm";
    if typed.is_empty() {
        return Err((format!("type a time: {how}"), TimeProblem::Empty));
    }
    let compact: String = typed
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .replace("a.m", "am")
        .replace("p.m", "pm");
    let (clock, half) = if let Some(c) = compact.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = compact.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (compact.as_str(), None)
    };
    let unreadable = || {
        (
            format!("\"{typed}\" is not a time PeerPlan can read; {how}"),
            TimeProblem::Unreadable,
        )
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (hours, minutes): (&str, &str) = if let Some(at) = clock.find([':', '.', 'h']) {
        let (h, m) = (&clock[..at], &clock[at + 1..]);
        // "8h" is eight o'clock; "8:" or "8." is not finished.
        if m.is_empty() && clock.ends_with('h') {
            (h, "00")
        } else {
            (h, m)
        }
    } else if all_digits(clock) && clock.len() >= 3 {
        // "830", "0830": the last two digits are the minutes.
        clock.split_at(clock.len() - 2)
    } else {
        (clock, "00")
    };
    if !all_digits(hours) || hours.len() > 2 || !all_digits(minutes) || minutes.len() != 2 {
        return Err(unreadable());
    }
    let (mut h, m): (u32, u32) = (
        hours.parse().map_err(|_| unreadable())?,
        minutes.parse().map_err(|_| unreadable())?,
    );
    if m > 59 {
        return Err((
            format!("\"{typed}\": minutes go from 00 to 59"),
            TimeProblem::Minutes,
        ));
    }
    match half {
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return Err((
                    format!(
                        "\"{typed}\": with am or pm the hour goes from 1 to 12 (or write {:02}:{m:02} without it)",
                        h.min(23)
                    ),
                    TimeProblem::HalfDayHour {
                        hours: h.min(23),
                        minutes: m,
                    },
                ));
            }
            h = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
        }
        None if h > 23 => {
            return Err((
                format!("\"{typed}\": hours go from 00 to 23 (midnight is 00:00)"),
                TimeProblem::Hours,
            ))
        }
        None => {}
    }
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(unreadable)
}

/// What a field shows beside what the officer typed: the value it will save and that value
/// in words, or the problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// "2027-01-15" or "08:30"; `None` when the text cannot be read (or is empty).
    pub value: Option<String>,
    /// "Friday 15 January 2027", "08:30 (8:30 in the morning)"; empty with a problem.
    pub words: String,
    /// Why the text cannot be read, and how to write it; `None` when read or empty.
    pub problem: Option<String>,
}

impl Reading {
    fn of<T>(
        text: &str,
        read: Result<T, String>,
        show: impl Fn(&T) -> (String, String),
    ) -> Reading {
        if text.trim().is_empty() {
            return Reading {
                value: None,
                words: String::new(),
                problem: None,
            };
        }
        match read {
            Ok(v) => {
                let (value, words) = show(&v);
                Reading {
                    value: Some(value),
                    words,
                    problem: None,
                }
            }
            Err(problem) => Reading {
                value: None,
                words: String::new(),
                problem: Some(problem),
            },
        }
    }
}

/// A date field's reading of `text` (empty text: no value and no problem).
pub fn reading_of_date(text: &str, order: DateOrder) -> Reading {
    Reading::of(text, read_date(text, order), |d| (d.to_string(), words(*d)))
}

/// A time field's reading of `text`: "08:30", and the words when it was typed another way
/// ("8:30 pm" → "20:30").
pub fn reading_of_time(text: &str) -> Reading {
    Reading::of(text, read_time(text), |t| {
        let value = t.format("%H:%M").to_string();
        (value.clone(), value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateOrder::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_forms_with_one_meaning_are_read_in_every_order() {
        for order in [DayFirst, MonthFirst, YearFirst] {
            for typed in [
                "2027-01-15",
                "2027/1/15",
                "20270115",
                "15 Jan 2027",
                "15 january 2027",
                "Jan 15, 2027",
                "January 15th, 2027",
                "Friday 15 January 2027",
                "15-Jan-2027",
                "15 janv. 2027",
                "15 janvier 2027",
                "vendredi 15 janvier 2027",
                "15 de enero de 2027",
                "15 ene 2027",
                "2027 Jan 15",
            ] {
                assert_eq!(
                    read_date(typed, order),
                    Ok(d(2027, 1, 15)),
                    "{typed} {order:?}"
                );
            }
            assert_eq!(read_date("1er mars 2027", order), Ok(d(2027, 3, 1)));
            assert_eq!(read_date("29 févr. 2028", order), Ok(d(2028, 2, 29)));
            assert_eq!(read_date("3 août 2026", order), Ok(d(2026, 8, 3)));
        }
    }

    #[test]
    fn numbers_follow_the_fields_order_and_nothing_else() {
        assert_eq!(read_date("15/01/2027", DayFirst), Ok(d(2027, 1, 15)));
        assert_eq!(read_date("15.01.2027", DayFirst), Ok(d(2027, 1, 15)));
        assert_eq!(read_date("01/15/2027", MonthFirst), Ok(d(2027, 1, 15)));
        assert_eq!(read_date("05/01/2027", DayFirst), Ok(d(2027, 1, 5)));
        assert_eq!(read_date("05/01/2027", MonthFirst), Ok(d(2027, 5, 1)));
        // The wrong order is refused, naming the month that does not exist.
        let refused = read_date("15/01/2027", MonthFirst).unwrap_err();
        assert!(refused.contains("no month 15"), "{refused}");
        assert!(refused.contains("MM/DD/YYYY"), "{refused}");
        let refused = read_date("01/15/2027", DayFirst).unwrap_err();
        assert!(refused.contains("no month 15"), "{refused}");
        // A year-first laptop reads d/m/y only when one reading is possible.
        assert_eq!(read_date("15/01/2027", YearFirst), Ok(d(2027, 1, 15)));
        assert_eq!(read_date("01/15/2027", YearFirst), Ok(d(2027, 1, 15)));
        assert_eq!(read_date("07/07/2027", YearFirst), Ok(d(2027, 7, 7)));
        assert!(read_date("05/01/2027", YearFirst)
            .unwrap_err()
            .contains("day first or month first"));
    }

    #[test]
    fn what_cannot_be_read_for_sure_is_refused_with_the_reason() {
        let cases: [(&str, &str); 14] = [
            ("", "type a date"),
            ("15/01/27", "year in full"),
            ("15 Jan 27", "year in full"),
            ("15 Jan", "add the year"),
            ("15/01", "add the year"),
            ("0015-12-01", "the year 15 is outside"),
            ("20027-01-15", "not a date"),
            ("31/02/2027", "February 2027 has 28 days"),
            ("2027-13-01", "no month 13"),
            ("15 Janvember 2027", "\"janvember\" is not a month"),
            ("Monday 15 January 2027", "is a Friday, not a Monday"),
            ("15 Jan Feb 2027", "two months"),
            ("next friday", "not a month"),
            ("15/01/2027 10:00", "not a date"),
        ];
        for (typed, why) in cases {
            let message = read_date(typed, DayFirst).unwrap_err();
            assert!(message.contains(why), "{typed:?}: {message}");
        }
    }

    #[test]
    fn times_in_the_ways_officers_type_them() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        for (typed, want) in [
            ("0830", t(8, 30)),
            ("830", t(8, 30)),
            ("8:30", t(8, 30)),
            ("08:30", t(8, 30)),
            ("8.30", t(8, 30)),
            ("08h30", t(8, 30)),
            ("8h", t(8, 0)),
            ("8", t(8, 0)),
            ("20:30", t(20, 30)),
            ("2030", t(20, 30)),
            ("8:30 pm", t(20, 30)),
            ("8:30PM", t(20, 30)),
            ("8:30 p.m.", t(20, 30)),
            ("8pm", t(20, 0)),
            ("12 am", t(0, 0)),
            ("12:15 pm", t(12, 15)),
            ("11:59 pm", t(23, 59)),
            ("00:00", t(0, 0)),
        ] {
            assert_eq!(read_time(typed), Ok(want), "{typed}");
        }
        for (typed, why) in [
            ("", "type a time"),
            ("24:00", "00 to 23"),
            ("8:75", "00 to 59"),
            ("13 pm", "1 to 12"),
            ("8:3", "not a time"),
            ("half past eight", "not a time"),
            ("08300", "not a time"),
            ("8:", "not a time"),
        ] {
            let message = read_time(typed).unwrap_err();
            assert!(message.contains(why), "{typed:?}: {message}");
        }
    }

    #[test]
    fn locales_give_their_order() {
        assert_eq!(DateOrder::of_locale("en_US.UTF-8"), MonthFirst);
        assert_eq!(DateOrder::of_locale("en-GB"), DayFirst);
        assert_eq!(DateOrder::of_locale("fr_FR.UTF-8"), DayFirst);
        assert_eq!(DateOrder::of_locale("sv_SE"), YearFirst);
        assert_eq!(DateOrder::of_locale("C"), DayFirst);
        assert_eq!(DayFirst.write(d(2027, 1, 5)), "05/01/2027");
        assert_eq!(MonthFirst.write(d(2027, 1, 5)), "01/05/2027");
        assert_eq!(words(d(2027, 1, 15)), "Friday 15 January 2027");
    }

    proptest::proptest! {
        /// Whatever the date and the field's order: the date written in that order, in ISO,
        /// or in the words shown beside the field reads back as itself; and the same digits
        /// typed in the other numeric order are either the same date or refused, never
        /// another date read silently.
        #[test]
        fn a_date_reads_back_as_itself_and_is_never_swapped(
            days in 0i64..(300 * 366),
            order in proptest::sample::select(vec![DayFirst, MonthFirst, YearFirst]),
        ) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            proptest::prop_assume!(YEARS.contains(&date.year()));
            proptest::prop_assert_eq!(read_date(&order.write(date), order), Ok(date));
            proptest::prop_assert_eq!(read_date(&date.to_string(), order), Ok(date));
            proptest::prop_assert_eq!(read_date(&words(date), order), Ok(date));
            for other in [DayFirst, MonthFirst] {
                match read_date(&other.write(date), order) {
                    Ok(read) if read != date => {
                        // Only when the field's own order reads those digits that way.
                        proptest::prop_assert_eq!(order.write(read), other.write(date));
                    }
                    _ => {}
                }
            }
        }

        /// Any HH:MM reads back as itself, and so do its 0830, 8.30 and 08h30 forms.
        #[test]
        fn a_time_reads_back_as_itself(h in 0u32..24, m in 0u32..60) {
            let want = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            for typed in [format!("{h:02}:{m:02}"), format!("{h:02}{m:02}"), format!("{h}.{m:02}"), format!("{h:02}h{m:02}")] {
                proptest::prop_assert_eq!(read_time(&typed), Ok(want), "{}", typed);
            }
            let (twelve, half) = match h { 0 => (12, "am"), 1..=11 => (h, "am"), 12 => (12, "pm"), _ => (h - 12, "pm") };
            proptest::prop_assert_eq!(read_time(&format!("{twelve}:{m:02} {half}")), Ok(want));
        }
    }
}
