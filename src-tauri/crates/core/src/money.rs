//! Money without floats (issue 6). An amount is a whole number of its currency's minor units
//! (`i64`: cents for USD, yen for JPY, millimes for TND); an exchange rate is a decimal kept
//! as an integer mantissa and a scale. Products and conversions are computed in `i128`, exactly,
//! and there is exactly one rounding: a converted line is rounded to the target currency's
//! minor units, half away from zero (`round_half_away`), the rule of a spreadsheet's ROUND and
//! of most finance teams. Totals in the reporting currency are sums of rounded lines, so a
//! column of converted lines always adds up to its total.
//!
//! The ISO 4217 table (code, minor units, name) is shipped as data, like the country list.

use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Currency {
    pub code: &'static str,
    /// Digits after the decimal point: 2 for USD, 0 for JPY and XOF, 3 for KWD and TND.
    pub minor_units: u32,
    pub name: &'static str,
}

const DATA: &str = include_str!("../data/currencies.tsv");

pub fn currencies() -> &'static [Currency] {
    static LIST: OnceLock<Vec<Currency>> = OnceLock::new();
    LIST.get_or_init(|| {
        DATA.lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| {
                let mut cols = line.split('\t');
                Some(Currency {
                    code: cols.next()?,
                    minor_units: cols.next()?.parse().ok()?,
                    name: cols.next().unwrap_or(""),
                })
            })
            .collect()
    })
}

/// The currency with this ISO 4217 code (exact, upper case).
pub fn currency(code: &str) -> Option<&'static Currency> {
    currencies().iter().find(|c| c.code == code)
}

static NAMES: crate::translated_names::TranslatedNames =
    crate::translated_names::TranslatedNames::new(include_str!("../data/currency-names.tsv"));

/// The currency's name in `lang` ("fr", "es"; anything else: English), from Debian
/// iso-codes' translations (data/currency-names.tsv, made by data/currency_names.py), as
/// `countries::name_in` names countries: "Dollar américain", "Dólar estadounidense".
pub fn currency_name_in(code: &str, lang: &str) -> Option<&'static str> {
    NAMES
        .get(code, lang)
        .or_else(|| currency(code).map(|c| c.name))
}

/// "USD (US Dollar)", "USD (Dollar américain)": a currency as a document names it, in `lang`.
pub fn currency_label_in(code: &str, lang: &str) -> String {
    match currency_name_in(code, lang) {
        Some(name) if !name.is_empty() => format!("{code} ({name})"),
        _ => code.to_string(),
    }
}

/// The largest amount accepted anywhere (in major units): a trillion. Keeps every product of
/// quantity, unit amount and rate far inside `i128`.
pub const MAX_MAJOR: i64 = 1_000_000_000_000;

/// Why a decimal text is not an amount of a currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    Negative,
    /// More digits after the point than the currency has minor units.
    TooManyDecimals {
        allowed: u32,
    },
    TooLarge,
    /// "1,250" or "1.250" in a currency of two decimals: a thousand two hundred and fifty, or
    /// one and a quarter? Refused rather than guessed.
    Ambiguous,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => f.write_str("an amount is required"),
            AmountError::NotANumber => f.write_str(
                "write the amount with digits and one decimal mark (e.g. 1250.50 or 1250,50; thousands may be grouped: 1,250.50 or 1.250,50)",
            ),
            AmountError::Negative => f.write_str("the amount cannot be negative"),
            AmountError::TooManyDecimals { allowed: 0 } => {
                f.write_str("this currency has no minor units; write a whole amount")
            }
            AmountError::TooManyDecimals { allowed } => write!(
                f,
                "this currency has {allowed} decimal place{}; write at most {allowed} digit{} after the point",
                if *allowed == 1 { "" } else { "s" },
                if *allowed == 1 { "" } else { "s" }
            ),
            AmountError::TooLarge => write!(f, "the amount is above {MAX_MAJOR}"),
            AmountError::Ambiguous => f.write_str(
                "this could be read two ways (thousands or decimals); write it without the thousands separator, e.g. 1250 or 1.25",
            ),
        }
    }
}

/// Digits before and after an optional decimal point, checked.
fn split_decimal(text: &str) -> Result<(&str, &str), AmountError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(AmountError::NotANumber);
    }
    Ok((whole, fraction))
}

