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

static NAMES: crate::translated_names::TranslatedNames =
    crate::translated_names::TranslatedNames::new(include_str!("../data/country-names.tsv"));

/// The country's name in `lang` ("fr", "es"; anything else: English), from Debian iso-codes'
/// translations (data/country-names.tsv, made by data/country_names.py).
pub fn name_in(code: &str, lang: &str) -> Option<&'static str> {
    NAMES.get(code, lang).or_else(|| name(code))
}

/// "Irlande (IE)": `label` in `lang`.
pub fn label_in(code: &str, lang: &str) -> String {
    match name_in(code, lang) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// The language the screens of this process name countries in ("en", "fr", "es"): the app
/// sets it to the officer's language, the CLI to its `--lang`/locale. Names are data, not
/// wording: the core only chooses which column of iso-codes' names `label` reads. Documents
/// name countries in their own language with `label_in`, whatever this is.
static DISPLAY_LANGUAGE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Names countries in `lang` ("fr", "es"; anything else: English) in every `label` from now on.
pub fn set_display_language(lang: &str) {
    let column = match lang {
        "fr" => 1,
        "es" => 2,
        _ => 0,
    };
    DISPLAY_LANGUAGE.store(column, std::sync::atomic::Ordering::Relaxed);
}

/// The language `label` names countries in.
pub fn display_language() -> &'static str {
    match DISPLAY_LANGUAGE.load(std::sync::atomic::Ordering::Relaxed) {
        1 => "fr",
        2 => "es",
        _ => "en",
    }
}

/// "Kenya (KE)": the way the app shows a country everywhere, in the display language
/// ("Kenya (KE)", "Irlande (IE)", "España (ES)").
pub fn label(code: &str) -> String {
    label_in(code, display_language())
}

/// The time zone of a country's capital, the default for a member in that country.
pub fn time_zone(code: &str) -> Option<&'static str> {
    find(code).map(|c| c.time_zone).filter(|tz| !tz.is_empty())
}

const ZONES: &str = include_str!("../data/zones.tsv");

/// Every IANA zone of a country (from tzdata's zone.tab), in the file's order.
pub fn zones(code: &str) -> Vec<&'static str> {
    ZONES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            (cols.next()? == code).then_some(cols.next()?)
        })
        .collect()
}

/// Cities of countries with several zones that are not themselves a zone's name, and the zone
/// they keep time with: where officers' exchanges often take place. A city not here (and not
/// a zone's own city) gets the capital's zone, and the officer is told to check it.
const CITY_ZONES: &[(&str, &str)] = &[
    ("boston", "America/New_York"),
    ("washington", "America/New_York"),
    ("washington dc", "America/New_York"),
    ("arlington", "America/New_York"),
    ("fairfax", "America/New_York"),
    ("alexandria", "America/New_York"),
    ("northern virginia", "America/New_York"),
    ("philadelphia", "America/New_York"),
    ("baltimore", "America/New_York"),
    ("atlanta", "America/New_York"),
    ("miami", "America/New_York"),
    ("pittsburgh", "America/New_York"),
    ("charlotte", "America/New_York"),
    ("raleigh", "America/New_York"),
    ("houston", "America/Chicago"),
    ("dallas", "America/Chicago"),
    ("austin", "America/Chicago"),
    ("san antonio", "America/Chicago"),
    ("minneapolis", "America/Chicago"),
    ("st louis", "America/Chicago"),
    ("new orleans", "America/Chicago"),
    ("kansas city", "America/Chicago"),
    ("milwaukee", "America/Chicago"),
    ("salt lake city", "America/Denver"),
    ("albuquerque", "America/Denver"),
    ("san francisco", "America/Los_Angeles"),
    ("seattle", "America/Los_Angeles"),
    ("portland", "America/Los_Angeles"),
    ("san diego", "America/Los_Angeles"),
    ("oakland", "America/Los_Angeles"),
    ("sacramento", "America/Los_Angeles"),
    ("las vegas", "America/Los_Angeles"),
    ("ottawa", "America/Toronto"),
    ("montreal", "America/Toronto"),
    ("montréal", "America/Toronto"),
    ("quebec", "America/Toronto"),
    ("calgary", "America/Edmonton"),
    ("victoria", "America/Vancouver"),
    ("brasilia", "America/Sao_Paulo"),
    ("brasília", "America/Sao_Paulo"),
    ("rio de janeiro", "America/Sao_Paulo"),
    ("belo horizonte", "America/Sao_Paulo"),
    ("porto alegre", "America/Sao_Paulo"),
    ("curitiba", "America/Sao_Paulo"),
    ("canberra", "Australia/Sydney"),
    ("saint petersburg", "Europe/Moscow"),
    ("st petersburg", "Europe/Moscow"),
    ("kazan", "Europe/Moscow"),
    ("astana", "Asia/Almaty"),
    ("nur-sultan", "Asia/Almaty"),
    ("guadalajara", "America/Mexico_City"),
    ("oaxaca", "America/Mexico_City"),
    ("puebla", "America/Mexico_City"),
    ("barcelona", "Europe/Madrid"),
    ("valencia", "Europe/Madrid"),
    ("seville", "Europe/Madrid"),
    ("sevilla", "Europe/Madrid"),
    ("bilbao", "Europe/Madrid"),
    ("malaga", "Europe/Madrid"),
    ("málaga", "Europe/Madrid"),
    ("porto", "Europe/Lisbon"),
    ("bali", "Asia/Makassar"),
    ("denpasar", "Asia/Makassar"),
    ("surabaya", "Asia/Jakarta"),
    ("bandung", "Asia/Jakarta"),
];

