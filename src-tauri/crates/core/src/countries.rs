//! The full ISO 3166-1 list, shipped as data (from Debian's iso-codes) so that a country code
//! can be validated offline.

use std::sync::OnceLock;

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub alpha3: &'static str,
    pub name: &'static str,
    /// The IANA time zone of the capital ("Africa/Nairobi"); empty for uninhabited places.
    pub time_zone: &'static str,
}

const DATA: &str = include_str!("../data/countries.tsv");

pub fn all() -> &'static [Country] {
    static LIST: OnceLock<Vec<Country>> = OnceLock::new();
    LIST.get_or_init(|| {
        DATA.lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| {
                let mut cols = line.split('\t');
                Some(Country {
                    code: cols.next()?,
                    alpha3: cols.next()?,
                    name: cols.next()?,
                    time_zone: cols.next().unwrap_or(""),
                })
            })
            .collect()
    })
}

/// The country with this alpha-2 code (exact, upper case).
pub fn find(code: &str) -> Option<&'static Country> {
    all().iter().find(|c| c.code == code)
}

pub fn name(code: &str) -> Option<&'static str> {
    find(code).map(|c| c.name)
}

/// "Kenya (KE)": the way the app shows a country everywhere.
pub fn label(code: &str) -> String {
    match name(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// The time zone of a country's capital, the default for a member in that country.
pub fn time_zone(code: &str) -> Option<&'static str> {
    find(code).map(|c| c.time_zone).filter(|tz| !tz.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_country_time_zone_is_a_known_iana_zone() {
        for country in super::all() {
            if !country.time_zone.is_empty() {
                assert!(
                    country.time_zone.parse::<chrono_tz::Tz>().is_ok(),
                    "{} has {}",
                    country.code,
                    country.time_zone
                );
            }
        }
        assert_eq!(super::time_zone("KE"), Some("Africa/Nairobi"));
        assert_eq!(super::time_zone("BR"), Some("America/Sao_Paulo"));
        assert_eq!(super::time_zone("BV"), None);
    }

    #[test]
    fn the_whole_iso_list_is_there() {
        assert_eq!(super::all().len(), 249);
        assert_eq!(super::name("KE"), Some("Kenya"));
        assert_eq!(super::label("BO"), "Bolivia (BO)");
        assert!(super::find("XX").is_none());
        assert!(super::find("ke").is_none());
    }
}