/// An amount as an officer types it, in the form `split_decimal` reads ("1234.56"): the
/// decimal mark may be a point or a comma, and thousands may be grouped with the other mark,
/// spaces or apostrophes ("1,234.56", "1.234,56", "1 234,56", "1'234.56"). A single mark
/// followed by exactly three digits ("1,250", "1.250") is refused as ambiguous unless the
/// currency has three decimals and the mark is a point; groups must be of three digits.
fn canonical_amount(text: &str, minor_units: u32) -> Result<String, AmountError> {
    let compact: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’'))
        .collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // `whole` grouped by `mark`: the first group of 1–3 digits, every other of exactly 3.
    let ungroup = |whole: &str, mark: char| -> Result<String, AmountError> {
        let groups: Vec<&str> = whole.split(mark).collect();
        let first_ok = groups[0].len() <= 3 && (groups[0].is_empty() || digits(groups[0]));
        if groups.len() > 1
            && (!first_ok
                || groups[0].is_empty()
                || groups[1..].iter().any(|g| g.len() != 3 || !digits(g)))
        {
            return Err(AmountError::NotANumber);
        }
        Ok(groups.concat())
    };
    let (dots, commas) = (compact.matches('.').count(), compact.matches(',').count());
    match (dots, commas) {
        (0, 0) => Ok(compact),
        (_, 0) | (0, _) => {
            let mark = if commas > 0 { ',' } else { '.' };
            let count = dots.max(commas);
            if count > 1 {
                // Only thousands: "1.234.567", "1,234,567".
                return ungroup(&compact, mark);
            }
            let (whole, fraction) = compact.split_once(mark).unwrap_or((&compact, ""));
            let three_digits = fraction.len() == 3 && digits(fraction) && !whole.is_empty();
            if three_digits && !(mark == '.' && minor_units == 3) {
                return Err(AmountError::Ambiguous);
            }
            Ok(format!("{whole}.{fraction}"))
        }
        _ => {
            // Both marks: the last one is the decimal mark, the other groups thousands.
            let (decimal, group) = if compact.rfind('.') > compact.rfind(',') {
                ('.', ',')
            } else {
                (',', '.')
            };
            if compact.matches(decimal).count() > 1 {
                return Err(AmountError::NotANumber);
            }
            let (whole, fraction) = compact.split_once(decimal).unwrap_or((&compact, ""));
            Ok(format!("{}.{fraction}", ungroup(whole, group)?))
        }
    }
}

/// "1250.5" in a currency with `minor_units` decimals → minor units (125050 for 2). Typed
/// forms with a decimal comma or grouped thousands are read too (`canonical_amount`).
/// Trailing zeros beyond the minor units are allowed ("12.5000" USD is 1250 cents); any other
/// digit there is an error, never rounded away.
pub fn parse_amount(text: &str, minor_units: u32) -> Result<i64, AmountError> {
    if text.trim().starts_with('-') {
        return Err(AmountError::Negative);
    }
    let canonical = canonical_amount(text, minor_units)?;
    let (whole, fraction) = split_decimal(&canonical)?;
    let significant = fraction.trim_end_matches('0');
    if significant.len() > minor_units as usize {
        return Err(AmountError::TooManyDecimals {
            allowed: minor_units,
        });
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 13 {
        return Err(AmountError::TooLarge);
    }
    let major: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AmountError::TooLarge)?
    };
    if major > MAX_MAJOR {
        return Err(AmountError::TooLarge);
    }
    let mut minor_text = significant.to_string();
    while minor_text.len() < minor_units as usize {
        minor_text.push('0');
    }
    let minor: i64 = if minor_text.is_empty() {
        0
    } else {
        minor_text.parse().map_err(|_| AmountError::NotANumber)?
    };
    Ok(major * 10i64.pow(minor_units) + minor)
}

/// Minor units as a decimal text with exactly `minor_units` decimals: 125050, 2 → "1250.50".
pub fn format_amount(minor: i128, minor_units: u32) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if minor_units == 0 {
        return format!("{sign}{abs}");
    }
    let unit = 10u128.pow(minor_units);
    format!(
        "{sign}{}.{:0width$}",
        abs / unit,
        abs % unit,
        width = minor_units as usize
    )
}

/// Minor units as a number of major units for a spreadsheet cell. The only float in the
/// crate, and only at the edge: XLSX stores numbers as IEEE doubles, and an amount of up to
/// 15 significant digits is represented exactly enough to display to its minor units.
pub fn to_major_f64(minor: i128, minor_units: u32) -> f64 {
    // Parsing the exact decimal text gives the nearest double, without accumulated error.
    format_amount(minor, minor_units).parse().unwrap_or(0.0)
}