/// Whether two zones show the same time in mid-January and mid-July of this year.
fn same_time_all_year(a: &str, b: &str) -> bool {
    use chrono::{Datelike, Offset, TimeZone};
    let (Ok(a), Ok(b)) = (a.parse::<chrono_tz::Tz>(), b.parse::<chrono_tz::Tz>()) else {
        return false;
    };
    let year = chrono::Utc::now().year();
    [1, 7].iter().all(|month| {
        let at = chrono::Utc
            .with_ymd_and_hms(year, *month, 15, 12, 0, 0)
            .single()
            .unwrap_or_default();
        at.with_timezone(&a).offset().fix() == at.with_timezone(&b).offset().fix()
    })
}

/// The time zone PeerPlan uses for a venue, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneGuess {
    /// IANA name ("Africa/Nairobi").
    pub time_zone: &'static str,
    /// "Kenya has one time zone" / "Boston keeps New York's time" / "the United States has
    /// several time zones; this is the capital's: check it for Denver".
    pub reason: String,
    /// The country has several zones and the city did not say which (check it).
    pub uncertain: bool,
    /// The zone's offset today, "UTC+3", "UTC−4", so the officer sees what it means.
    pub offset: String,
    /// Why, for an edge that words `reason` in another language: "one_zone" (the country has
    /// one), "city" (the city named it), "several" (the capital's, to check).
    pub basis: &'static str,
    /// The city as typed (empty when none), for "city" and "several".
    pub city: String,
}

