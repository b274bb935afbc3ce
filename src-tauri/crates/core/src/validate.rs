//! Validation rules, as pure functions over plain data. Every rule reports the field it is
//! about, so the UI can show the message beside the right input and the CLI can name it.
//! Errors refuse a save; warnings (the policy norms) are shown but allow it.
//!
//! Each issue carries its English message and what it was built from: a catalog key
//! (`issue.<key>`, the code unless one code is said several ways) and named parameters, so
//! the edges (desktop shell, CLI) word the same sentence in French or Spanish
//! (`peerplan_i18n::issue_message`). Parameter names say how a value is worded:
//!
//! - `field`: a field's id, worded through `field.<id>` ([`FIELD_WORDS`] has the English);
//! - `entity`: a kind of record (`follow_up_action`), worded through `entity.<id>`;
//! - `level`, `status`: a member level or an action status, through `issue.level.<v>` and
//!   `issue.status.<v>`;
//! - `date` or `*_date`: an ISO date, written in words in every language; `*_iso`: an ISO
//!   date the English message shows as it is (other languages write it in words);
//! - `dates`: a range of ISO dates "start/end" ([`date_range_param`]), worded like
//!   `dates::date_range` ("12–14 March 2026");
//! - `count`, `len`, `limit`, `*_count`: whole numbers, grouped as the language writes
//!   numbers; `count` also chooses the singular or plural form;
//! - anything else (names, typed text, codes, amounts) is shown as it is.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::countries;
use crate::model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// A message's parameters, in the order they were given: name and value.
pub type Params = Vec<(&'static str, String)>;

/// Parameters serialised as a JSON object (`{"len": "250", "limit": "200"}`).
pub fn serialize_params<S: serde::Serializer>(
    params: &[(&'static str, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(params.len()))?;
    for (name, value) in params {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    /// The field name as it appears in the entity's data (e.g. `end_date`).
    pub field: String,
    /// A stable code for the rule (e.g. `end_before_start`).
    pub code: &'static str,
    /// The message in English.
    pub message: String,
    /// The catalog entry that words the message in any language, `issue.<key>`: the code,
    /// unless the code is said several ways (`required.country`).
    pub key: &'static str,
    /// What the message was built from (see the module's notes for how each is worded).
    pub params: Params,
}

/// How a message is written when an issue (an agenda warning, a check's finding) is
/// serialised: from its code, key, parameters and English message. The edge that shows them
/// sets it once ([`set_message_wording`]) to word them in the officer's language; unset, the
/// English message is written. The JSON always carries `key` and `params` too.
pub type Wording = fn(&str, &str, &[(&'static str, String)], &str) -> String;

static WORDING: std::sync::OnceLock<Wording> = std::sync::OnceLock::new();

/// Sets how messages are written when serialised (once per process; later calls are ignored).
pub fn set_message_wording(wording: Wording) {
    let _ = WORDING.set(wording);
}

/// The message as it is serialised: worded by the edge's [`Wording`], else the English.
pub fn serialised_message(
    code: &str,
    key: &str,
    params: &[(&'static str, String)],
    english: &str,
) -> String {
    match WORDING.get() {
        Some(word) => word(code, key, params, english),
        None => english.to_string(),
    }
}

/// How any other of the core's messages is written when serialised (a folder sync's outcome
/// per file, its note): from the full catalog key (`sync.file.merged`), the parameters and
/// the English. Set once by the edge that shows them ([`set_text_wording`]).
pub type TextWording = fn(&str, &[(&'static str, String)], &str) -> String;

static TEXT_WORDING: std::sync::OnceLock<TextWording> = std::sync::OnceLock::new();

/// Sets how other messages are written when serialised (once per process).
pub fn set_text_wording(wording: TextWording) {
    let _ = TEXT_WORDING.set(wording);
}

/// A message with a full catalog key, as it is serialised: worded by the edge's
/// [`TextWording`], else the English.
pub fn serialised_text(key: &str, params: &[(&'static str, String)], english: &str) -> String {
    match TEXT_WORDING.get() {
        Some(word) => word(key, params, english),
        None => english.to_string(),
    }
}

/// A text the core stores in English that the edges can word (a conflict's side, a backup's
/// reason): its catalog key and parameters.
pub type StoredPhrase = (String, Vec<(&'static str, String)>);

/// `stored`, worded through `phrase` by the edge's [`TextWording`]; as stored without a phrase
/// (an installation's name, a sentence this build does not word) or without a wording.
pub fn serialised_stored(stored: &str, phrase: Option<StoredPhrase>) -> String {
    match phrase {
        Some((key, params)) => serialised_text(&key, &params, stored),
        None => stored.to_string(),
    }
}

/// A kind of record's noun ("follow-up action") as it is serialised: worded by the edge's
/// [`TextWording`] through `entity.<id>`, else the English.
pub fn serialize_noun<S: serde::Serializer>(noun: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&serialised_text(
        &format!("entity.{}", entity_id(noun)),
        &[],
        noun,
    ))
}

/// A rule a record breaks, as a merge lists it ("country_code: 'ZZ' is not …"): serialised
/// as that text, its message worded like an issue's ([`set_message_wording`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub code: &'static str,
    pub key: &'static str,
    pub params: Params,
    /// The message in English.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let message = serialised_message(self.code, self.key, &self.params, &self.message);
        serializer.serialize_str(&format!("{}: {message}", self.field))
    }
}

/// Parameters as a JSON object, for a `serialize_field`.
pub(crate) struct ParamsObject<'a>(pub(crate) &'a [(&'static str, String)]);

impl Serialize for ParamsObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_params(self.0, serializer)
    }
}

impl Serialize for Issue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Issue", 6)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("field", &self.field)?;
        out.serialize_field("code", self.code)?;
        out.serialize_field(
            "message",
            &serialised_message(self.code, self.key, &self.params, &self.message),
        )?;
        out.serialize_field("key", self.key)?;
        out.serialize_field("params", &ParamsObject(&self.params))?;
        out.end()
    }
}

impl Issue {
    /// Adds a parameter of the message.
    pub fn with(&mut self, name: &'static str, value: impl std::fmt::Display) -> &mut Issue {
        self.params.push((name, value.to_string()));
        self
    }

    /// Words the message with the catalog entry `issue.<key>` rather than `issue.<code>`.
    pub fn worded(&mut self, key: &'static str) -> &mut Issue {
        self.key = key;
        self
    }

    /// The value of a parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Everything wrong with one input, all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub issues: Vec<Issue>,
}

impl Report {
    /// Adds an error; its parameters and key follow (`.with("len", n).worded("…")`).
    pub fn error(
        &mut self,
        field: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Issue {
        self.push(Severity::Error, field, code, message.into())
    }

    /// Adds a warning; its parameters and key follow.
    pub fn warning(
        &mut self,
        field: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Issue {
        self.push(Severity::Warning, field, code, message.into())
    }

    fn push(
        &mut self,
        severity: Severity,
        field: &str,
        code: &'static str,
        message: String,
    ) -> &mut Issue {
        self.issues.push(Issue {
            severity,
            field: field.to_string(),
            code,
            message,
            key: code,
            params: Vec::new(),
        });
        self.issues.last_mut().expect("just pushed")
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn merge(&mut self, other: Report) {
        self.issues.extend(other.issues);
    }

    /// One line for an error message: the first error, and how many more there are.
    pub fn summary(&self) -> String {
        let errors: Vec<&Issue> = self.errors().collect();
        match errors.as_slice() {
            [] => "No problems".to_string(),
            [one] => format!("{}: {}", one.field, one.message),
            [first, rest @ ..] => format!(
                "{}: {} (and {} more problem{})",
                first.field,
                first.message,
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        }
    }

    /// Fails with `Error::Invalid` when there is any error; returns the warnings otherwise.
    pub fn into_result(self) -> crate::Result<Vec<Issue>> {
        if self.has_errors() {
            Err(crate::Error::Invalid(self))
        } else {
            Ok(self.issues)
        }
    }
}

/// Every code an issue can have. `tests::every_issue_code_is_listed` keeps it complete by
/// reading the sources; the catalogs have an `issue.<code>` entry for each (peerplan-i18n's
/// tests), so every issue can be worded in every language.
pub const ISSUE_CODES: &[&str] = &[
    "actual_without_date",
    "agenda_not_empty",
    "ambiguous_amount",
    "amount_too_large",
    "breaks_rule",
    "cannot_move",
    "cannot_move_day",
    "cannot_move_session",
    "dangling_reference",
    "day_outside_exchange",
    "delegation_size",
    "deleted_parent",
    "deleted_reference",
    "dropped_without_reason",
    "due_before_start",
    "duplicate",
    "duplicate_answer",
    "duplicate_day",
    "duplicate_lead",
    "duplicate_participant",
    "duplicate_rate",
    "empty_agenda",
    "end_before_start",
    "end_not_after_start",
    "exchange_size",
    "held_before_start",
    "host_not_member",
    "invalid_link",
    "invalid_time",
    "long_day",
    "malformed_email",
    "max_below_min",
    "member_in_use",
    "member_leads_no_session",
    "negative_amount",
    "no_evidence",
    "not_a_folder",
    "not_a_member",
    "not_a_participant",
    "not_a_rate",
    "not_an_amount",
    "not_deleted",
    "not_set_aside",
    "not_text",
    "one_sided_agenda",
    "open_action_closed",
    "other_exchange",
    "other_partnership",
    "out_of_range",
    "peer_learning_size",
    "presenter_not_participant",
    "quantity_not_positive",
    "quantity_too_large",
    "rate_not_positive",
    "rate_too_precise",
    "required",
    "same_currency",
    "same_member",
    "sessions_overlap",
    "set_aside",
    "shift_past_midnight",
    "time_skipped_by_clock_change",
    "too_long",
    "too_many_decimals",
    "total_too_large",
    "unknown_country",
    "unknown_currency",
    "unknown_field",
    "unknown_person",
    "unknown_question",
    "unknown_reference",
    "unknown_time_zone",
    "unreadable_value",
    "virtual_has_host",
    "wrong_type",
];

/// Every message key an issue can have beside its code (`Issue::worded`): one code said
/// several ways. Kept complete like [`ISSUE_CODES`].
pub const ISSUE_KEYS: &[&str] = &[
    "deleted_reference.day",
    "deleted_reference.move",
    "deleted_reference.template",
    "duplicate_day.check",
    "duplicate_rate.check",
    "invalid_time.empty",
    "invalid_time.half_day_hour",
    "invalid_time.hours",
    "invalid_time.minutes",
    "invalid_time.not_24_hour",
    "not_a_member.co_lead",
    "not_a_member.contact",
    "not_a_member.entry",
    "not_a_member.goal",
    "not_a_member.lead",
    "not_a_member.owner",
    "not_a_member.participant",
    "not_a_member.payer",
    "other_exchange.check",
    "other_exchange.move",
    "other_partnership.answer",
    "other_partnership.exchange",
    "out_of_range.share",
    "presenter_not_participant.unnamed",
    "required.amount",
    "required.budget_rate_exchange",
    "required.contact_date",
    "required.cost_line_exchange",
    "required.country",
    "required.currency",
    "required.date",
    "required.day_date",
    "required.end_time",
    "required.exchange_partnership",
    "required.first_day",
    "required.from_member",
    "required.goal_text",
    "required.installation_name",
    "required.member_name",
    "required.member_partnership",
    "required.partnership",
    "required.question",
    "required.rate",
    "required.rate_amounts",
    "required.rate_date",
    "required.start_time",
    "required.template_name",
    "required.time_zone",
    "required.to_member",
    "required.valid_from",
    "required.what_changed",
    "time_skipped_by_clock_change.end",
    "too_many_decimals.none",
    "unknown_reference.day",
    "unknown_time_zone.member",
    "unreadable_value.utf8",
    "wrong_type.number",
];

/// The key `key` as one of [`ISSUE_CODES`] or [`ISSUE_KEYS`] (a finding's key, kept as text,
/// back as an issue's); `breaks_rule` when it is neither.
pub fn issue_key(key: &str) -> &'static str {
    ISSUE_CODES
        .iter()
        .chain(ISSUE_KEYS)
        .find(|k| **k == key)
        .copied()
        .unwrap_or("breaks_rule")
}

/// The words for a field inside a sentence, in English, by id: the `field.<id>` catalog
/// entries word them in every language (`{field} is required` → "A title is required").
pub const FIELD_WORDS: &[(&str, &str)] = &[
    ("title", "A title"),
    ("person_name", "A name"),
    ("what", "What is to be done"),
    ("session_title", "the session's title"),
    ("day_title", "the day's title"),
    ("name", "the name"),
    ("topic", "the topic"),
    ("requested_by", "who asked"),
    ("officer", "the officer's name"),
    ("advisor", "the advisor's name"),
    ("role", "the role"),
    ("organisation", "the organisation"),
    ("position", "the position"),
    ("phone", "the phone number"),
    ("venue", "the venue"),
    ("city", "the city"),
    ("room", "the room"),
    ("description", "the description"),
    ("funder", "the funder"),
    ("text", "this text"),
];

/// The English words of the field `id` ([`FIELD_WORDS`]); the id itself when it has none.
pub fn field_words(id: &str) -> &'static str {
    FIELD_WORDS
        .iter()
        .find(|(k, _)| *k == id)
        .map(|(_, words)| *words)
        .unwrap_or("this field")
}

/// A `dates` parameter: the range "2026-03-12/2026-03-14" (one date: "2026-03-12"), worded as
/// `dates::date_range` words it ("12–14 March 2026") in every language.
pub fn date_range_param(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (None, _) => String::new(),
        (Some(s), Some(e)) if e > s => format!("{s}/{e}"),
        (Some(s), _) => s.to_string(),
    }
}

/// A kind of record named as the catalogs name it (`entity.<id>`): "follow-up action" →
/// `follow_up_action`.
pub fn entity_id(noun: &str) -> String {
    noun.replace([' ', '-'], "_")
}

/// The limit of a one-line text (a title, a name, a topic), in characters.
pub const MAX_TITLE: usize = 200;
/// The limit of a text of several lines (notes, objectives, a description), in characters.
pub const MAX_TEXT: usize = 20_000;
/// The limit of the installation's name.
pub const MAX_INSTALLATION_NAME: usize = 100;

/// Every text field's limit in characters, by record and field: the one list the forms show
/// as the officer nears a limit (`text_limits` command). A save over a limit is refused with
/// the field named; text is never cut. `tests::every_text_field_has_the_limit_listed_here`
/// holds the rules to this list.
pub const TEXT_LIMITS: &[(&str, &str, usize)] = &[
    ("partnership", "title", MAX_TITLE),
    ("partnership", "topic", MAX_TITLE),
    ("partnership", "requested_by", MAX_TITLE),
    ("partnership", "officer", MAX_TITLE),
    ("partnership", "advisor", MAX_TITLE),
    ("partnership", "priorities", MAX_TEXT),
    ("partnership", "learning_interest", MAX_TEXT),
    ("partnership", "notes", MAX_TEXT),
    ("member", "name", MAX_TITLE),
    ("member", "role", MAX_TITLE),
    ("goal", "text", MAX_TEXT),
    ("person", "name", MAX_TITLE),
    ("person", "organisation", MAX_TITLE),
    ("person", "position", MAX_TITLE),
    ("person", "phone", MAX_TITLE),
    ("person", "notes", MAX_TEXT),
    ("exchange", "title", MAX_TITLE),
    ("exchange", "venue", MAX_TITLE),
    ("exchange", "city", MAX_TITLE),
    ("exchange", "objectives", MAX_TEXT),
    ("follow_up_action", "what", MAX_TITLE),
    ("follow_up_action", "outcome", MAX_TEXT),
    ("contact", "participants", MAX_TEXT),
    ("contact", "summary", MAX_TEXT),
    ("reflection_answer", "note", MAX_TEXT),
    ("learning_entry", "what_changed", MAX_TEXT),
    ("learning_entry", "significance", MAX_TEXT),
    ("learning_entry", "evidence", MAX_TEXT),
    ("agenda_day", "title", MAX_TITLE),
    ("agenda_session", "title", MAX_TITLE),
    ("agenda_session", "location", MAX_TITLE),
    ("agenda_session", "link", MAX_TEXT),
    ("agenda_session", "description", MAX_TEXT),
    ("agenda_template", "name", MAX_TITLE),
    ("agenda_template", "description", MAX_TEXT),
    ("cost_line", "description", MAX_TITLE),
    ("cost_line", "funder", MAX_TITLE),
    ("cost_line", "reference", MAX_TEXT),
    ("exchange_rate", "source", MAX_TEXT),
    ("rate_table_entry", "city", MAX_TITLE),
    ("rate_table_entry", "note", MAX_TEXT),
    ("settings", "installation_name", MAX_INSTALLATION_NAME),
];

/// "2,000": a count as an officer reads it in a message.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "is 2,000 characters long; the limit is 200 (shorten it: nothing was cut)".
pub(crate) fn over_limit(len: usize, limit: usize) -> String {
    format!(
        "is {} characters long; the limit is {} (shorten it: nothing was cut)",
        grouped(len),
        grouped(limit)
    )
}

/// "A title is required" / "A title is 250 characters long; …": `what` is the field's words
/// ([`FIELD_WORDS`]).
fn required(report: &mut Report, field: &str, value: &str, what: &'static str) {
    if value.trim().is_empty() {
        report
            .error(
                field,
                "required",
                format!("{} is required", field_words(what)),
            )
            .with("field", what);
    } else if value.chars().count() > MAX_TITLE {
        too_long(report, field, what, value.chars().count(), MAX_TITLE);
    }
}

/// "the topic is 250 characters long; the limit is 200 (shorten it: nothing was cut)".
pub(crate) fn too_long(
    report: &mut Report,
    field: &str,
    what: &'static str,
    len: usize,
    limit: usize,
) {
    report
        .error(
            field,
            "too_long",
            format!("{} {}", field_words(what), over_limit(len, limit)),
        )
        .with("field", what)
        .with("len", len)
        .with("limit", limit);
}

/// An optional one-line text: at most `MAX_TITLE` characters. `what`: the field's words
/// ([`FIELD_WORDS`]).
pub(crate) fn short_text(report: &mut Report, field: &str, what: &'static str, value: &str) {
    let len = value.chars().count();
    if len > MAX_TITLE {
        too_long(report, field, what, len, MAX_TITLE);
    }
}

pub(crate) fn long_text(report: &mut Report, field: &str, value: &str) {
    let len = value.chars().count();
    if len > MAX_TEXT {
        too_long(report, field, "text", len, MAX_TEXT);
    }
}

fn dates_in_order(report: &mut Report, start: Option<NaiveDate>, end: Option<NaiveDate>) {
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            report
                .error(
                    "end_date",
                    "end_before_start",
                    format!("the end date {end} is before the start date {start}"),
                )
                .with("end_iso", end)
                .with("start_iso", start);
        }
    }
}

pub fn country_code(report: &mut Report, field: &str, code: &str) {
    if code.trim().is_empty() {
        report
            .error(field, "required", "a country is required")
            .worded("required.country");
    } else if countries::find(code).is_none() {
        report.error(
            field,
            "unknown_country",
            format!("'{code}' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. KE for Kenya)"),
        ).with("value", code);
    }
}

/// A plain check: something@domain.tld with no spaces. Officers type addresses by hand;
/// this catches typos, not every RFC 5322 corner.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

pub fn partnership(data: &PartnershipData) -> Report {
    let mut report = Report::default();
    required(&mut report, "title", &data.title, "title");
    dates_in_order(&mut report, data.start_date, data.end_date);
    short_text(&mut report, "topic", "topic", &data.topic);
    short_text(
        &mut report,
        "requested_by",
        "requested_by",
        &data.requested_by,
    );
    short_text(&mut report, "officer", "officer", &data.officer);
    short_text(&mut report, "advisor", "advisor", &data.advisor);
    for (field, text) in [
        ("priorities", &data.priorities),
        ("learning_interest", &data.learning_interest),
        ("notes", &data.notes),
    ] {
        long_text(&mut report, field, text);
    }
    report
}

/// Norm warnings about a partnership's membership.
pub fn partnership_membership(
    data: &PartnershipData,
    member_countries: &[&str],
    norms: &Norms,
) -> Report {
    let mut report = Report::default();
    if data.kind == PartnershipKind::PeerLearning {
        let distinct: HashSet<&str> = member_countries.iter().copied().collect();
        let n = distinct.len() as i64;
        if !member_countries.is_empty()
            && (n < norms.peer_learning_members_min || n > norms.peer_learning_members_max)
        {
            report
                .warning(
                    "members",
                    "peer_learning_size",
                    format!(
                        "a 1:1 peer learning partnership usually has {}–{} countries; this one has {n}",
                        norms.peer_learning_members_min, norms.peer_learning_members_max
                    ),
                )
                .with("min", norms.peer_learning_members_min)
                .with("max", norms.peer_learning_members_max)
                .with("count", n);
        }
    }
    report
}

pub fn member(data: &MemberData) -> Report {
    let mut report = Report::default();
    if data.partnership_id.is_empty() {
        report
            .error(
                "partnership_id",
                "required",
                "a member belongs to a partnership",
            )
            .worded("required.member_partnership");
    }
    country_code(&mut report, "country_code", &data.country_code);
    if data.level != MemberLevel::Country && data.name.trim().is_empty() {
        report
            .error(
                "name",
                "required",
                format!(
                    "a {} member needs its name",
                    data.level.label().to_lowercase()
                ),
            )
            .worded("required.member_name")
            .with("level", data.level.as_str());
    }
    short_text(&mut report, "name", "name", &data.name);
    short_text(&mut report, "role", "role", &data.role);
    let zone = data.time_zone.trim();
    if !zone.is_empty() && zone.parse::<chrono_tz::Tz>().is_err() {
        report.error(
            "time_zone",
            "unknown_time_zone",
            format!("\"{zone}\" is not a time zone; use an IANA name such as Africa/Nairobi or America/Lima, or leave it empty for the country's capital"),
        )
        .worded("unknown_time_zone.member")
        .with("value", zone);
    }
    report
}

/// `members_of_partnership`: the ids of the goal's partnership's live members.
pub fn goal(data: &GoalData, members_of_partnership: &[String]) -> Report {
    let mut report = Report::default();
    if data.text.trim().is_empty() {
        report
            .error("text", "required", "the goal's text is required")
            .worded("required.goal_text");
    }
    long_text(&mut report, "text", &data.text);
    if let Some(member) = &data.proposed_by_member_id {
        if !members_of_partnership.contains(member) {
            report
                .error(
                    "proposed_by_member_id",
                    "not_a_member",
                    "the goal must be proposed by a member of this partnership (or jointly)",
                )
                .worded("not_a_member.goal");
        }
    }
    report
}

pub fn person(data: &PersonData) -> Report {
    let mut report = Report::default();
    required(&mut report, "name", &data.name, "person_name");
    if !data.email.trim().is_empty() && !is_plausible_email(data.email.trim()) {
        report
            .error(
                "email",
                "malformed_email",
                format!(
                    "'{}' is not an email address (expected name@organisation.org)",
                    data.email
                ),
            )
            .with("value", &data.email);
    }
    if let Some(code) = &data.country_code {
        country_code(&mut report, "country_code", code);
    }
    short_text(
        &mut report,
        "organisation",
        "organisation",
        &data.organisation,
    );
    short_text(&mut report, "position", "position", &data.position);
    short_text(&mut report, "phone", "phone", &data.phone);
    long_text(&mut report, "notes", &data.notes);
    report
}

/// Context an exchange is checked against: its partnership's live members.
pub struct ExchangeContext<'a> {
    pub member_ids: &'a [String],
}

pub fn exchange(data: &ExchangeData, ctx: &ExchangeContext<'_>) -> Report {
    let mut report = Report::default();
    if data.partnership_id.is_empty() {
        report
            .error(
                "partnership_id",
                "required",
                "an exchange belongs to a partnership",
            )
            .worded("required.exchange_partnership");
    }
    required(&mut report, "title", &data.title, "title");
    dates_in_order(&mut report, data.start_date, data.end_date);
    if let Some(code) = &data.country_code {
        country_code(&mut report, "country_code", code);
    }
    if data.time_zone.trim().is_empty() {
        report.error(
            "time_zone",
            "required",
            "the time zone is required: choose the venue's country, or type the zone (e.g. Africa/Nairobi)",
        ).worded("required.time_zone");
    } else if data.time_zone.parse::<chrono_tz::Tz>().is_err() {
        report
            .error(
                "time_zone",
                "unknown_time_zone",
                format!(
                    "'{}' is not an IANA time zone (e.g. Africa/Nairobi, America/La_Paz, UTC)",
                    data.time_zone
                ),
            )
            .with("value", &data.time_zone);
    }
    match (&data.host_member_id, data.format.has_host()) {
        (Some(host), _) if !ctx.member_ids.contains(host) => {
            report.error(
                "host_member_id",
                "host_not_member",
                "the host must be one of the partnership's members",
            );
        }
        (Some(_), false) => {
            report.error(
                "host_member_id",
                "virtual_has_host",
                "a virtual exchange has no host member; choose in person or hybrid, or clear the host",
            );
        }
        _ => {}
    }
    short_text(&mut report, "venue", "venue", &data.venue);
    short_text(&mut report, "city", "city", &data.city);
    long_text(&mut report, "objectives", &data.objectives);
    report
}

/// A participant as seen when checking an exchange's size and delegations.
pub struct Attendee<'a> {
    pub member_id: Option<&'a str>,
    pub role: ParticipantRole,
    pub attendance: Attendance,
}

/// Norm warnings about who comes to an exchange: its size and each visiting delegation.
/// `member_labels` maps member ids to the label shown in the warning.
pub fn exchange_attendance(
    data: &ExchangeData,
    attendees: &[Attendee<'_>],
    member_label: &dyn Fn(&str) -> String,
    norms: &Norms,
) -> Report {
    let mut report = Report::default();
    let counted: Vec<&Attendee> = attendees.iter().filter(|a| a.attendance.counts()).collect();
    let size = counted.len() as i64;
    if size > 0 && (size < norms.exchange_size_min || size > norms.exchange_size_max) {
        report
            .warning(
                "participants",
                "exchange_size",
                format!(
                    "an exchange usually has {}–{} people; this one has {size}",
                    norms.exchange_size_min, norms.exchange_size_max
                ),
            )
            .with("min", norms.exchange_size_min)
            .with("max", norms.exchange_size_max)
            .with("count", size);
    }
    if data.format.has_host() {
        for (member, count) in delegation_counts(data, &counted) {
            if count > norms.delegation_max {
                let label = member_label(member);
                report
                    .warning(
                        "participants",
                        "delegation_size",
                        format!(
                            "the visiting delegation of {label} has {count} people; the norm is up to {}",
                            norms.delegation_max
                        ),
                    )
                    .with("member", label)
                    .with("count", count)
                    .with("max", norms.delegation_max);
            }
        }
    }
    report
}

/// People per visiting member (every member but the host), in first-seen order. Facilitators
/// and resource people travel for the broker, not in a member's delegation.
pub fn delegation_counts<'a>(
    data: &ExchangeData,
    attendees: &[&Attendee<'a>],
) -> Vec<(&'a str, i64)> {
    let mut counts: Vec<(&'a str, i64)> = Vec::new();
    for a in attendees {
        let Some(member) = a.member_id else { continue };
        if Some(member) == data.host_member_id.as_deref()
            || matches!(
                a.role,
                ParticipantRole::Facilitator | ParticipantRole::ResourcePerson
            )
        {
            continue;
        }
        match counts.iter_mut().find(|(m, _)| *m == member) {
            Some((_, n)) => *n += 1,
            None => counts.push((member, 1)),
        }
    }
    counts
}

/// Context a participant is checked against.
pub struct ParticipantContext<'a> {
    pub member_ids: &'a [String],
    pub person_exists: bool,
    /// Another live participant row of the same person in the same exchange.
    pub already_in_exchange: bool,
}

pub fn participant(data: &ParticipantData, ctx: &ParticipantContext<'_>) -> Report {
    let mut report = Report::default();
    if !ctx.person_exists {
        report.error(
            "person_id",
            "unknown_person",
            "choose a person from the directory (or create one)",
        );
    } else if ctx.already_in_exchange {
        report.error(
            "person_id",
            "duplicate_participant",
            "this person is already a participant of this exchange",
        );
    }
    if let Some(member) = &data.member_id {
        if !ctx.member_ids.contains(member) {
            report.error(
                "member_id",
                "not_a_member",
                "a participant represents one of the partnership's members (or none, for the broker's staff)",
            ).worded("not_a_member.participant");
        }
    }
    report
}

// ---- follow-up (issue 7) -----------------------------------------------------------------

fn belongs_to_partnership(report: &mut Report, field: &str, partnership_id: &str) {
    if partnership_id.is_empty() {
        report
            .error(field, "required", "this belongs to a partnership")
            .worded("required.partnership");
    }
}

/// Context a follow-up action is checked against: facts the store looks up. Whether the
/// referenced exchange, person or answer exists is checked by the store.
#[derive(Default)]
pub struct FollowUpContext<'a> {
    /// The action's partnership's live members.
    pub member_ids: &'a [String],
    pub partnership_start: Option<NaiveDate>,
    /// The partnership of the exchange named by `exchange_id`, when it exists.
    pub exchange_partnership: Option<&'a str>,
    /// The partnership of the reflection answer named by `reflection_answer_id`, when it exists.
    pub answer_partnership: Option<&'a str>,
}

pub fn follow_up_action(data: &FollowUpActionData, ctx: &FollowUpContext<'_>) -> Report {
    let mut report = Report::default();
    belongs_to_partnership(&mut report, "partnership_id", &data.partnership_id);
    required(&mut report, "what", &data.what, "what");
    if let Some(member) = &data.owner_member_id {
        if !ctx.member_ids.contains(member) {
            report
                .error(
                    "owner_member_id",
                    "not_a_member",
                    "the owner must be one of the partnership's members (or none, for the broker)",
                )
                .worded("not_a_member.owner");
        }
    }
    if ctx
        .exchange_partnership
        .is_some_and(|p| p != data.partnership_id)
    {
        report
            .error(
                "exchange_id",
                "other_partnership",
                "that exchange belongs to another partnership",
            )
            .worded("other_partnership.exchange");
    }
    if ctx
        .answer_partnership
        .is_some_and(|p| p != data.partnership_id)
    {
        report
            .error(
                "reflection_answer_id",
                "other_partnership",
                "that reflection answer belongs to another partnership",
            )
            .worded("other_partnership.answer");
    }
    if data.closed_on.is_some() && data.status.is_open() {
        report.error(
            "closed_on",
            "open_action_closed",
            format!(
                "an action that is still {} has no closing date; clear the date or mark the action done or dropped",
                data.status.label().to_lowercase()
            ),
        ).with("status", data.status.as_str());
    }
    if let (Some(due), Some(start)) = (data.due_date, ctx.partnership_start) {
        if due < start {
            report
                .warning(
                    "due_date",
                    "due_before_start",
                    format!("the due date {due} is before the partnership's start date {start}"),
                )
                .with("due_iso", due)
                .with("start_iso", start);
        }
    }
    if data.status == ActionStatus::Dropped && data.outcome.trim().is_empty() {
        report.warning(
            "outcome",
            "dropped_without_reason",
            "say why the action was dropped: what did not work is a lesson too",
        );
    }
    long_text(&mut report, "outcome", &data.outcome);
    report
}

/// `member_ids`: the contact's partnership's live members.
pub fn contact(data: &ContactData, member_ids: &[String]) -> Report {
    let mut report = Report::default();
    belongs_to_partnership(&mut report, "partnership_id", &data.partnership_id);
    if data.contact_date.is_none() {
        report
            .error(
                "contact_date",
                "required",
                "the date of the contact is required",
            )
            .worded("required.contact_date");
    }
    for (field, member, role, key) in [
        (
            "from_member_id",
            &data.from_member_id,
            "who made the contact",
            "required.from_member",
        ),
        (
            "to_member_id",
            &data.to_member_id,
            "who was contacted",
            "required.to_member",
        ),
    ] {
        if member.is_empty() {
            report
                .error(field, "required", format!("choose the member {role}"))
                .worded(key);
        } else if !member_ids.contains(member) {
            report
                .error(
                    field,
                    "not_a_member",
                    "choose one of the partnership's members",
                )
                .worded("not_a_member.contact");
        }
    }
    if !data.from_member_id.is_empty() && data.from_member_id == data.to_member_id {
        report.error(
            "to_member_id",
            "same_member",
            "a contact is between two different members; choose the member that was contacted",
        );
    }
    long_text(&mut report, "participants", &data.participants);
    long_text(&mut report, "summary", &data.summary);
    report
}

/// `already_answered`: another live answer to the same question in the same partnership.
pub fn reflection_answer(data: &ReflectionAnswerData, already_answered: bool) -> Report {
    let mut report = Report::default();
    belongs_to_partnership(&mut report, "partnership_id", &data.partnership_id);
    if data.question_key.trim().is_empty() {
        report
            .error("question_key", "required", "choose a reflection question")
            .worded("required.question");
    } else if crate::reflection::find(&data.question_key).is_none() {
        report
            .error(
                "question_key",
                "unknown_question",
                format!(
                    "'{}' is not one of the reflection questions",
                    data.question_key
                ),
            )
            .with("value", &data.question_key);
    } else if already_answered {
        report.error(
            "question_key",
            "duplicate_answer",
            "this question is already answered for this partnership; edit that answer instead",
        );
    }
    long_text(&mut report, "note", &data.note);
    report
}

/// `member_ids`: the entry's partnership's live members.
pub fn learning_entry(data: &LearningEntryData, member_ids: &[String]) -> Report {
    let mut report = Report::default();
    belongs_to_partnership(&mut report, "partnership_id", &data.partnership_id);
    if data.entry_date.is_none() {
        report
            .error("entry_date", "required", "the date is required")
            .worded("required.date");
    }
    if data.what_changed.trim().is_empty() {
        report
            .error("what_changed", "required", "say what changed")
            .worded("required.what_changed");
    }
    long_text(&mut report, "what_changed", &data.what_changed);
    let strangers = data
        .member_ids
        .iter()
        .filter(|m| !member_ids.contains(m))
        .count();
    if strangers > 0 {
        report
            .error(
                "member_ids",
                "not_a_member",
                format!(
                    "{strangers} of the chosen members {} not in this partnership",
                    if strangers == 1 { "is" } else { "are" }
                ),
            )
            .worded("not_a_member.entry")
            .with("count", strangers);
    }
    if data.evidence.trim().is_empty() {
        report.warning(
            "evidence",
            "no_evidence",
            "say how you know: a document, a decision, a figure or a quote",
        );
    }
    long_text(&mut report, "significance", &data.significance);
    long_text(&mut report, "evidence", &data.evidence);
    report
}

pub fn signal_norms(norms: &SignalNorms) -> Report {
    let mut report = Report::default();
    let mut range = |field: &str, value: i64, min: i64, max: i64, hint: &str, key: &'static str| {
        if !(min..=max).contains(&value) {
            report
                .error(
                    field,
                    "out_of_range",
                    format!("{value} is not allowed; use a whole number from {min} to {max}{hint}"),
                )
                .worded(key)
                .with("value", value)
                .with("min", min)
                .with("max", max);
        }
    };
    range(
        "quiet_after_days",
        norms.quiet_after_days,
        1,
        3650,
        "",
        "out_of_range",
    );
    range(
        "one_sided_share_percent",
        norms.one_sided_share_percent,
        51,
        100,
        " (a share of half or less is not one-sided)",
        "out_of_range.share",
    );
    range(
        "one_sided_min_contacts",
        norms.one_sided_min_contacts,
        1,
        1000,
        "",
        "out_of_range",
    );
    report
}

// ---- logistics costs (issue 6) -------------------------------------------------------------

/// The most units on one cost line.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// `code` must be an ISO 4217 currency code; returns its minor units when it is one.
pub fn currency_code(report: &mut Report, field: &str, code: &str) -> Option<u32> {
    if code.trim().is_empty() {
        report
            .error(
                field,
                "required",
                "a currency is required (ISO 4217, e.g. EUR, USD, KES)",
            )
            .worded("required.currency");
        return None;
    }
    match crate::money::currency(code) {
        Some(c) => Some(c.minor_units),
        None => {
            report.error(
                field,
                "unknown_currency",
                format!("'{code}' is not an ISO 4217 currency code (three capital letters, e.g. EUR, USD, KES, XOF)"),
            ).with("value", code);
            None
        }
    }
}

/// A decimal amount of a currency with `minor` decimals, checked; its minor units when valid.
/// An empty text is allowed only when `optional`.
fn amount_field(
    report: &mut Report,
    field: &str,
    text: &str,
    currency: &str,
    minor: Option<u32>,
    optional: bool,
) -> Option<i64> {
    if optional && text.trim().is_empty() {
        return None;
    }
    let minor = minor?; // the currency's own error is reported
    match crate::money::parse_amount(text, minor) {
        Ok(value) => Some(value),
        Err(e) => {
            use crate::money::AmountError;
            let (code, key) = match e {
                AmountError::Empty => ("required", "required.amount"),
                AmountError::TooManyDecimals { allowed: 0 } => {
                    ("too_many_decimals", "too_many_decimals.none")
                }
                AmountError::TooManyDecimals { .. } => ("too_many_decimals", "too_many_decimals"),
                AmountError::Negative => ("negative_amount", "negative_amount"),
                AmountError::TooLarge => ("amount_too_large", "amount_too_large"),
                AmountError::NotANumber => ("not_an_amount", "not_an_amount"),
                AmountError::Ambiguous => ("ambiguous_amount", "ambiguous_amount"),
            };
            let message = match e {
                AmountError::TooManyDecimals { .. } => {
                    format!(
                        "'{}' has too many decimals for {currency}: {e}",
                        text.trim()
                    )
                }
                _ => format!("'{}': {e}", text.trim()),
            };
            let issue = report.error(field, code, message).worded(key);
            if e != AmountError::Empty {
                issue.with("value", text.trim());
            }
            match e {
                AmountError::TooManyDecimals { allowed } => {
                    issue.with("currency", currency).with("count", allowed);
                }
                AmountError::TooLarge => {
                    issue.with("max", crate::money::MAX_MAJOR);
                }
                _ => {}
            }
            None
        }
    }
}

fn rate_field(report: &mut Report, field: &str, text: &str) -> Option<crate::money::Rate> {
    match crate::money::Rate::parse(text) {
        Ok(rate) => Some(rate),
        Err(e) => {
            let (code, key) = match e {
                crate::money::RateError::Empty => ("required", "required.rate"),
                crate::money::RateError::NotANumber => ("not_a_rate", "not_a_rate"),
                crate::money::RateError::NotPositive => ("rate_not_positive", "rate_not_positive"),
                crate::money::RateError::TooPrecise => ("rate_too_precise", "rate_too_precise"),
            };
            let issue = report
                .error(field, code, format!("'{}': {e}", text.trim()))
                .worded(key);
            if e != crate::money::RateError::Empty {
                issue.with("value", text.trim());
            }
            if e == crate::money::RateError::TooPrecise {
                issue.with("max", crate::money::MAX_RATE_DECIMALS);
            }
            None
        }
    }
}

fn two_currencies(report: &mut Report, from_field: &str, from: &str, to_field: &str, to: &str) {
    currency_code(report, from_field, from);
    currency_code(report, to_field, to);
    if !from.is_empty() && from == to {
        report
            .error(
                to_field,
                "same_currency",
                format!("a rate converts between two currencies; both are {from}"),
            )
            .with("currency", from);
    }
}

/// Context a cost line is checked against: the live participants of its exchange.
pub struct CostLineContext<'a> {
    pub participant_ids: &'a [String],
}

pub fn cost_line(data: &CostLineData, ctx: &CostLineContext<'_>) -> Report {
    let mut report = Report::default();
    if data.exchange_id.is_empty() {
        report
            .error(
                "exchange_id",
                "required",
                "a cost line belongs to an exchange",
            )
            .worded("required.cost_line_exchange");
    }
    if data.quantity < 1 {
        report.error(
            "quantity",
            "quantity_not_positive",
            format!(
                "the quantity is {}; it must be a whole number of at least 1 (record a saving as a lower amount, not a negative line)",
                data.quantity
            ),
        ).with("value", data.quantity);
    } else if data.quantity > MAX_QUANTITY {
        report
            .error(
                "quantity",
                "quantity_too_large",
                format!(
                    "the quantity is {}; the limit is {MAX_QUANTITY}",
                    data.quantity
                ),
            )
            .with("value", data.quantity)
            .with("max", MAX_QUANTITY);
    }
    let minor = currency_code(&mut report, "currency", &data.currency);
    let unit = amount_field(
        &mut report,
        "unit_amount",
        &data.unit_amount,
        &data.currency,
        minor,
        false,
    );
    if let (Some(unit), Some(minor)) = (unit, minor) {
        let total = i128::from(unit) * i128::from(data.quantity.max(0));
        if total > i128::from(crate::money::MAX_MAJOR) * 10i128.pow(minor) {
            report
                .error(
                    "unit_amount",
                    "total_too_large",
                    format!(
                        "quantity × unit amount is above {} {}",
                        crate::money::MAX_MAJOR,
                        data.currency
                    ),
                )
                .with("max", crate::money::MAX_MAJOR)
                .with("currency", &data.currency);
        }
    }
    if data.stage == CostStage::Actual && data.cost_date.is_none() {
        report.error(
            "cost_date",
            "actual_without_date",
            "an actual (paid) cost needs the date it was paid; it also chooses the exchange rate",
        );
    }
    if let Some(participant) = &data.participant_id {
        if !ctx.participant_ids.contains(participant) {
            report.error(
                "participant_id",
                "not_a_participant",
                "a traveller's line must name a participant of this exchange (or no one, for a shared cost)",
            );
        }
    }
    short_text(&mut report, "description", "description", &data.description);
    short_text(&mut report, "funder", "funder", &data.funder);
    long_text(&mut report, "reference", &data.reference);
    report
}

pub fn exchange_rate(data: &ExchangeRateData) -> Report {
    let mut report = Report::default();
    if data.rate_date.is_none() {
        report
            .error(
                "rate_date",
                "required",
                "a rate needs the date from which it applies",
            )
            .worded("required.rate_date");
    }
    two_currencies(
        &mut report,
        "from_currency",
        &data.from_currency,
        "to_currency",
        &data.to_currency,
    );
    rate_field(&mut report, "rate", &data.rate);
    long_text(&mut report, "source", &data.source);
    report
}

pub fn rate_table_entry(data: &RateTableEntryData) -> Report {
    let mut report = Report::default();
    country_code(&mut report, "country_code", &data.country_code);
    if data.valid_from.is_none() {
        report
            .error(
                "valid_from",
                "required",
                "an entry needs the date from which its rates apply",
            )
            .worded("required.valid_from");
    }
    let minor = currency_code(&mut report, "currency", &data.currency);
    let mut any = false;
    for (field, text) in [
        ("nightly_accommodation", &data.nightly_accommodation),
        ("daily_subsistence", &data.daily_subsistence),
        ("return_fare", &data.return_fare),
    ] {
        any |= !text.trim().is_empty();
        amount_field(&mut report, field, text, &data.currency, minor, true);
    }
    if !any {
        report.error(
            "nightly_accommodation",
            "required",
            "give at least one of the nightly accommodation, the daily subsistence or the return fare",
        ).worded("required.rate_amounts");
    }
    short_text(&mut report, "city", "city", &data.city);
    long_text(&mut report, "note", &data.note);
    report
}

pub fn budget_rate(data: &BudgetRateData) -> Report {
    let mut report = Report::default();
    if data.exchange_id.is_empty() {
        report
            .error(
                "exchange_id",
                "required",
                "a budget rate belongs to an exchange",
            )
            .worded("required.budget_rate_exchange");
    }
    two_currencies(
        &mut report,
        "currency",
        &data.currency,
        "to_currency",
        &data.to_currency,
    );
    rate_field(&mut report, "rate", &data.rate);
    report
}

/// The members leading a session (`members`: its partnership's live members): each one a
/// member, and none twice (the lead again among the co-leads only comes from a merge; an
/// ordinary save drops the repeat).
pub fn session_leads(report: &mut Report, data: &AgendaSessionData, members: &[String]) {
    if let Some(lead) = &data.lead_member_id {
        if !members.contains(lead) {
            report
                .error(
                    "lead_member_id",
                    "not_a_member",
                    "the lead must be one of the partnership's members",
                )
                .worded("not_a_member.lead");
        }
    }
    let mut seen: Vec<&str> = data.lead_member_id.iter().map(String::as_str).collect();
    for co in &data.co_lead_member_ids {
        if !members.contains(co) {
            report
                .error(
                    "co_lead_member_ids",
                    "not_a_member",
                    "every member leading the session must be one of the partnership's members",
                )
                .worded("not_a_member.co_lead");
        } else if seen.contains(&co.as_str()) {
            report.error(
                "co_lead_member_ids",
                "duplicate_lead",
                "a member leads the session once: it is listed twice among its leads",
            );
        }
        seen.push(co);
    }
}

/// The pure rules of a session: required title, readable times in order, a plausible link.
pub fn agenda_session(data: &AgendaSessionData) -> Report {
    let mut report = Report::default();
    required(&mut report, "title", &data.title, "session_title");
    long_text(&mut report, "description", &data.description);
    short_text(&mut report, "location", "room", &data.location);
    let start = crate::agenda::time::parse_clock(&data.start_time);
    let end = crate::agenda::time::parse_clock(&data.end_time);
    for (field, what, text, parsed, key) in [
        (
            "start_time",
            "start",
            &data.start_time,
            start,
            "required.start_time",
        ),
        ("end_time", "end", &data.end_time, end, "required.end_time"),
    ] {
        if text.trim().is_empty() {
            report
                .error(
                    field,
                    "required",
                    format!("the {what} time is required (24-hour, e.g. 09:30)"),
                )
                .worded(key);
        } else if parsed.is_none() {
            let (why, problem) = match crate::typed::read_time_problem(text) {
                Err((why, problem)) => (why, problem),
                Ok(_) => (
                    format!("\"{text}\" is not a time; use 24-hour HH:MM, e.g. 14:30"),
                    crate::typed::TimeProblem::Not24Hour,
                ),
            };
            let issue = report
                .error(field, "invalid_time", why)
                .worded(problem.key())
                .with("value", text.trim());
            if let crate::typed::TimeProblem::HalfDayHour { hours, minutes } = problem {
                issue.with("time", format!("{hours:02}:{minutes:02}"));
            }
        }
    }
    if let (Some(start), Some(end)) = (start, end) {
        if end <= start {
            report.error(
                "end_time",
                "end_not_after_start",
                format!(
                    "the session ends at {} but starts at {}; the end must be after the start on the same day",
                    data.end_time.trim(),
                    data.start_time.trim()
                ),
            )
            .with("end", data.end_time.trim())
            .with("start", data.start_time.trim());
        }
    }
    let link = data.link.trim();
    let web_address = link.starts_with("https://") || link.starts_with("http://");
    if !link.is_empty() && (!web_address || link.contains(char::is_whitespace)) {
        report.error(
            "link",
            "invalid_link",
            "the link must be one web address starting with https:// (or http://)",
        );
    }
    long_text(&mut report, "link", &data.link);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pure validation of `record` with `field` set to `text` (every other field empty).
    pub(super) fn report_with(record: &str, field: &str, text: &str) -> Option<Report> {
        fn data<T: serde::de::DeserializeOwned + Default>(field: &str, text: &str) -> T {
            serde_json::from_value(serde_json::json!({ field: text })).unwrap_or_default()
        }
        let none: &[String] = &[];
        Some(match record {
            "partnership" => partnership(&data(field, text)),
            "member" => member(&data(field, text)),
            "goal" => goal(&data(field, text), none),
            "person" => person(&data(field, text)),
            "exchange" => exchange(&data(field, text), &ExchangeContext { member_ids: none }),
            "participant" => participant(
                &data(field, text),
                &ParticipantContext {
                    member_ids: none,
                    person_exists: true,
                    already_in_exchange: false,
                },
            ),
            "follow_up_action" => follow_up_action(
                &data(field, text),
                &FollowUpContext {
                    member_ids: none,
                    partnership_start: None,
                    exchange_partnership: None,
                    answer_partnership: None,
                },
            ),
            "contact" => contact(&data(field, text), none),
            "reflection_answer" => reflection_answer(&data(field, text), false),
            "learning_entry" => learning_entry(&data(field, text), none),
            "agenda_session" => agenda_session(&data(field, text)),
            "cost_line" => cost_line(
                &data(field, text),
                &CostLineContext {
                    participant_ids: none,
                },
            ),
            "exchange_rate" => exchange_rate(&data(field, text)),
            "rate_table_entry" => rate_table_entry(&data(field, text)),
            "budget_rate" => budget_rate(&data(field, text)),
            _ => return None,
        })
    }

    /// The string fields of `record`'s data.
    pub(super) fn string_fields(record: &str) -> Vec<String> {
        fn of<T: Default + serde::Serialize>() -> Vec<String> {
            match serde_json::to_value(T::default()).unwrap() {
                serde_json::Value::Object(map) => map
                    .into_iter()
                    .filter(|(_, v)| v.is_string())
                    .map(|(k, _)| k)
                    .collect(),
                _ => Vec::new(),
            }
        }
        match record {
            "partnership" => of::<PartnershipData>(),
            "member" => of::<MemberData>(),
            "goal" => of::<GoalData>(),
            "person" => of::<PersonData>(),
            "exchange" => of::<ExchangeData>(),
            "participant" => of::<ParticipantData>(),
            "follow_up_action" => of::<FollowUpActionData>(),
            "contact" => of::<ContactData>(),
            "reflection_answer" => of::<ReflectionAnswerData>(),
            "learning_entry" => of::<LearningEntryData>(),
            "agenda_session" => of::<AgendaSessionData>(),
            "cost_line" => of::<CostLineData>(),
            "exchange_rate" => of::<ExchangeRateData>(),
            "rate_table_entry" => of::<RateTableEntryData>(),
            "budget_rate" => of::<BudgetRateData>(),
            _ => Vec::new(),
        }
    }

    /// The string fields whose length no text limit governs: ids, codes, enums, times and
    /// amounts, each refused by its own rule (or by its type) when it is not one.
    const NOT_FREE_TEXT: &[&str] = &[
        "partnership.kind",
        "partnership.status",
        "member.country_code",
        "member.level",
        "member.partnership_id",
        "member.time_zone",
        "goal.partnership_id",
        "person.email",
        "exchange.format",
        "exchange.partnership_id",
        "exchange.status",
        "exchange.time_zone",
        "participant.attendance",
        "participant.exchange_id",
        "participant.person_id",
        "participant.role",
        "follow_up_action.channel",
        "follow_up_action.partnership_id",
        "follow_up_action.status",
        "contact.channel",
        "contact.direction",
        "contact.from_member_id",
        "contact.partnership_id",
        "contact.to_member_id",
        "reflection_answer.partnership_id",
        "reflection_answer.question_key",
        "reflection_answer.status",
        "learning_entry.kind",
        "learning_entry.partnership_id",
        "agenda_session.day_id",
        "agenda_session.end_time",
        "agenda_session.exchange_id",
        "agenda_session.kind",
        "agenda_session.start_time",
        "cost_line.category",
        "cost_line.currency",
        "cost_line.exchange_id",
        "cost_line.stage",
        "cost_line.unit_amount",
        "exchange_rate.from_currency",
        "exchange_rate.rate",
        "exchange_rate.to_currency",
        "rate_table_entry.country_code",
        "rate_table_entry.currency",
        "rate_table_entry.daily_subsistence",
        "rate_table_entry.nightly_accommodation",
        "rate_table_entry.return_fare",
        "budget_rate.currency",
        "budget_rate.exchange_id",
        "budget_rate.rate",
        "budget_rate.to_currency",
    ];

    /// The promise behind `TEXT_LIMITS`: every free-text field of every record has a limit,
    /// the rules refuse exactly one character more than the listed limit and accept the
    /// limit itself, and every field a rule limits is listed. A new text field without a
    /// limit, or a rule that drifts from the list the forms show, fails here.
    #[test]
    fn every_text_field_has_the_limit_listed_here() {
        let records = [
            "partnership",
            "member",
            "goal",
            "person",
            "exchange",
            "participant",
            "follow_up_action",
            "contact",
            "reflection_answer",
            "learning_entry",
            "agenda_session",
            "cost_line",
            "exchange_rate",
            "rate_table_entry",
            "budget_rate",
        ];
        let listed = |record: &str, field: &str| {
            TEXT_LIMITS
                .iter()
                .find(|(r, f, _)| *r == record && *f == field)
                .map(|(_, _, limit)| *limit)
        };
        for record in records {
            let fields = string_fields(record);
            assert!(!fields.is_empty(), "{record}");
            for field in fields {
                let too_long = |n: usize| {
                    report_with(record, &field, &"é".repeat(n))
                        .unwrap()
                        .issues
                        .iter()
                        .any(|i| i.field == field && i.code == "too_long")
                };
                let name = format!("{record}.{field}");
                match listed(record, &field) {
                    Some(limit) => {
                        // Counted in characters, not bytes ("é" is two bytes).
                        assert!(!too_long(limit), "{name}: {limit} characters are allowed");
                        assert!(too_long(limit + 1), "{name}: {} are refused", limit + 1);
                        let message = report_with(record, &field, &"x".repeat(limit + 1))
                            .unwrap()
                            .issues
                            .into_iter()
                            .find(|i| i.field == field && i.code == "too_long")
                            .unwrap()
                            .message;
                        assert!(message.contains(&grouped(limit)), "{name}: {message}");
                        assert!(message.contains("nothing was cut"), "{name}: {message}");
                    }
                    None => {
                        assert!(
                            NOT_FREE_TEXT.contains(&name.as_str()),
                            "{name} has no limit"
                        );
                        assert!(!too_long(MAX_TEXT + 1), "{name} is limited but not listed");
                    }
                }
            }
        }
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped(200), "200");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    fn codes(report: &Report) -> Vec<(String, &'static str, Severity)> {
        report
            .issues
            .iter()
            .map(|i| (i.field.clone(), i.code, i.severity))
            .collect()
    }

    fn check(report: Report, expected: &[(&str, &str, Severity)]) {
        let got = codes(&report);
        let want: Vec<(String, &str, Severity)> = expected
            .iter()
            .map(|(f, c, s)| (f.to_string(), *c, *s))
            .collect();
        assert_eq!(got, want, "{report:#?}");
    }

    use Severity::{Error as E, Warning as W};

    fn date(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn partnership_rules() {
        let ok = PartnershipData {
            title: "Kenya–Ghana NAP exchange".into(),
            ..Default::default()
        };
        check(partnership(&ok), &[]);
        check(
            partnership(&PartnershipData {
                title: "  ".into(),
                ..ok.clone()
            }),
            &[("title", "required", E)],
        );
        check(
            partnership(&PartnershipData {
                title: "x".repeat(201),
                ..ok.clone()
            }),
            &[("title", "too_long", E)],
        );
        check(
            partnership(&PartnershipData {
                start_date: date("2026-05-10"),
                end_date: date("2026-05-01"),
                ..ok.clone()
            }),
            &[("end_date", "end_before_start", E)],
        );
        check(
            partnership(&PartnershipData {
                title: String::new(),
                start_date: date("2026-05-10"),
                end_date: date("2026-05-01"),
                ..ok
            }),
            &[
                ("title", "required", E),
                ("end_date", "end_before_start", E),
            ],
        );
    }

    #[test]
    fn a_peer_learning_partnership_warns_outside_two_to_three_countries() {
        let norms = Norms::default();
        let data = PartnershipData {
            title: "t".into(),
            ..Default::default()
        };
        check(
            partnership_membership(&data, &["KE"], &norms),
            &[("members", "peer_learning_size", W)],
        );
        check(partnership_membership(&data, &["KE", "GH"], &norms), &[]);
        check(
            partnership_membership(&data, &["KE", "GH", "GH"], &norms),
            &[],
        );
        check(
            partnership_membership(&data, &["KE", "GH", "UG", "TZ"], &norms),
            &[("members", "peer_learning_size", W)],
        );
        let alliance = PartnershipData {
            kind: PartnershipKind::LearningAlliance,
            ..data
        };
        check(partnership_membership(&alliance, &["NG"], &norms), &[]);
        let message =
            &partnership_membership(&PartnershipData::default(), &["KE"], &norms).issues[0].message;
        assert!(
            message.contains("2–3") && message.contains("has 1"),
            "{message}"
        );
    }

    #[test]
    fn member_rules() {
        let ok = MemberData {
            partnership_id: "p".into(),
            country_code: "KE".into(),
            ..Default::default()
        };
        check(member(&ok), &[]);
        check(
            member(&MemberData {
                country_code: "XK1".into(),
                ..ok.clone()
            }),
            &[("country_code", "unknown_country", E)],
        );
        check(
            member(&MemberData {
                country_code: "".into(),
                ..ok.clone()
            }),
            &[("country_code", "required", E)],
        );
        check(
            member(&MemberData {
                level: MemberLevel::Municipality,
                ..ok.clone()
            }),
            &[("name", "required", E)],
        );
        check(
            member(&MemberData {
                level: MemberLevel::Municipality,
                name: "Boston".into(),
                country_code: "US".into(),
                ..ok
            }),
            &[],
        );
    }

    #[test]
    fn goal_rules() {
        let members = vec!["m1".to_string()];
        let ok = GoalData {
            partnership_id: "p".into(),
            text: "Share M&E frameworks".into(),
            proposed_by_member_id: Some("m1".into()),
        };
        check(goal(&ok, &members), &[]);
        check(
            goal(
                &GoalData {
                    proposed_by_member_id: None,
                    ..ok.clone()
                },
                &members,
            ),
            &[],
        );
        check(
            goal(
                &GoalData {
                    proposed_by_member_id: Some("m9".into()),
                    ..ok.clone()
                },
                &members,
            ),
            &[("proposed_by_member_id", "not_a_member", E)],
        );
        check(
            goal(
                &GoalData {
                    text: " ".into(),
                    ..ok
                },
                &members,
            ),
            &[("text", "required", E)],
        );
    }

    #[test]
    fn person_rules() {
        let ok = PersonData {
            name: "Amina Odhiambo".into(),
            email: "amina@treasury.go.ke".into(),
            ..Default::default()
        };
        check(person(&ok), &[]);
        for bad in [
            "amina",
            "amina@",
            "@x.org",
            "a@b",
            "a b@x.org",
            "a@x.org.",
            "a@@x.org",
        ] {
            check(
                person(&PersonData {
                    email: bad.into(),
                    ..ok.clone()
                }),
                &[("email", "malformed_email", E)],
            );
        }
        check(
            person(&PersonData {
                country_code: Some("ZZ".into()),
                ..ok.clone()
            }),
            &[("country_code", "unknown_country", E)],
        );
        check(
            person(&PersonData {
                name: "".into(),
                ..ok
            }),
            &[("name", "required", E)],
        );
    }

    fn exchange_ok() -> ExchangeData {
        ExchangeData {
            partnership_id: "p".into(),
            title: "Study visit".into(),
            host_member_id: Some("m1".into()),
            time_zone: "Africa/Nairobi".into(),
            start_date: date("2026-03-02"),
            end_date: date("2026-03-04"),
            ..Default::default()
        }
    }

    #[test]
    fn exchange_rules() {
        let members = vec!["m1".to_string(), "m2".to_string()];
        let ctx = ExchangeContext {
            member_ids: &members,
        };
        check(exchange(&exchange_ok(), &ctx), &[]);
        check(
            exchange(
                &ExchangeData {
                    host_member_id: Some("m3".into()),
                    ..exchange_ok()
                },
                &ctx,
            ),
            &[("host_member_id", "host_not_member", E)],
        );
        check(
            exchange(
                &ExchangeData {
                    format: ExchangeFormat::Virtual,
                    ..exchange_ok()
                },
                &ctx,
            ),
            &[("host_member_id", "virtual_has_host", E)],
        );
        check(
            exchange(
                &ExchangeData {
                    time_zone: "Mars/Olympus".into(),
                    ..exchange_ok()
                },
                &ctx,
            ),
            &[("time_zone", "unknown_time_zone", E)],
        );
        check(
            exchange(
                &ExchangeData {
                    end_date: date("2026-03-01"),
                    title: "".into(),
                    ..exchange_ok()
                },
                &ctx,
            ),
            &[
                ("title", "required", E),
                ("end_date", "end_before_start", E),
            ],
        );
    }

    #[test]
    fn a_visiting_delegation_of_seven_is_over_the_norm_of_six() {
        let norms = Norms::default();
        let mut people = Vec::new();
        for _ in 0..3 {
            people.push(Attendee {
                member_id: Some("m1"),
                role: ParticipantRole::Host,
                attendance: Attendance::Confirmed,
            });
        }
        for _ in 0..7 {
            people.push(Attendee {
                member_id: Some("m2"),
                role: ParticipantRole::VisitingDelegate,
                attendance: Attendance::Confirmed,
            });
        }
        let label = |m: &str| {
            if m == "m2" {
                "Ghana (GH)".to_string()
            } else {
                m.to_string()
            }
        };
        let report = exchange_attendance(&exchange_ok(), &people, &label, &norms);
        check(report.clone(), &[("participants", "delegation_size", W)]);
        assert!(report.issues[0]
            .message
            .contains("Ghana (GH) has 7 people; the norm is up to 6"));

        // One withdrawn delegate brings the delegation back within the norm.
        people[9].attendance = Attendance::Withdrawn;
        check(
            exchange_attendance(&exchange_ok(), &people, &label, &norms),
            &[],
        );

        // The same people in a virtual meeting are not a visiting delegation.
        let virtual_meeting = ExchangeData {
            format: ExchangeFormat::Virtual,
            host_member_id: None,
            ..exchange_ok()
        };
        people[9].attendance = Attendance::Confirmed;
        check(
            exchange_attendance(&virtual_meeting, &people, &label, &norms),
            &[],
        );
    }

    #[test]
    fn an_exchange_outside_five_to_fifteen_people_is_warned_about() {
        let norms = Norms::default();
        let virtual_meeting = ExchangeData {
            format: ExchangeFormat::Virtual,
            host_member_id: None,
            ..exchange_ok()
        };
        let people = |n: usize| -> Vec<Attendee<'static>> {
            (0..n)
                .map(|_| Attendee {
                    member_id: None,
                    role: ParticipantRole::Observer,
                    attendance: Attendance::Invited,
                })
                .collect()
        };
        let label = |m: &str| m.to_string();
        check(
            exchange_attendance(&virtual_meeting, &people(0), &label, &norms),
            &[],
        );
        check(
            exchange_attendance(&virtual_meeting, &people(4), &label, &norms),
            &[("participants", "exchange_size", W)],
        );
        check(
            exchange_attendance(&virtual_meeting, &people(5), &label, &norms),
            &[],
        );
        check(
            exchange_attendance(&virtual_meeting, &people(15), &label, &norms),
            &[],
        );
        check(
            exchange_attendance(&virtual_meeting, &people(48), &label, &norms),
            &[("participants", "exchange_size", W)],
        );
    }

    #[test]
    fn participant_rules() {
        let members = vec!["m1".to_string()];
        let data = ParticipantData {
            exchange_id: "e".into(),
            person_id: "x".into(),
            member_id: Some("m1".into()),
            ..Default::default()
        };
        let ctx = |exists, dup| ParticipantContext {
            member_ids: &members,
            person_exists: exists,
            already_in_exchange: dup,
        };
        check(participant(&data, &ctx(true, false)), &[]);
        check(
            participant(&data, &ctx(true, true)),
            &[("person_id", "duplicate_participant", E)],
        );
        check(
            participant(&data, &ctx(false, false)),
            &[("person_id", "unknown_person", E)],
        );
        check(
            participant(
                &ParticipantData {
                    member_id: Some("m7".into()),
                    ..data.clone()
                },
                &ctx(true, false),
            ),
            &[("member_id", "not_a_member", E)],
        );
        check(
            participant(
                &ParticipantData {
                    member_id: None,
                    ..data
                },
                &ctx(true, false),
            ),
            &[],
        );
    }

    #[test]
    fn follow_up_action_rules() {
        let members = vec!["m1".to_string(), "m2".to_string()];
        let ctx = FollowUpContext {
            member_ids: &members,
            partnership_start: date("2026-02-01"),
            exchange_partnership: Some("p"),
            answer_partnership: None,
        };
        let ok = FollowUpActionData {
            partnership_id: "p".into(),
            exchange_id: Some("e".into()),
            what: "Send the pilot indicator list".into(),
            owner_member_id: Some("m1".into()),
            due_date: date("2026-10-31"),
            ..Default::default()
        };
        check(follow_up_action(&ok, &ctx), &[]);
        // A done action without an outcome note is fine; it is closed on a date.
        check(
            follow_up_action(
                &FollowUpActionData {
                    status: ActionStatus::Done,
                    closed_on: date("2026-10-20"),
                    ..ok.clone()
                },
                &ctx,
            ),
            &[],
        );
        // An action without a due date is fine too.
        check(
            follow_up_action(
                &FollowUpActionData {
                    due_date: None,
                    ..ok.clone()
                },
                &ctx,
            ),
            &[],
        );
        check(
            follow_up_action(
                &FollowUpActionData {
                    due_date: date("2026-01-15"),
                    ..ok.clone()
                },
                &ctx,
            ),
            &[("due_date", "due_before_start", W)],
        );
        check(
            follow_up_action(
                &FollowUpActionData {
                    status: ActionStatus::Dropped,
                    ..ok.clone()
                },
                &ctx,
            ),
            &[("outcome", "dropped_without_reason", W)],
        );
        // Everything wrong at once, each on its field.
        let report = follow_up_action(
            &FollowUpActionData {
                what: " ".into(),
                owner_member_id: Some("m9".into()),
                closed_on: date("2026-10-01"),
                status: ActionStatus::InProgress,
                ..ok.clone()
            },
            &FollowUpContext {
                exchange_partnership: Some("other"),
                answer_partnership: Some("other"),
                ..ctx
            },
        );
        check(
            report.clone(),
            &[
                ("what", "required", E),
                ("owner_member_id", "not_a_member", E),
                ("exchange_id", "other_partnership", E),
                ("reflection_answer_id", "other_partnership", E),
                ("closed_on", "open_action_closed", E),
            ],
        );
        assert!(
            report.issues[4].message.contains("still in progress"),
            "{}",
            report.issues[4].message
        );
    }

    #[test]
    fn contact_rules() {
        let members = vec!["m1".to_string(), "m2".to_string()];
        let ok = ContactData {
            partnership_id: "p".into(),
            contact_date: date("2026-07-02"),
            from_member_id: "m1".into(),
            to_member_id: "m2".into(),
            summary: "Shared the draft indicator list".into(),
            ..Default::default()
        };
        check(contact(&ok, &members), &[]);
        check(
            contact(
                &ContactData {
                    to_member_id: "m1".into(),
                    ..ok.clone()
                },
                &members,
            ),
            &[("to_member_id", "same_member", E)],
        );
        check(
            contact(
                &ContactData {
                    from_member_id: "m7".into(),
                    ..ok.clone()
                },
                &members,
            ),
            &[("from_member_id", "not_a_member", E)],
        );
        check(
            contact(
                &ContactData {
                    contact_date: None,
                    from_member_id: String::new(),
                    to_member_id: String::new(),
                    ..ok
                },
                &members,
            ),
            &[
                ("contact_date", "required", E),
                ("from_member_id", "required", E),
                ("to_member_id", "required", E),
            ],
        );
    }

    #[test]
    fn reflection_answer_rules() {
        let ok = ReflectionAnswerData {
            partnership_id: "p".into(),
            question_key: "stay_connected.media".into(),
            status: ReflectionStatus::Planned,
            note: "Monthly video call".into(),
        };
        check(reflection_answer(&ok, false), &[]);
        check(
            reflection_answer(&ok, true),
            &[("question_key", "duplicate_answer", E)],
        );
        check(
            reflection_answer(
                &ReflectionAnswerData {
                    question_key: "stay_connected.fax".into(),
                    ..ok.clone()
                },
                false,
            ),
            &[("question_key", "unknown_question", E)],
        );
        check(
            reflection_answer(
                &ReflectionAnswerData {
                    question_key: String::new(),
                    partnership_id: String::new(),
                    ..ok
                },
                false,
            ),
            &[
                ("partnership_id", "required", E),
                ("question_key", "required", E),
            ],
        );
    }

    #[test]
    fn learning_entry_rules() {
        let members = vec!["m1".to_string(), "m2".to_string()];
        let ok = LearningEntryData {
            partnership_id: "p".into(),
            entry_date: date("2026-09-01"),
            what_changed: "Kenya adopted four of Ghana's indicators".into(),
            member_ids: vec!["m2".into()],
            significance: "First use of a peer's indicators in a NAP report".into(),
            evidence: "Draft NAP progress report, annex 2".into(),
            kind: LearningKind::Success,
        };
        check(learning_entry(&ok, &members), &[]);
        check(
            learning_entry(
                &LearningEntryData {
                    evidence: String::new(),
                    kind: LearningKind::Failure,
                    ..ok.clone()
                },
                &members,
            ),
            &[("evidence", "no_evidence", W)],
        );
        let report = learning_entry(
            &LearningEntryData {
                entry_date: None,
                what_changed: " ".into(),
                member_ids: vec!["m1".into(), "x".into(), "y".into()],
                ..ok
            },
            &members,
        );
        check(
            report.clone(),
            &[
                ("entry_date", "required", E),
                ("what_changed", "required", E),
                ("member_ids", "not_a_member", E),
            ],
        );
        assert!(report.issues[2]
            .message
            .contains("2 of the chosen members are"));
    }

    #[test]
    fn signal_norm_rules() {
        check(signal_norms(&SignalNorms::default()), &[]);
        check(
            signal_norms(&SignalNorms {
                quiet_after_days: 0,
                one_sided_share_percent: 50,
                one_sided_min_contacts: 4,
            }),
            &[
                ("quiet_after_days", "out_of_range", E),
                ("one_sided_share_percent", "out_of_range", E),
            ],
        );
    }

    /// The arguments of the call whose parenthesis opens at `text[0]`, split at top-level
    /// commas (strings and nested brackets respected).
    fn call_args(text: &str) -> Vec<String> {
        let mut args = vec![String::new()];
        let mut depth = 0;
        let mut in_string = false;
        let mut escaped = false;
        for c in text.chars().skip(1) {
            if in_string {
                args.last_mut().unwrap().push(c);
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(String::new());
                    continue;
                }
                _ => {}
            }
            args.last_mut().unwrap().push(c);
        }
        args.into_iter().map(|a| a.trim().to_string()).collect()
    }

    fn literal(arg: &str) -> Option<&str> {
        arg.strip_prefix('"')?.strip_suffix('"')
    }

    /// Every issue code and message key the core's sources give: the code of each
    /// `.error(…)`, `.warning(…)`, `warn(…)` and `invalid(…)` call, each `code: "…"` and each
    /// `("code", "key")` pair, and every literal that names a key of a code ("required.country").
    fn codes_and_keys_in_sources() -> (Vec<String>, Vec<String>) {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let (mut codes, mut keys) = (Vec::new(), Vec::new());
        for path in crate::error::tests::walk(&src) {
            let text = std::fs::read_to_string(&path).unwrap();
            for call in [".error(", ".warning(", "warn(", "invalid("] {
                for (at, _) in text.match_indices(call) {
                    let args = call_args(&text[at + call.len() - 1..]);
                    if let Some(code) = args.get(1).and_then(|a| literal(a)) {
                        codes.push(code.to_string());
                    }
                }
            }
            let shaped = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c))
            };
            for (at, _) in text.match_indices("code: \"") {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // country_code: "KE"
                }
                let rest = &text[at + 7..];
                let code = &rest[..rest.find('"').unwrap()];
                if shaped(code) {
                    codes.push(code.to_string());
                }
            }
            // The amount and rate problems' (code, key) pairs.
            let pairs = if path.ends_with("validate.rs") {
                text.as_str()
            } else {
                ""
            };
            for (at, _) in pairs.match_indices("=> (\"") {
                let args = call_args(&text[at + 3..]);
                if let [code, key] = args.as_slice() {
                    if let (Some(code), Some(key)) = (literal(code), literal(key)) {
                        codes.push(code.to_string());
                        keys.push(key.to_string());
                    }
                }
            }
            for piece in text.split('"') {
                if let Some((head, _)) = piece.split_once('.') {
                    if shaped(piece) && ISSUE_CODES.contains(&head) {
                        keys.push(piece.to_string());
                    }
                }
            }
        }
        (codes, keys)
    }

    #[test]
    fn every_issue_code_and_key_is_listed() {
        let (codes, keys) = codes_and_keys_in_sources();
        assert!(
            codes.len() > 100 && keys.len() > 50,
            "{} codes, {} keys",
            codes.len(),
            keys.len()
        );
        let unlisted: Vec<&String> = codes
            .iter()
            .filter(|c| !ISSUE_CODES.contains(&c.as_str()) && !ISSUE_KEYS.contains(&c.as_str()))
            .collect();
        assert!(
            unlisted.is_empty(),
            "codes not in ISSUE_CODES: {unlisted:?}"
        );
        let unlisted: Vec<&String> = keys
            .iter()
            .filter(|k| !ISSUE_KEYS.contains(&k.as_str()) && !ISSUE_CODES.contains(&k.as_str()))
            .collect();
        assert!(unlisted.is_empty(), "keys not in ISSUE_KEYS: {unlisted:?}");
        for code in ISSUE_CODES {
            assert!(
                codes.iter().any(|c| c == code),
                "{code} is listed but no rule gives it"
            );
        }
        for key in ISSUE_KEYS {
            assert!(
                keys.iter().any(|k| k == key),
                "{key} is listed but no rule gives it"
            );
        }
        let mut sorted = ISSUE_CODES.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, ISSUE_CODES, "ISSUE_CODES sorted, once each");
    }

    #[test]
    fn every_field_worded_in_a_sentence_has_its_words() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for path in crate::error::tests::walk(&src) {
            let text = std::fs::read_to_string(&path).unwrap();
            for call in ["short_text(", "required(", "too_long("] {
                for (at, _) in text.match_indices(call) {
                    if text[..at].ends_with("fn ") {
                        continue;
                    }
                    let args = call_args(&text[at + call.len() - 1..]);
                    let what = match call {
                        "short_text(" => args.get(2),
                        _ => args.get(3).or(args.get(2)),
                    };
                    let what = match call {
                        "too_long(" => args.get(2),
                        _ => what,
                    };
                    if let Some(id) = what.and_then(|a| literal(a)) {
                        assert!(
                            FIELD_WORDS.iter().any(|(k, _)| *k == id),
                            "{}: field words {id:?} not in FIELD_WORDS",
                            path.display()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn issues_carry_their_key_and_params_in_json() {
        let report = partnership(&PartnershipData {
            title: "x".repeat(250),
            ..PartnershipData::default()
        });
        let value = serde_json::to_value(&report.issues[0]).unwrap();
        assert_eq!(value["code"], "too_long");
        assert_eq!(value["key"], "too_long");
        assert_eq!(
            value["params"],
            serde_json::json!({"field": "title", "len": "250", "limit": "200"})
        );
        assert_eq!(
            report.issues[0].message,
            "A title is 250 characters long; the limit is 200 (shorten it: nothing was cut)"
        );
    }
}