/// `n / d` rounded half away from zero (`d` > 0): 2.5 → 3, −2.5 → −3, 2.4 → 2.
pub fn round_half_away(n: i128, d: i128) -> i128 {
    debug_assert!(d > 0);
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d {
        q + n.signum()
    } else {
        q
    }
}

/// An exchange rate as an exact decimal: `mantissa / 10^scale` units of the target currency
/// per unit of the source. Positive, at most 10 decimals and 15 significant digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rate {
    pub mantissa: i128,
    pub scale: u32,
}

pub const MAX_RATE_DECIMALS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateError {
    Empty,
    NotANumber,
    NotPositive,
    TooPrecise,
}

impl fmt::Display for RateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateError::Empty => f.write_str("a rate is required"),
            RateError::NotANumber => f.write_str(
                "write the rate as a decimal number with a point (e.g. 1.0842 or 655.957)",
            ),
            RateError::NotPositive => f.write_str("a rate must be more than zero"),
            RateError::TooPrecise => write!(
                f,
                "a rate has at most {MAX_RATE_DECIMALS} decimal places and 15 significant digits"
            ),
        }
    }
}

impl Rate {
    pub fn parse(text: &str) -> Result<Rate, RateError> {
        let (whole, fraction) = split_decimal(text).map_err(|e| match e {
            AmountError::Empty => RateError::Empty,
            AmountError::Negative => RateError::NotPositive,
            _ => RateError::NotANumber,
        })?;
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > MAX_RATE_DECIMALS as usize {
            return Err(RateError::TooPrecise);
        }
        let digits = format!("{}{fraction}", whole.trim_start_matches('0'));
        let digits = digits.trim_start_matches('0');
        if digits.len() > 15 {
            return Err(RateError::TooPrecise);
        }
        let mantissa: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| RateError::NotANumber)?
        };
        if mantissa == 0 {
            return Err(RateError::NotPositive);
        }
        Ok(Rate {
            mantissa,
            scale: fraction.len() as u32,
        })
    }

    /// The canonical text: no trailing zeros after the point ("1.08", "655.957", "3").
    pub fn text(&self) -> String {
        format_amount(self.mantissa, self.scale)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// Which way a stored rate is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The rate is "target per source" as entered.
    Direct,
    /// The rate was entered the other way round ("source per target") and is divided by.
    Inverse,
}

/// Converts `amount` minor units of a currency with `from_minor` decimals into the target
/// currency (`to_minor` decimals), rounded half away from zero to its minor units. Exact up
/// to that one rounding: an inverse rate is divided by, never rounded first.
pub fn convert(amount: i128, from_minor: u32, to_minor: u32, rate: Rate, way: Direction) -> i128 {
    let pow = |e: u32| 10i128.pow(e);
    match way {
        // amount / 10^from × m / 10^s × 10^to
        Direction::Direct => round_half_away(
            amount * rate.mantissa * pow(to_minor),
            pow(from_minor + rate.scale),
        ),
        // amount / 10^from ÷ (m / 10^s) × 10^to
        Direction::Inverse => round_half_away(
            amount * pow(rate.scale) * pow(to_minor),
            rate.mantissa * pow(from_minor),
        ),
    }
}

/// A conversion prepared once for many amounts: `convert(a) = round_half_away(a × mul, div)`.
/// The same arithmetic as `convert`, with the powers of ten and the rate folded in, and the
/// division done in 64 bits whenever the operands fit (the common case), which is several
/// times faster than `i128` division on the budget roll-up's million lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Factor {
    pub mul: i128,
    pub div: i128,
    /// A second step, only for a conversion through a pivot currency whose combined rate
    /// would not fit exact arithmetic: the amount is rounded to the pivot's minor units, then
    /// multiplied by `mul / div` of this step and rounded again.
    pub then: Option<(i128, i128)>,
}

/// The largest multiplier or divisor a combined (pivot) factor keeps exact: line amounts are
/// below 10^17 minor units, so `amount × mul` stays inside `i128`.
const EXACT_LIMIT: i128 = 1_000_000_000_000_000_000_000;

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs().max(1)
}

impl Factor {
    pub fn new(from_minor: u32, to_minor: u32, rate: Rate, way: Direction) -> Factor {
        let pow = |e: u32| 10i128.pow(e);
        match way {
            Direction::Direct => Factor {
                mul: rate.mantissa * pow(to_minor),
                div: pow(from_minor + rate.scale),
                then: None,
            },
            Direction::Inverse => Factor {
                mul: pow(rate.scale) * pow(to_minor),
                div: rate.mantissa * pow(from_minor),
                then: None,
            },
        }
    }

