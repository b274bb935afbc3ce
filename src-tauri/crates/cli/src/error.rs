//! The CLI's one error type: a message for the officer or the script, printed after
//! "peerplan:" with exit status 1. Every error of the core and of the file system converts.

use std::fmt;

#[derive(Debug)]
pub struct CliError(pub String);

pub type CliResult<T> = Result<T, CliError>;

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A core error, worded in the CLI's language.
impl From<peerplan_core::Error> for CliError {
    fn from(e: peerplan_core::Error) -> Self {
        CliError(core_error_text(&e, crate::print::lang()))
    }
}

/// An issue's message in `lang`, from its key and parameters (the core's English when the
/// catalogs lack it).
pub fn issue_text(issue: &peerplan_core::validate::Issue, lang: peerplan_i18n::Lang) -> String {
    peerplan_i18n::issue_message(lang, issue.code, issue.key, &issue.params, &issue.message)
}

/// A finding of `check`, its message in `lang`.
pub fn finding_text(finding: &peerplan_core::check::Finding, lang: peerplan_i18n::Lang) -> String {
    let code = peerplan_core::validate::issue_key(&finding.code);
    let key = peerplan_core::validate::issue_key(&finding.key);
    peerplan_i18n::issue_message(lang, code, key, &finding.params, &finding.message)
}

/// A rule a record of a colleague's file breaks ("field: message"), in `lang`.
pub fn problem_text(
    problem: &peerplan_core::validate::Problem,
    lang: peerplan_i18n::Lang,
) -> String {
    let message = peerplan_i18n::issue_message(
        lang,
        problem.code,
        problem.key,
        &problem.params,
        &problem.message,
    );
    format!("{}: {message}", problem.field)
}

/// A core error's message in `lang`: a refused input summed up by its first error, any other
/// error from its key and parameters.
pub fn core_error_text(e: &peerplan_core::Error, lang: peerplan_i18n::Lang) -> String {
    let english = e.to_string();
    match e.report() {
        Some(report) => {
            let errors: Vec<_> = report.errors().collect();
            match errors.first() {
                Some(first) => peerplan_i18n::invalid_summary(
                    lang,
                    &issue_text(first, lang),
                    &first.field,
                    errors.len() - 1,
                    &english,
                ),
                None => english,
            }
        }
        None => peerplan_i18n::error_message(lang, e.message_key(), &e.params(), &english),
    }
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError(message)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use peerplan_i18n::Lang;

    #[test]
    fn core_errors_are_worded_in_the_language_asked_for() {
        let error = peerplan_core::Error::Sync(peerplan_core::sync::SyncError::Missing(
            "ana.peerplan".into(),
        ));
        assert_eq!(
            core_error_text(&error, Lang::En),
            "ana.peerplan does not exist"
        );
        assert_eq!(
            core_error_text(&error, Lang::Fr),
            "ana.peerplan n’existe pas"
        );
        assert_eq!(core_error_text(&error, Lang::Es), "ana.peerplan no existe");
    }
}
