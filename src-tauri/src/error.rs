//! The one error type every command rejects with (docs/IPC.md, "Errors").
//!
//! The UI receives `{code, message, fields: [{field, message}], warnings: [{field, message}]}`:
//! `code` is the core's stable [`peerplan_core::Error::code`] (or one of the shell's own codes
//! below), `message` is written for an officer, and `fields` names the inputs the message is
//! about so the form can show it beside them.

use serde::Serialize;

use peerplan_core::validate::{Issue, Report};

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

impl From<&Issue> for FieldMessage {
    fn from(issue: &Issue) -> Self {
        FieldMessage {
            field: issue.field.clone(),
            message: issue.message.clone(),
        }
    }
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

    /// The UI sent something the command cannot use (a missing id, an unknown sort key…).
    pub fn bad_request(message: impl Into<String>) -> Self {
        CommandError::new(BAD_REQUEST, message)
    }

    /// The shell itself failed; the message says what was being done.
    pub fn internal(message: impl Into<String>) -> Self {
        CommandError::new(INTERNAL, message)
    }

    /// The errors and warnings of a validation report, with `message` as the summary.
    fn from_report(code: &str, message: String, report: &Report) -> Self {
        CommandError {
            code: code.to_string(),
            message,
            fields: report.errors().map(FieldMessage::from).collect(),
            warnings: report.warnings().map(FieldMessage::from).collect(),
        }
    }
}

impl From<peerplan_core::Error> for CommandError {
    fn from(error: peerplan_core::Error) -> Self {
        match error.report() {
            Some(report) => CommandError::from_report(error.code(), error.to_string(), report),
            None => CommandError::new(error.code(), error.to_string()),
        }
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
