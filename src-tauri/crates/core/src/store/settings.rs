//! Settings: the installation's name (what colleagues see in merges), the policy norms an
//! exchange is warned about and the follow-up signals' thresholds. Each save is one
//! transaction; the Settings page's norms and name are saved together (`save_settings`).

use super::{Store, Writer};
use crate::model::*;
use crate::validate::{self, Report};
use crate::Result;

/// The installation's name: required, at most `MAX_INSTALLATION_NAME` characters.
fn installation_name_report(name: &str) -> Report {
    let mut report = Report::default();
    if name.trim().is_empty() {
        report.error("installation_name", "required", "give this installation a name your colleagues will recognise (e.g. \"Amina's laptop\")").worded("required.installation_name");
    } else if name.chars().count() > validate::MAX_INSTALLATION_NAME {
        validate::too_long(
            &mut report,
            "installation_name",
            "name",
            name.chars().count(),
            validate::MAX_INSTALLATION_NAME,
        );
    }
    report
}

impl Store {
    pub fn installation_name(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT name FROM installation LIMIT 1", [], |r| r.get(0))?)
    }

    pub fn set_installation_name(&mut self, name: &str) -> Result<()> {
        self.write(|w| w.set_installation_name(name))
    }

    /// The norms and the installation's name, saved together in one transaction: both or
    /// neither (the Settings page saves them with one button).
    pub fn save_settings(&mut self, norms: &Norms, installation_name: &str) -> Result<()> {
        self.write(|w| {
            let mut report = validate_norms(norms);
            report.merge(installation_name_report(installation_name));
            report.into_result()?;
            w.set_installation_name(installation_name)?;
            w.set_norms(norms)
        })
    }

    /// Whether the officer has chosen this installation's name (the app asks until then).
    pub fn installation_named(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT named FROM installation LIMIT 1", [], |r| r.get(0))?)
    }

    // ---- settings ------------------------------------------------------------------------

    pub fn norms(&self) -> Result<Norms> {
        let mut norms = Norms::default();
        for (key, value) in self.integer_settings("norms.")? {
            // An unknown name (from a later version) is skipped: its default applies.
            norms.set(key.trim_start_matches("norms."), value);
        }
        Ok(norms)
    }

    /// The live settings whose key starts with `prefix`, as whole numbers. A value that is not
    /// one (written by hand, or by a later version) is skipped, so its default applies.
    fn integer_settings(&self, prefix: &str) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, value FROM settings WHERE deleted_at IS NULL AND substr(key, 1, length(?1)) = ?1",
        )?;
        let rows = stmt.query_map([prefix], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, value) = row?;
            if let Ok(value) = value.parse::<i64>() {
                out.push((key, value));
            }
        }
        Ok(out)
    }

    pub fn set_norms(&mut self, norms: &Norms) -> Result<()> {
        self.write(|w| w.set_norms(norms))
    }
}

impl Writer<'_> {
    pub fn set_installation_name(&mut self, name: &str) -> Result<()> {
        installation_name_report(name).into_result()?;
        self.conn().execute(
            "UPDATE installation SET name = ?1, named = 1",
            [name.trim()],
        )?;
        Ok(())
    }

    pub fn set_norms(&mut self, norms: &Norms) -> Result<()> {
        validate_norms(norms).into_result()?;
        for (name, value) in norms.entries() {
            self.set_setting(&format!("norms.{name}"), &value.to_string())?;
        }
        Ok(())
    }
}

impl Store {
    /// The thresholds of the follow-up signals (settings, with defaults).
    pub fn signal_norms(&self) -> Result<SignalNorms> {
        let mut norms = SignalNorms::default();
        for (key, value) in self.integer_settings("signals.")? {
            match key.as_str() {
                "signals.quiet_after_days" => norms.quiet_after_days = value,
                "signals.one_sided_share_percent" => norms.one_sided_share_percent = value,
                "signals.one_sided_min_contacts" => norms.one_sided_min_contacts = value,
                _ => {}
            }
        }
        Ok(norms)
    }

    pub fn set_signal_norms(&mut self, norms: &SignalNorms) -> Result<()> {
        self.write(|w| {
            validate::signal_norms(norms).into_result()?;
            let entries = [
                ("signals.quiet_after_days", norms.quiet_after_days),
                (
                    "signals.one_sided_share_percent",
                    norms.one_sided_share_percent,
                ),
                (
                    "signals.one_sided_min_contacts",
                    norms.one_sided_min_contacts,
                ),
            ];
            for (key, value) in entries {
                w.set_setting(key, &value.to_string())?;
            }
            Ok(())
        })
    }
}

pub(crate) fn validate_norms(norms: &Norms) -> Report {
    let mut report = Report::default();
    let mut positive = |field: &str, value: i64| {
        if !(1..=10_000).contains(&value) {
            report
                .error(
                    field,
                    "out_of_range",
                    format!("{value} is not allowed; use a whole number from 1 to 10000"),
                )
                .with("value", value)
                .with("min", 1)
                .with("max", 10_000);
        }
    };
    for (name, value) in norms.entries() {
        positive(name, value);
    }
    for (fewest, most) in Norms::PAIRS {
        let value = |name: &str| {
            norms
                .entries()
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(0, |(_, v)| *v)
        };
        if value(most) < value(fewest) {
            report
                .error(
                    most,
                    "max_below_min",
                    format!(
                        "the most ({}) is below the fewest ({})",
                        value(most),
                        value(fewest)
                    ),
                )
                .with("max", value(most))
                .with("min", value(fewest));
        }
    }
    report
}
