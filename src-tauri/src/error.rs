//! The one error type every command rejects with (docs/IPC.md, "Errors").
//!
//! The UI receives `{code, message, fields: [{field, message}], warnings: [{field, message}]}`:
//! `code` is the core's stable [`peerplan_core::Error::code`] (or one of the shell's own codes
//! below), `message` is written for an officer, and `fields` names the inputs the message is
//! about so the form can show it beside them.
//!
//! Messages are worded here, at the edge, in the app's language (`crate::language::current`):
//! the core gives each error and issue a stable key and parameters beside its English text
//! (`peerplan_i18n::issue_message`, `error_message`).

use serde::Serialize;

use peerplan_core::validate::{Issue, Report};
use peerplan_i18n::Lang;

/// The code for a request the UI should not have sent (a missing or malformed argument).
pub const BAD_REQUEST: &str = "bad_request";
/// The code for a failure of the shell itself (a crashed worker, a window that went away).
pub const INTERNAL: &str = "internal";

/// A message about one field of the data a command was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

impl FieldMessage {
    /// An issue, its message in `lang`.
    pub fn worded(issue: &Issue, lang: Lang) -> Self {
        FieldMessage {
            field: issue.field.clone(),
            message: issue_text(issue, lang),
        }
    }
}

/// An issue, in the app's language.
impl From<&Issue> for FieldMessage {
    fn from(issue: &Issue) -> Self {
        FieldMessage::worded(issue, crate::language::current())
    }
}

/// An issue's message in `lang` (the core's English when the catalogs lack it).
pub fn issue_text(issue: &Issue, lang: Lang) -> String {
    peerplan_i18n::issue_message(lang, issue.code, issue.key, &issue.params, &issue.message)
}

/// A core error's message in `lang`: a refused input summed up by its first error, any
/// other error from its key and parameters (the core's English when the catalogs lack it).
pub fn core_error_text(error: &peerplan_core::Error, lang: Lang) -> String {
    let english = error.to_string();
    match error.report() {
        Some(report) => {
            let errors: Vec<&Issue> = report.errors().collect();
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
        None => peerplan_i18n::error_message(lang, error.message_key(), &error.params(), &english),
    }
}

/// Makes every issue, agenda warning and check finding the commands return (in saves'
/// `warnings`, the partnership and exchange details, the agenda, a merge's set-aside
/// problems) and a folder sync's outcomes serialise their message in the app's language at
/// the moment they are sent. Called once, when the data is opened.
pub fn word_core_messages_in_the_app_language() {
    peerplan_core::validate::set_message_wording(|code, key, params, english| {
        peerplan_i18n::issue_message(crate::language::current(), code, key, params, english)
    });
    peerplan_core::validate::set_text_wording(|key, params, english| {
        peerplan_i18n::text_message(crate::language::current(), key, params, english)
    });
}

/// What a failed command rejects with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    /// The errors that refused the input, one per field and rule (only for `invalid`).
    pub fields: Vec<FieldMessage>,
    /// The policy warnings raised by the same input (only for `invalid`): shown beside their
    /// fields too, so the officer sees everything at once.
    pub warnings: Vec<FieldMessage>,
}

impl CommandError {
    /// An error with a code and a message, about no field in particular.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        CommandError {
            code: code.into(),
            message: message.into(),
            fields: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// An error about one field of the input (shown beside it).
    pub fn with_field(code: &str, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        CommandError {
            code: code.to_string(),
            message: message.clone(),
            fields: vec![FieldMessage {
                field: field.to_string(),
                message,
            }],
            warnings: Vec::new(),
        }
    }

    /// The UI sent something the command cannot use (a missing id, an unknown sort key…).
    pub fn bad_request(message: impl Into<String>) -> Self {
        CommandError::new(BAD_REQUEST, message)
    }

    /// The shell itself failed; the message says what was being done.
    pub fn internal(message: impl Into<String>) -> Self {
        CommandError::new(INTERNAL, message)
    }

    /// The errors and warnings of a validation report, with `message` as the summary.
    fn from_report(code: &str, message: String, report: &Report, lang: Lang) -> Self {
        CommandError {
            code: code.to_string(),
            message,
            fields: report
                .errors()
                .map(|i| FieldMessage::worded(i, lang))
                .collect(),
            warnings: report
                .warnings()
                .map(|i| FieldMessage::worded(i, lang))
                .collect(),
        }
    }

    /// A core error, worded in `lang`.
    pub fn from_core(error: peerplan_core::Error, lang: Lang) -> Self {
        let message = core_error_text(&error, lang);
        match error.report() {
            Some(report) => CommandError::from_report(error.code(), message, report, lang),
            None => CommandError::new(error.code(), message),
        }
    }
}

