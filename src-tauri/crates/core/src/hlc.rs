//! Hybrid logical clock stamps.
//!
//! A stamp orders every change made on any installation: the wall-clock millisecond, a counter
//! that breaks ties within one millisecond (and keeps moving forward when the wall clock goes
//! backwards), and the id of the installation that wrote it, which makes stamps from two
//! installations never equal. Stamps are stored as fixed-width text so that SQLite's plain
//! string comparison orders them the same way `Stamp`'s `Ord` does.

use std::fmt;
use std::str::FromStr;

/// The latest millisecond a stamp may carry (about the year 2255). A colleague's laptop with a
/// wrong clock is followed wherever it points (see `Hlc::observe`), but a stamp past this is
/// not a clock at all — a damaged or crafted file — and is refused before it can push every
/// clock to the end of the 13 digits a stamp's text has.
pub const MAX_PLAUSIBLE_MILLIS: u64 = 9_000_000_000_000;

/// The counter is written with five digits; past this the clock moves to the next
/// millisecond instead, so a stamp's text always sorts like the stamp.
pub const MAX_COUNTER: u32 = 99_999;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub millis: u64,
    pub counter: u32,
    pub node: String,
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:013}.{:05}.{}", self.millis, self.counter, self.node)
    }
}

/// The installation that issued a stamp, read off its text without parsing the rest
/// ("1767225600000.00000.NODE" → "NODE"); empty for text that is not a stamp.
pub fn node_of(stamp: &str) -> &str {
    stamp.splitn(3, '.').nth(2).unwrap_or("")
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("'{0}' is not a version stamp (expected MILLIS.COUNTER.NODE)")]
pub struct BadStamp(pub String);

impl FromStr for Stamp {
    type Err = BadStamp;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadStamp(s.to_string());
        let mut parts = s.splitn(3, '.');
        let millis = parts.next().ok_or_else(bad)?;
        let counter = parts.next().ok_or_else(bad)?;
        let node = parts.next().ok_or_else(bad)?;
        if millis.len() != 13 || counter.len() != 5 || node.is_empty() {
            return Err(bad());
        }
        let millis: u64 = millis.parse().map_err(|_| bad())?;
        if millis > MAX_PLAUSIBLE_MILLIS {
            return Err(bad());
        }
        Ok(Stamp {
            millis,
            counter: counter.parse().map_err(|_| bad())?,
            node: node.to_string(),
        })
    }
}

/// The clock of one installation. `last` is persisted with every write so that a restart
/// (or a wall clock set back) never issues a stamp lower than one already handed out.
#[derive(Debug, Clone)]
pub struct Hlc {
    node: String,
    last_millis: u64,
    last_counter: u32,
}

impl Hlc {
    pub fn new(node: impl Into<String>, last_millis: u64, last_counter: u32) -> Self {
        Hlc {
            node: node.into(),
            last_millis,
            last_counter,
        }
    }

    pub fn node(&self) -> &str {
        &self.node
    }

    pub fn last(&self) -> (u64, u32) {
        (self.last_millis, self.last_counter)
    }

    /// A new stamp for a local change, given the wall clock now.
    pub fn tick(&mut self, wall_millis: u64) -> Stamp {
        if wall_millis > self.last_millis {
            self.last_millis = wall_millis;
            self.last_counter = 0;
        } else if self.last_counter >= MAX_COUNTER {
            self.last_millis += 1;
            self.last_counter = 0;
        } else {
            self.last_counter += 1;
        }
        self.current()
    }

    /// Take note of a stamp seen in a colleague's file so that every later local stamp orders
    /// after it — wherever the colleague's clock pointed, a year ahead included.
    ///
    /// Why follow a wrong clock instead of capping it: a merge decides by causality first (an
    /// edit made after seeing a value wins over it, `sync::merge`) and orders only truly
    /// concurrent edits by stamp. That order is only consistent — the same winner whatever
    /// the order of merges, along chains of three or more laptops — when every edit made after
    /// seeing a stamp carries a higher one. A clock capped below a stamp it has seen breaks
    /// that: A (a year ahead) renames, B renames after seeing it with a lower stamp, C renames
    /// concurrently in between, and A's replaced title wins against C's and comes back. The
    /// cost is that laptops which synced with a fast one stamp ahead of the wall clock (the
    /// counter moves, then the millisecond), which no officer sees: stamps are an order, not a
    /// time shown anywhere.
    pub fn observe(&mut self, remote: &Stamp) {
        let seen = (remote.millis, remote.counter.min(MAX_COUNTER));
        if seen > (self.last_millis, self.last_counter) {
            (self.last_millis, self.last_counter) = seen;
        }
    }

    fn current(&self) -> Stamp {
        Stamp {
            millis: self.last_millis,
            counter: self.last_counter,
            node: self.node.clone(),
        }
    }
}

pub fn wall_clock_millis() -> u64 {
    let now = chrono::Utc::now().timestamp_millis();
    u64::try_from(now).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_increase_even_when_the_wall_clock_goes_back() {
        let mut clock = Hlc::new("a", 0, 0);
        let first = clock.tick(1_000);
        let second = clock.tick(900);
        let third = clock.tick(1_000);
        assert!(first < second && second < third, "{first} {second} {third}");
        assert_eq!(third.millis, 1_000);
        assert_eq!(third.counter, 2);
    }

    #[test]
    fn a_full_counter_moves_to_the_next_millisecond_and_keeps_five_digits() {
        let mut clock = Hlc::new("a", 1_000, MAX_COUNTER - 1);
        let a = clock.tick(1_000);
        let b = clock.tick(1_000);
        assert_eq!((a.millis, a.counter), (1_000, MAX_COUNTER));
        assert_eq!((b.millis, b.counter), (1_001, 0));
        assert!(a.to_string() < b.to_string());
        assert_eq!(b.to_string().parse::<Stamp>(), Ok(b));
    }

    #[test]
    fn text_form_sorts_like_the_stamp() {
        let a = Stamp {
            millis: 9,
            counter: 99,
            node: "z".into(),
        };
        let b = Stamp {
            millis: 10,
            counter: 0,
            node: "a".into(),
        };
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.to_string().parse::<Stamp>(), Ok(a));
        assert!("12.3.x".parse::<Stamp>().is_err());
    }

    #[test]
    fn after_seeing_a_stamp_a_year_ahead_every_new_stamp_is_higher() {
        let now = 1_700_000_000_000;
        let year = 365 * 24 * 60 * 60 * 1000;
        let mut clock = Hlc::new("local", now, 0);
        let fast = Stamp {
            millis: now + year,
            counter: 7,
            node: "fast".into(),
        };
        clock.observe(&fast);
        let next = clock.tick(now);
        let after = clock.tick(now + 1);
        assert!(next > fast, "{next} after {fast}");
        assert!(after > next);
        assert_eq!(next.millis, fast.millis);
    }

    #[test]
    fn a_stamp_beyond_any_plausible_clock_is_not_a_stamp() {
        assert!("9999999999999.00000.x".parse::<Stamp>().is_err());
        assert!("8999999999999.00000.x".parse::<Stamp>().is_ok());
    }

    #[test]
    fn observing_a_recent_remote_stamp_orders_our_next_change_after_it() {
        let mut clock = Hlc::new("local", 100, 0);
        let remote = Stamp {
            millis: 500,
            counter: 3,
            node: "other".into(),
        };
        clock.observe(&remote);
        let next = clock.tick(200);
        assert!(next > remote);
    }
}