/// "UTC+3", "UTC+5:30", "UTC−4", "UTC+0": a zone's offset from UTC now.
pub fn offset_now(zone: &str) -> String {
    use chrono::Offset;
    let Ok(tz) = zone.parse::<chrono_tz::Tz>() else {
        return String::new();
    };
    let seconds = chrono::Utc::now()
        .with_timezone(&tz)
        .offset()
        .fix()
        .local_minus_utc();
    let (sign, seconds) = if seconds < 0 {
        ("−", -seconds)
    } else {
        ("+", seconds)
    };
    match (seconds / 3600, seconds % 3600 / 60) {
        (0, 0) => "UTC+0".to_string(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

/// The zone of a venue in country `code` and `city`: the country's only zone; else the zone
/// named after the city or known to keep its time; else the capital's, marked uncertain.
/// `None` for an unknown country or one without a zone.
pub fn venue_zone(code: &str, city: &str) -> Option<ZoneGuess> {
    let country = find(code)?;
    let capital = time_zone(code)?;
    // Zones keeping the capital's time all year (Germany's Busingen, Spain's Ceuta) are no
    // choice to make: only the others count.
    let zones: Vec<&'static str> = zones(code)
        .into_iter()
        .filter(|z| *z == capital || !same_time_all_year(z, capital))
        .collect();
    if zones.len() <= 1 {
        return Some(ZoneGuess {
            time_zone: capital,
            reason: format!("{} has one time zone", country.name),
            uncertain: false,
            offset: offset_now(capital),
            basis: "one_zone",
            city: city.trim().to_string(),
        });
    }
    let wanted = city.trim().to_lowercase().replace(['.', ','], "");
    let wanted = wanted.trim();
    if !wanted.is_empty() {
        let named = zones.iter().find(|z| {
            z.rsplit('/')
                .next()
                .is_some_and(|c| c.replace('_', " ").to_lowercase() == wanted)
        });
        let known = CITY_ZONES
            .iter()
            .find(|(c, z)| *c == wanted && zones.contains(z))
            .map(|(_, z)| z);
        if let Some(zone) = named.or(known) {
            return Some(ZoneGuess {
                time_zone: zone,
                reason: format!("the time zone of {}", city.trim()),
                uncertain: false,
                offset: offset_now(zone),
                basis: "city",
                city: city.trim().to_string(),
            });
        }
    }
    let place = if wanted.is_empty() {
        "the venue's city".to_string()
    } else {
        city.trim().to_string()
    };
    Some(ZoneGuess {
        time_zone: capital,
        reason: format!(
            "{} has several time zones; this is the capital's: check it for {place}",
            country.name
        ),
        uncertain: true,
        offset: offset_now(capital),
        basis: "several",
        city: city.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_venue_gets_its_countrys_zone_or_its_citys() {
        use super::venue_zone;
        let zone = |c, city| venue_zone(c, city).map(|g| (g.time_zone, g.uncertain));
        assert_eq!(zone("KE", "Nairobi"), Some(("Africa/Nairobi", false)));
        assert_eq!(zone("ES", "Barcelona"), Some(("Europe/Madrid", false)));
        assert_eq!(zone("NG", ""), Some(("Africa/Lagos", false)));
        assert_eq!(zone("US", "Boston"), Some(("America/New_York", false)));
        assert_eq!(zone("US", "Chicago"), Some(("America/Chicago", false)));
        assert_eq!(
            zone("US", " los angeles "),
            Some(("America/Los_Angeles", false))
        );
        assert_eq!(zone("US", "Seattle"), Some(("America/Los_Angeles", false)));
        assert_eq!(zone("BR", "Manaus"), Some(("America/Manaus", false)));
        assert_eq!(zone("AU", "Perth"), Some(("Australia/Perth", false)));
        // A city PeerPlan does not know: the capital's zone, and the officer is told.
        let guess = venue_zone("US", "Tulsa").unwrap();
        assert!(guess.uncertain);
        assert_eq!(guess.time_zone, "America/New_York");
        assert!(
            guess.reason.contains("check it for Tulsa"),
            "{}",
            guess.reason
        );
        assert_eq!(venue_zone("XX", "Nowhere"), None);
        assert_eq!(venue_zone("KE", "").unwrap().offset, "UTC+3");
        assert_eq!(super::offset_now("Asia/Kolkata"), "UTC+5:30");
        assert_eq!(super::offset_now("UTC"), "UTC+0");
        // Every zone in the data is one chrono-tz knows, and every known city's zone is in
        // its country.
        for line in super::ZONES.lines().filter(|l| !l.starts_with('#')) {
            let zone = line.split('\t').nth(1).unwrap();
            assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "{zone}");
        }
        for (city, zone) in super::CITY_ZONES {
            assert!(
                super::ZONES.contains(&format!("\t{zone}\t")),
                "{city}: {zone}"
            );
        }
    }

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

#[cfg(test)]
mod names_in_languages {
    use super::*;

    #[test]
    fn every_country_has_a_french_and_a_spanish_name() {
        for c in all() {
            for lang in ["fr", "es"] {
                assert!(
                    name_in(c.code, lang).is_some_and(|n| !n.is_empty()),
                    "{} {lang}",
                    c.code
                );
            }
        }
        assert_eq!(label_in("IE", "fr"), "Irlande (IE)");
        assert_eq!(label_in("ES", "es"), "España (ES)");
        assert_eq!(label_in("EG", "fr"), "Égypte (EG)");
        assert_eq!(label_in("KE", "en"), "Kenya (KE)");
    }
}