    /// This conversion followed by `next` (currency → pivot → target): one factor, rounded
    /// once, whenever the product of the two rates stays exact (every real rate does); else
    /// rounded to the pivot's minor units in between, as a finance team would do by hand.
    pub fn followed_by(self, next: Factor) -> Factor {
        let (first, second) = (self.reduced(), next.reduced());
        let combined = first
            .mul
            .checked_mul(second.mul)
            .zip(first.div.checked_mul(second.div))
            .map(|(mul, div)| {
                let g = gcd(mul, div);
                (mul / g, div / g)
            });
        match combined {
            Some((mul, div))
                if mul <= EXACT_LIMIT
                    && div <= EXACT_LIMIT
                    && first.then.is_none()
                    && second.then.is_none() =>
            {
                Factor {
                    mul,
                    div,
                    then: None,
                }
            }
            _ => Factor {
                then: Some((second.mul, second.div)),
                ..first
            },
        }
    }

    fn reduced(self) -> Factor {
        let g = gcd(self.mul, self.div);
        Factor {
            mul: self.mul / g,
            div: self.div / g,
            then: self.then,
        }
    }

    /// `apply` for an amount already in 128 bits (one line, not the index's hot loop).
    pub fn apply_wide(self, amount: i128) -> i128 {
        let first = round_half_away(amount * self.mul, self.div);
        match self.then {
            Some((mul, div)) => round_half_away(first * mul, div),
            None => first,
        }
    }

