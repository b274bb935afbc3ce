//! Dates worded for officers, in English: "3 March 2026", "12–14 March 2026". (The agenda
//! documents word dates in their own language, `export::agenda::labels`.)

use chrono::NaiveDate;

/// "3 March 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A date range worded compactly: "12–14 March 2026", "30 March – 2 April 2026",
/// "30 December 2026 – 2 January 2027".
pub fn date_range(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (None, _) => "Dates to be set".to_string(),
        (Some(s), None) => long_date(s),
        (Some(s), Some(e)) if e <= s => long_date(s),
        (Some(s), Some(e)) => {
            use chrono::Datelike;
            if s.year() != e.year() {
                format!("{} – {}", long_date(s), long_date(e))
            } else if s.month() != e.month() {
                format!("{} – {}", s.format("%-d %B"), long_date(e))
            } else {
                format!("{}–{}", s.format("%-d"), long_date(e))
            }
        }
    }
}
