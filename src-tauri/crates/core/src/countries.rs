//! The full ISO 3166-1 list, shipped as data (from Debian's iso-codes) so that a country code
//! can be validated offline.

use std::sync::OnceLock;

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub alpha3: &'static str,
    pub name: &'static str,
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_whole_iso_list_is_there() {
        assert_eq!(super::all().len(), 249);
        assert_eq!(super::name("KE"), Some("Kenya"));
        assert_eq!(super::label("BO"), "Bolivia (BO)");
        assert!(super::find("XX").is_none());
        assert!(super::find("ke").is_none());
    }
}