    pub fn apply(self, amount: i64) -> i128 {
        if self.then.is_some() {
            return self.apply_wide(i128::from(amount));
        }
        let n = i128::from(amount) * self.mul;
        if let (Ok(n), Ok(d)) = (i64::try_from(n), i64::try_from(self.div)) {
            let q = n / d;
            let r = n % d;
            // |r| < d ≤ i64::MAX, so twice it fits in u64.
            let q = if r.unsigned_abs() * 2 >= d.unsigned_abs() {
                q + n.signum()
            } else {
                q
            };
            i128::from(q)
        } else {
            round_half_away(n, self.div)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_currency_has_a_french_and_a_spanish_name() {
        for c in currencies() {
            for lang in ["fr", "es"] {
                assert!(
                    currency_name_in(c.code, lang).is_some_and(|n| !n.is_empty()),
                    "{} in {lang}",
                    c.code
                );
            }
        }
        assert_eq!(currency_name_in("USD", "en"), Some("US Dollar"));
        assert_eq!(currency_name_in("USD", "fr"), Some("Dollar américain"));
        assert_eq!(currency_name_in("USD", "es"), Some("Dólar estadounidense"));
        assert_eq!(currency_name_in("XOF", "es"), Some("Franco CFA BCEAO"));
        assert_eq!(currency_label_in("KES", "fr"), "KES (Shilling kényan)");
        assert_eq!(currency_label_in("ZZZ", "fr"), "ZZZ");
        assert_eq!(currency_name_in("ZZZ", "es"), None);
    }

    #[test]
    fn the_table_knows_minor_units_of_0_2_3_and_4() {
        for (code, minor) in [
            ("USD", 2),
            ("EUR", 2),
            ("KES", 2),
            ("JPY", 0),
            ("XOF", 0),
            ("XAF", 0),
            ("KRW", 0),
            ("VND", 0),
            ("KWD", 3),
            ("TND", 3),
            ("BHD", 3),
            ("OMR", 3),
            ("JOD", 3),
            ("LYD", 3),
            ("IQD", 3),
            ("CLF", 4),
        ] {
            assert_eq!(currency(code).map(|c| c.minor_units), Some(minor), "{code}");
        }
        assert!(currency("XAU").is_none(), "metals have no minor units");
        assert!(currency("usd").is_none(), "codes are upper case");
        assert!(currencies().len() > 150);
    }

    fn amount(text: &str, minor: u32) -> Result<i64, AmountError> {
        parse_amount(text, minor)
    }

    #[test]
    fn amounts_parse_to_minor_units_without_rounding() {
        assert_eq!(amount("1250.5", 2), Ok(125050));
        assert_eq!(amount("1250.50", 2), Ok(125050));
        assert_eq!(amount("0.07", 2), Ok(7));
        assert_eq!(amount(".5", 2), Ok(50));
        assert_eq!(amount("12.", 2), Ok(1200));
        assert_eq!(amount(" 40 ", 2), Ok(4000));
        assert_eq!(amount("1200", 0), Ok(1200));
        assert_eq!(
            amount("1200.00", 0),
            Ok(1200),
            "zeros after the point are harmless"
        );
        assert_eq!(amount("12.345", 3), Ok(12345));
        assert_eq!(amount("0.001", 3), Ok(1));
        assert_eq!(amount("0", 2), Ok(0));
        assert_eq!(amount("1.0001", 4), Ok(10001));
        assert_eq!(
            amount("1200.5", 0),
            Err(AmountError::TooManyDecimals { allowed: 0 })
        );
        // Twelve thousand three hundred and forty-five, or 12.345 with a decimal too many?
        assert_eq!(amount("12.345", 2), Err(AmountError::Ambiguous));
        assert_eq!(
            amount("12.3456", 2),
            Err(AmountError::TooManyDecimals { allowed: 2 })
        );
        assert_eq!(
            amount("1.2345", 3),
            Err(AmountError::TooManyDecimals { allowed: 3 })
        );
        assert_eq!(amount("", 2), Err(AmountError::Empty));
        assert_eq!(amount("-5", 2), Err(AmountError::Negative));
        assert_eq!(amount("1.2.3", 2), Err(AmountError::NotANumber));
        assert_eq!(amount(".", 2), Err(AmountError::NotANumber));
        assert_eq!(amount("1e5", 2), Err(AmountError::NotANumber));
        assert_eq!(amount("1000000000001", 2), Err(AmountError::TooLarge));
        assert_eq!(
            amount("99999999999999999999999", 2),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn amounts_typed_the_european_or_grouped_way_are_read_and_ambiguous_ones_refused() {
        for typed in [
            "1234.56",
            "1,234.56",
            "1.234,56",
            "1 234,56",
            "1'234.56",
            "1234,56",
            "1\u{a0}234,56",
        ] {
            assert_eq!(amount(typed, 2), Ok(123456), "{typed}");
        }
        assert_eq!(amount("1.234.567", 2), Ok(123456700));
        assert_eq!(amount("1,234,567.5", 2), Ok(123456750));
        assert_eq!(amount("12,5", 2), Ok(1250));
        assert_eq!(amount("0,07", 2), Ok(7));
        // A single mark before three digits: thousands or decimals? Refused, not guessed.
        assert_eq!(amount("1,250", 2), Err(AmountError::Ambiguous));
        assert_eq!(amount("1.250", 2), Err(AmountError::Ambiguous));
        assert_eq!(amount("1.250", 0), Err(AmountError::Ambiguous));
        assert_eq!(amount("1,250", 3), Err(AmountError::Ambiguous));
        // A three-decimal currency written with a point: its decimals.
        assert_eq!(amount("1.250", 3), Ok(1250));
        assert_eq!(amount("1.234,567", 3), Ok(1234567));
        // Groups of other sizes, or two decimal marks, are not amounts.
        for typed in [
            "1,23,456.00",
            "12,34.5",
            "1.234.56,7,8",
            "1,,234",
            ",5,",
            "1.234,56.7",
        ] {
            assert!(amount(typed, 2).is_err(), "{typed}");
        }
        assert_eq!(amount("-1.234,56", 2), Err(AmountError::Negative));
        assert!(AmountError::Ambiguous.to_string().contains("1250 or 1.25"));
    }

    #[test]
    fn amounts_format_with_exactly_the_currencys_decimals() {
        assert_eq!(format_amount(125050, 2), "1250.50");
        assert_eq!(format_amount(7, 2), "0.07");
        assert_eq!(format_amount(-7, 2), "-0.07");
        assert_eq!(format_amount(1200, 0), "1200");
        assert_eq!(format_amount(12345, 3), "12.345");
        assert_eq!(format_amount(1, 4), "0.0001");
        assert_eq!(to_major_f64(125050, 2), 1250.5);
        assert_eq!(to_major_f64(12345, 3), 12.345);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        for (n, d, expected) in [
            (25, 10, 3),
            (24, 10, 2),
            (26, 10, 3),
            (-25, 10, -3),
            (-24, 10, -2),
            (15, 10, 2),
            (5, 10, 1),
            (4, 10, 0),
            (0, 10, 0),
            (1, 3, 0),
            (2, 3, 1),
        ] {
            assert_eq!(round_half_away(n, d), expected, "{n}/{d}");
        }
    }

    #[test]
    fn rates_parse_exactly_and_print_canonically() {
        let r = Rate::parse("1.0800").unwrap();
        assert_eq!((r.mantissa, r.scale), (108, 2));
        assert_eq!(r.text(), "1.08");
        assert_eq!(Rate::parse("655.957").unwrap().text(), "655.957");
        assert_eq!(Rate::parse("160").unwrap().text(), "160");
        assert_eq!(Rate::parse("0.0061").unwrap().text(), "0.0061");
        assert_eq!(Rate::parse("0"), Err(RateError::NotPositive));
        assert_eq!(Rate::parse("-1.2"), Err(RateError::NotPositive));
        assert_eq!(Rate::parse("abc"), Err(RateError::NotANumber));
        assert_eq!(Rate::parse(""), Err(RateError::Empty));
        assert_eq!(Rate::parse("0.00000000001"), Err(RateError::TooPrecise));
        assert_eq!(Rate::parse("1234567890123456"), Err(RateError::TooPrecise));
    }

    fn rate(text: &str) -> Rate {
        Rate::parse(text).unwrap()
    }

    #[test]
    fn a_prepared_factor_converts_exactly_like_convert() {
        use Direction::*;
        for (amount, from, to, rate, way) in [
            (10000i64, 2, 2, "0.92", Direct),
            (5, 2, 2, "0.9", Direct),
            (-5, 2, 2, "0.9", Direct),
            (5, 2, 2, "0.89", Direct),
            (1000, 0, 2, "655.957", Inverse),
            (10000, 2, 0, "655.957", Direct),
            (12345, 3, 2, "0.2967", Direct),
            (1, 0, 2, "8", Inverse),
            (10000, 0, 3, "0.00205", Direct),
            (i64::MAX / 4, 2, 2, "99999.9999999999", Direct),
            (123_456_789_012, 4, 3, "0.0000000001", Inverse),
        ] {
            let r = Rate::parse(rate).unwrap();
            assert_eq!(
                Factor::new(from, to, r, way).apply(amount),
                convert(i128::from(amount), from, to, r, way),
                "{amount} {rate} {way:?}"
            );
        }
    }

    #[test]
    fn conversions_round_once_to_the_targets_minor_units() {
        use Direction::*;
        // 100.00 USD at 0.92 EUR/USD = 92.00 EUR.
        assert_eq!(convert(10000, 2, 2, rate("0.92"), Direct), 9200);
        // 0.05 USD at 0.9 = 0.045 EUR → 0.05 (half away from zero).
        assert_eq!(convert(5, 2, 2, rate("0.9"), Direct), 5);
        // 0.05 USD at 0.89 = 0.0445 EUR → 0.04.
        assert_eq!(convert(5, 2, 2, rate("0.89"), Direct), 4);
        // 2 = 0 minor units: 1,000 XOF with EUR→XOF 655.957 entered, used inversely:
        // 1000 / 655.957 = 1.524490… EUR → 1.52.
        assert_eq!(convert(1000, 0, 2, rate("655.957"), Inverse), 152);
        // 100.00 EUR to XOF: 65595.7 → 65596 (no minor units).
        assert_eq!(convert(10000, 2, 0, rate("655.957"), Direct), 65596);
        // 3 minor units: 12.345 TND at 0.2967 EUR/TND = 3.6627615 → 3.66 EUR.
        assert_eq!(convert(12345, 3, 2, rate("0.2967"), Direct), 366);
        // to 3 minor units: 10.00 EUR at 3.3705 TND/EUR = 33.705 TND exactly.
        assert_eq!(convert(1000, 2, 3, rate("3.3705"), Direct), 33705);
        // half-way in an inverse rate: 1 JPY ÷ 0.5 = 2.00… exact; 1 JPY ÷ 8 = 0.125 → 0.13.
        assert_eq!(convert(1, 0, 2, rate("8"), Inverse), 13);
        // JPY to KWD (0 → 3): 10,000 JPY at 0.00205 = 20.5 KWD = 20500 fils.
        assert_eq!(convert(10000, 0, 3, rate("0.00205"), Direct), 20500);
        // the largest amounts stay exact in i128.
        let big = 1_000_000_000_000i128 * 100;
        assert_eq!(
            convert(big, 2, 2, rate("99999.9999999999"), Direct),
            9_999_999_999_999_990_000
        );
    }
}