/// A core error, worded in the app's language.
impl From<peerplan_core::Error> for CommandError {
    fn from(error: peerplan_core::Error) -> Self {
        CommandError::from_core(error, crate::language::current())
    }
}

impl From<tauri::Error> for CommandError {
    fn from(error: tauri::Error) -> Self {
        CommandError::internal(error.to_string())
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use super::*;
    use peerplan_core::validate::Severity;
    use serde_json::json;

    fn report() -> Report {
        let mut report = Report::default();
        report.error("title", "required", "Give the partnership a title");
        report.warning(
            "members",
            "too_many_members",
            "A peer-learning partnership usually has 2 to 3 members; this one has 5",
        );
        report.error(
            "end_date",
            "end_before_start",
            "The end date is before the start date",
        );
        report
    }

    #[test]
    fn invalid_maps_errors_to_fields_and_warnings_to_warnings() {
        let report = report();
        assert_eq!(report.issues[1].severity, Severity::Warning);
        let error = peerplan_core::Error::Invalid(report);
        let summary = error.to_string();

        let mapped = CommandError::from(error);
        assert_eq!(mapped.code, "invalid");
        assert_eq!(mapped.message, summary);
        assert_eq!(
            mapped.fields,
            vec![
                FieldMessage {
                    field: "title".into(),
                    message: "Give the partnership a title".into()
                },
                FieldMessage {
                    field: "end_date".into(),
                    message: "The end date is before the start date".into()
                },
            ]
        );
        assert_eq!(
            mapped.warnings,
            vec![FieldMessage {
                field: "members".into(),
                message: "A peer-learning partnership usually has 2 to 3 members; this one has 5"
                    .into()
            }]
        );
    }

    #[test]
    fn invalid_serialises_to_the_ipc_shape() {
        let mapped = CommandError::from(peerplan_core::Error::Invalid(report()));
        let value = serde_json::to_value(&mapped).unwrap();
        assert_eq!(value["code"], "invalid");
        assert!(value["message"].as_str().unwrap().contains("title"));
        assert_eq!(
            value["fields"],
            json!([
                {"field": "title", "message": "Give the partnership a title"},
                {"field": "end_date", "message": "The end date is before the start date"}
            ])
        );
        assert_eq!(value["warnings"][0]["field"], "members");
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(
            keys.len(),
            4,
            "exactly code, message, fields, warnings: {keys:?}"
        );
    }

    #[test]
    fn other_core_errors_keep_their_code_and_message_and_name_no_field() {
        let error = peerplan_core::Error::NotFound {
            entity: "partnership",
            id: "0199".into(),
        };
        let message = error.to_string();
        let mapped = CommandError::from(error);
        assert_eq!(mapped.code, "not_found");
        assert_eq!(mapped.message, message);
        assert!(mapped.fields.is_empty());
        assert!(mapped.warnings.is_empty());

        let mapped = CommandError::from(peerplan_core::Error::Conflict("busy".into()));
        assert_eq!(mapped.code, "conflict");
    }

    #[test]
    fn core_errors_and_their_fields_are_worded_in_the_language_asked_for() {
        let mut report = Report::default();
        report
            .error("title", "required", "A title is required")
            .with("field", "title");
        report
            .warning(
                "members",
                "peer_learning_size",
                "a 1:1 peer learning partnership usually has 2–3 countries; this one has 4",
            )
            .with("min", 2)
            .with("max", 3)
            .with("count", 4);
        let mapped =
            CommandError::from_core(peerplan_core::Error::Invalid(report.clone()), Lang::Fr);
        assert_eq!(mapped.code, "invalid");
        assert_eq!(mapped.message, "Le titre est obligatoire");
        assert_eq!(mapped.fields[0].message, "Le titre est obligatoire");
        assert!(
            mapped.warnings[0].message.contains("celui-ci en compte 4"),
            "{:?}",
            mapped.warnings
        );
        let english = CommandError::from_core(peerplan_core::Error::Invalid(report), Lang::En);
        assert_eq!(english.message, "title: A title is required");

        let error = peerplan_core::Error::NotFound {
            entity: "exchange",
            id: "0199".into(),
        };
        let mapped = CommandError::from_core(error, Lang::Es);
        assert_eq!(mapped.code, "not_found");
        assert_eq!(
            mapped.message,
            "No existe ningún registro (intercambio) con el identificador 0199 en esta base de datos"
        );
    }

    #[test]
    fn bad_request_has_its_code_and_no_fields() {
        let error = CommandError::bad_request("The id is missing");
        assert_eq!(error.code, "bad_request");
        assert_eq!(error.message, "The id is missing");
        assert!(error.fields.is_empty() && error.warnings.is_empty());
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            json!({"code": "bad_request", "message": "The id is missing", "fields": [], "warnings": []})
        );
    }
}
