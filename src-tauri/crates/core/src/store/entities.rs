//! Each entity's row: its table, its fields in column order, and how its data goes to and
//! from SQLite values (dates as YYYY-MM-DD text, closed value sets as their stable text).
//! A value no PeerPlan writes (a 30 February, an unknown status) is a conversion error that
//! names its column, which `check` and a merge report on the record.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::Row;

use super::records::Entity;
use crate::model::*;

// ---- value conversions -------------------------------------------------------------------

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: &Option<String>) -> Value {
    match s {
        Some(s) => Value::Text(s.clone()),
        None => Value::Null,
    }
}

fn date(d: Option<NaiveDate>) -> Value {
    match d {
        Some(d) => Value::Text(d.format("%Y-%m-%d").to_string()),
        None => Value::Null,
    }
}

fn conversion_error(column: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, message.into())
}

fn get_date(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(i)?;
    text.map(|t| {
        NaiveDate::parse_from_str(&t, "%Y-%m-%d")
            .map_err(|_| conversion_error(i, format!("'{t}' is not a date (YYYY-MM-DD)")))
    })
    .transpose()
}

fn get_enum<E>(row: &Row<'_>, i: usize, parse: fn(&str) -> Option<E>) -> rusqlite::Result<E> {
    let text: String = row.get(i)?;
    parse(&text).ok_or_else(|| conversion_error(i, format!("'{text}' is not an allowed value")))
}

impl Entity for PartnershipData {
    const TABLE: &'static str = "partnerships";
    const NAME: &'static str = "partnership";
    const FIELDS: &'static [&'static str] = &[
        "title",
        "kind",
        "topic",
        "priorities",
        "status",
        "requested_by",
        "learning_interest",
        "start_date",
        "end_date",
        "officer",
        "advisor",
        "notes",
        "archived",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.title),
            text(self.kind.as_str()),
            text(&self.topic),
            text(&self.priorities),
            text(self.status.as_str()),
            text(&self.requested_by),
            text(&self.learning_interest),
            date(self.start_date),
            date(self.end_date),
            text(&self.officer),
            text(&self.advisor),
            text(&self.notes),
            Value::Integer(self.archived as i64),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(PartnershipData {
            title: row.get(at)?,
            kind: get_enum(row, at + 1, PartnershipKind::parse)?,
            topic: row.get(at + 2)?,
            priorities: row.get(at + 3)?,
            status: get_enum(row, at + 4, PartnershipStatus::parse)?,
            requested_by: row.get(at + 5)?,
            learning_interest: row.get(at + 6)?,
            start_date: get_date(row, at + 7)?,
            end_date: get_date(row, at + 8)?,
            officer: row.get(at + 9)?,
            advisor: row.get(at + 10)?,
            notes: row.get(at + 11)?,
            archived: row.get::<_, i64>(at + 12)? != 0,
        })
    }
}

impl Entity for StatusChangeData {
    const TABLE: &'static str = "status_changes";
    const NAME: &'static str = "status change";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &["partnership_id", "status", "changed_on", "note"];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            text(self.status.as_str()),
            date(Some(self.changed_on)),
            text(&self.note),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(StatusChangeData {
            partnership_id: row.get(at)?,
            status: get_enum(row, at + 1, PartnershipStatus::parse)?,
            changed_on: get_date(row, at + 2)?
                .ok_or_else(|| conversion_error(at + 2, "missing date".into()))?,
            note: row.get(at + 3)?,
        })
    }
}

impl Entity for MemberData {
    const TABLE: &'static str = "members";
    const NAME: &'static str = "member";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &[
        "partnership_id",
        "country_code",
        "level",
        "name",
        "focal_point_id",
        "role",
        "time_zone",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            text(&self.country_code),
            text(self.level.as_str()),
            text(&self.name),
            opt_text(&self.focal_point_id),
            text(&self.role),
            text(&self.time_zone),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(MemberData {
            partnership_id: row.get(at)?,
            country_code: row.get(at + 1)?,
            level: get_enum(row, at + 2, MemberLevel::parse)?,
            name: row.get(at + 3)?,
            focal_point_id: row.get(at + 4)?,
            role: row.get(at + 5)?,
            time_zone: row.get(at + 6)?,
        })
    }
}

impl Entity for GoalData {
    const TABLE: &'static str = "goals";
    const NAME: &'static str = "goal";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &["partnership_id", "text", "proposed_by_member_id"];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            text(&self.text),
            opt_text(&self.proposed_by_member_id),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(GoalData {
            partnership_id: row.get(at)?,
            text: row.get(at + 1)?,
            proposed_by_member_id: row.get(at + 2)?,
        })
    }
}

impl Entity for PersonData {
    const TABLE: &'static str = "people";
    const NAME: &'static str = "person";
    const FIELDS: &'static [&'static str] = &[
        "name",
        "organisation",
        "position",
        "country_code",
        "email",
        "phone",
        "notes",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.name),
            text(&self.organisation),
            text(&self.position),
            opt_text(&self.country_code),
            text(&self.email),
            text(&self.phone),
            text(&self.notes),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(PersonData {
            name: row.get(at)?,
            organisation: row.get(at + 1)?,
            position: row.get(at + 2)?,
            country_code: row.get(at + 3)?,
            email: row.get(at + 4)?,
            phone: row.get(at + 5)?,
            notes: row.get(at + 6)?,
        })
    }
}

impl Entity for ExchangeData {
    const TABLE: &'static str = "exchanges";
    const NAME: &'static str = "exchange";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &[
        "partnership_id",
        "title",
        "format",
        "host_member_id",
        "venue",
        "city",
        "country_code",
        "start_date",
        "end_date",
        "time_zone",
        "objectives",
        "status",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            text(&self.title),
            text(self.format.as_str()),
            opt_text(&self.host_member_id),
            text(&self.venue),
            text(&self.city),
            opt_text(&self.country_code),
            date(self.start_date),
            date(self.end_date),
            text(&self.time_zone),
            text(&self.objectives),
            text(self.status.as_str()),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(ExchangeData {
            partnership_id: row.get(at)?,
            title: row.get(at + 1)?,
            format: get_enum(row, at + 2, ExchangeFormat::parse)?,
            host_member_id: row.get(at + 3)?,
            venue: row.get(at + 4)?,
            city: row.get(at + 5)?,
            country_code: row.get(at + 6)?,
            start_date: get_date(row, at + 7)?,
            end_date: get_date(row, at + 8)?,
            time_zone: row.get(at + 9)?,
            objectives: row.get(at + 10)?,
            status: get_enum(row, at + 11, ExchangeStatus::parse)?,
        })
    }
}

impl Entity for ParticipantData {
    const TABLE: &'static str = "participants";
    const NAME: &'static str = "participant";
    const BELONGS_TO: Option<&'static str> = Some("exchange_id");
    const FIELDS: &'static [&'static str] = &[
        "exchange_id",
        "person_id",
        "member_id",
        "role",
        "attendance",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.exchange_id),
            text(&self.person_id),
            opt_text(&self.member_id),
            text(self.role.as_str()),
            text(self.attendance.as_str()),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(ParticipantData {
            exchange_id: row.get(at)?,
            person_id: row.get(at + 1)?,
            member_id: row.get(at + 2)?,
            role: get_enum(row, at + 3, ParticipantRole::parse)?,
            attendance: get_enum(row, at + 4, Attendance::parse)?,
        })
    }
}

/// A set of ids in one column: sorted, comma-separated (ids never contain a comma).
fn id_list(ids: &[String]) -> Value {
    Value::Text(ids.join(","))
}

fn get_id_list(row: &Row<'_>, i: usize) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(i)?;
    Ok(text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect())
}

fn get_required_date(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    get_date(row, i)?
        .map(Some)
        .ok_or_else(|| conversion_error(i, "missing date".into()))
}

impl Entity for FollowUpActionData {
    const TABLE: &'static str = "follow_up_actions";
    const NAME: &'static str = "follow-up action";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &[
        "partnership_id",
        "exchange_id",
        "reflection_answer_id",
        "what",
        "owner_member_id",
        "owner_person_id",
        "due_date",
        "channel",
        "status",
        "closed_on",
        "outcome",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            opt_text(&self.exchange_id),
            opt_text(&self.reflection_answer_id),
            text(&self.what),
            opt_text(&self.owner_member_id),
            opt_text(&self.owner_person_id),
            date(self.due_date),
            text(self.channel.as_str()),
            text(self.status.as_str()),
            date(self.closed_on),
            text(&self.outcome),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(FollowUpActionData {
            partnership_id: row.get(at)?,
            exchange_id: row.get(at + 1)?,
            reflection_answer_id: row.get(at + 2)?,
            what: row.get(at + 3)?,
            owner_member_id: row.get(at + 4)?,
            owner_person_id: row.get(at + 5)?,
            due_date: get_date(row, at + 6)?,
            channel: get_enum(row, at + 7, ContactChannel::parse)?,
            status: get_enum(row, at + 8, ActionStatus::parse)?,
            closed_on: get_date(row, at + 9)?,
            outcome: row.get(at + 10)?,
        })
    }
}

impl Entity for ContactData {
    const TABLE: &'static str = "contacts";
    const NAME: &'static str = "contact";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &[
        "partnership_id",
        "contact_date",
        "from_member_id",
        "to_member_id",
        "channel",
        "participants",
        "summary",
        "direction",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            date(self.contact_date),
            text(&self.from_member_id),
            text(&self.to_member_id),
            text(self.channel.as_str()),
            text(&self.participants),
            text(&self.summary),
            text(self.direction.as_str()),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(ContactData {
            partnership_id: row.get(at)?,
            contact_date: get_required_date(row, at + 1)?,
            from_member_id: row.get(at + 2)?,
            to_member_id: row.get(at + 3)?,
            channel: get_enum(row, at + 4, ContactChannel::parse)?,
            participants: row.get(at + 5)?,
            summary: row.get(at + 6)?,
            direction: get_enum(row, at + 7, ContactDirection::parse)?,
        })
    }
}

impl Entity for ReflectionAnswerData {
    const TABLE: &'static str = "reflection_answers";
    const NAME: &'static str = "reflection answer";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &["partnership_id", "question_key", "status", "note"];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            text(&self.question_key),
            text(self.status.as_str()),
            text(&self.note),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(ReflectionAnswerData {
            partnership_id: row.get(at)?,
            question_key: row.get(at + 1)?,
            status: get_enum(row, at + 2, ReflectionStatus::parse)?,
            note: row.get(at + 3)?,
        })
    }
}

impl Entity for LearningEntryData {
    const TABLE: &'static str = "learning_entries";
    const NAME: &'static str = "learning log entry";
    const BELONGS_TO: Option<&'static str> = Some("partnership_id");
    const FIELDS: &'static [&'static str] = &[
        "partnership_id",
        "entry_date",
        "what_changed",
        "member_ids",
        "significance",
        "evidence",
        "kind",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.partnership_id),
            date(self.entry_date),
            text(&self.what_changed),
            id_list(&self.member_ids),
            text(&self.significance),
            text(&self.evidence),
            text(self.kind.as_str()),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(LearningEntryData {
            partnership_id: row.get(at)?,
            entry_date: get_required_date(row, at + 1)?,
            what_changed: row.get(at + 2)?,
            member_ids: get_id_list(row, at + 3)?,
            significance: row.get(at + 4)?,
            evidence: row.get(at + 5)?,
            kind: get_enum(row, at + 6, LearningKind::parse)?,
        })
    }
}

impl Entity for AgendaDayData {
    const TABLE: &'static str = "agenda_days";
    const NAME: &'static str = "agenda day";
    const BELONGS_TO: Option<&'static str> = Some("exchange_id");
    const FIELDS: &'static [&'static str] = &["exchange_id", "day_date", "title"];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.exchange_id),
            date(self.day_date),
            text(&self.title),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(AgendaDayData {
            exchange_id: row.get(at)?,
            day_date: get_required_date(row, at + 1)?,
            title: row.get(at + 2)?,
        })
    }
}

impl Entity for AgendaSessionData {
    const TABLE: &'static str = "agenda_sessions";
    const NAME: &'static str = "agenda session";
    const BELONGS_TO: Option<&'static str> = Some("exchange_id");
    const FIELDS: &'static [&'static str] = &[
        "exchange_id",
        "day_id",
        "position",
        "start_time",
        "end_time",
        "title",
        "kind",
        "description",
        "lead_member_id",
        "presenter_ids",
        "location",
        "link",
        "co_lead_member_ids",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.exchange_id),
            text(&self.day_id),
            Value::Integer(self.position),
            text(&self.start_time),
            text(&self.end_time),
            text(&self.title),
            text(self.kind.as_str()),
            text(&self.description),
            opt_text(&self.lead_member_id),
            id_list(&self.presenter_ids),
            text(&self.location),
            text(&self.link),
            id_list(&self.co_lead_member_ids),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(AgendaSessionData {
            exchange_id: row.get(at)?,
            day_id: row.get(at + 1)?,
            position: row.get(at + 2)?,
            start_time: row.get(at + 3)?,
            end_time: row.get(at + 4)?,
            title: row.get(at + 5)?,
            kind: get_enum(row, at + 6, SessionKind::parse)?,
            description: row.get(at + 7)?,
            lead_member_id: row.get(at + 8)?,
            presenter_ids: get_id_list(row, at + 9)?,
            location: row.get(at + 10)?,
            link: row.get(at + 11)?,
            co_lead_member_ids: get_id_list(row, at + 12)?,
        })
    }
}

impl Entity for AgendaSettingsData {
    const TABLE: &'static str = "agenda_settings";
    const NAME: &'static str = "agenda settings";
    const FIELDS: &'static [&'static str] = &["language", "paper", "include_participants"];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(self.language.as_str()),
            text(self.paper.as_str()),
            Value::Integer(i64::from(self.include_participants)),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(AgendaSettingsData {
            language: get_enum(row, at, AgendaLanguage::parse)?,
            paper: get_enum(row, at + 1, PaperSize::parse)?,
            include_participants: row.get::<_, i64>(at + 2)? != 0,
        })
    }
}

impl Entity for AgendaTemplateData {
    const TABLE: &'static str = "agenda_templates";
    const NAME: &'static str = "agenda template";
    const FIELDS: &'static [&'static str] = &["name", "description", "days"];
    fn to_values(&self) -> Vec<Value> {
        // Serialising plain strings and enums cannot fail.
        let days = serde_json::to_string(&self.days).unwrap_or_else(|_| "[]".to_string());
        vec![text(&self.name), text(&self.description), Value::Text(days)]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        let days: String = row.get(at + 2)?;
        Ok(AgendaTemplateData {
            name: row.get(at)?,
            description: row.get(at + 1)?,
            days: serde_json::from_str(&days)
                .map_err(|e| conversion_error(at + 2, format!("template days: {e}")))?,
        })
    }
}

// ---- logistics costs (issue 6) -------------------------------------------------------------

/// A unit amount's decimal text as minor units of `currency`; NULL when it is not one (a
/// save validates first, so only a bypassed rule gets here, and the NOT NULL column refuses it).
fn minor_units_value(amount: &str, currency: &str) -> Value {
    crate::money::currency(currency)
        .and_then(|c| crate::money::parse_amount(amount, c.minor_units).ok())
        .map(Value::Integer)
        .unwrap_or(Value::Null)
}

impl Entity for CostLineData {
    const TABLE: &'static str = "cost_lines";
    const NAME: &'static str = "cost line";
    const BELONGS_TO: Option<&'static str> = Some("exchange_id");
    const FIELDS: &'static [&'static str] = &[
        "exchange_id",
        "category",
        "description",
        "participant_id",
        "quantity",
        "unit_amount",
        "currency",
        "stage",
        "funder",
        "cost_date",
        "reference",
        "paid_by_member_id",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.exchange_id),
            text(self.category.as_str()),
            text(&self.description),
            opt_text(&self.participant_id),
            Value::Integer(self.quantity),
            minor_units_value(&self.unit_amount, &self.currency),
            text(&self.currency),
            text(self.stage.as_str()),
            text(&self.funder),
            date(self.cost_date),
            text(&self.reference),
            text(self.paid_by_member_id.as_deref().unwrap_or("")),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        let currency: String = row.get(at + 6)?;
        let minor = crate::money::currency(&currency)
            .ok_or_else(|| {
                conversion_error(
                    at + 6,
                    format!("'{currency}' is not an ISO 4217 currency code"),
                )
            })?
            .minor_units;
        let unit: i64 = row.get(at + 5)?;
        Ok(CostLineData {
            exchange_id: row.get(at)?,
            category: get_enum(row, at + 1, CostCategory::parse)?,
            description: row.get(at + 2)?,
            participant_id: row.get(at + 3)?,
            quantity: row.get(at + 4)?,
            unit_amount: crate::money::format_amount(i128::from(unit), minor),
            currency,
            stage: get_enum(row, at + 7, CostStage::parse)?,
            funder: row.get(at + 8)?,
            cost_date: get_date(row, at + 9)?,
            reference: row.get(at + 10)?,
            paid_by_member_id: Some(row.get::<_, String>(at + 11)?).filter(|m| !m.is_empty()),
        })
    }
}

impl Entity for ExchangeRateData {
    const TABLE: &'static str = "exchange_rates";
    const NAME: &'static str = "exchange rate";
    const FIELDS: &'static [&'static str] = &[
        "rate_date",
        "from_currency",
        "to_currency",
        "rate",
        "source",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            date(self.rate_date),
            text(&self.from_currency),
            text(&self.to_currency),
            text(&self.rate),
            text(&self.source),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(ExchangeRateData {
            rate_date: get_required_date(row, at)?,
            from_currency: row.get(at + 1)?,
            to_currency: row.get(at + 2)?,
            rate: row.get(at + 3)?,
            source: row.get(at + 4)?,
        })
    }
}

impl Entity for RateTableEntryData {
    const TABLE: &'static str = "rate_table";
    const NAME: &'static str = "rate table entry";
    const FIELDS: &'static [&'static str] = &[
        "country_code",
        "city",
        "valid_from",
        "currency",
        "nightly_accommodation",
        "daily_subsistence",
        "return_fare",
        "note",
    ];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.country_code),
            text(&self.city),
            date(self.valid_from),
            text(&self.currency),
            text(&self.nightly_accommodation),
            text(&self.daily_subsistence),
            text(&self.return_fare),
            text(&self.note),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(RateTableEntryData {
            country_code: row.get(at)?,
            city: row.get(at + 1)?,
            valid_from: get_required_date(row, at + 2)?,
            currency: row.get(at + 3)?,
            nightly_accommodation: row.get(at + 4)?,
            daily_subsistence: row.get(at + 5)?,
            return_fare: row.get(at + 6)?,
            note: row.get(at + 7)?,
        })
    }
}

impl Entity for BudgetRateData {
    const TABLE: &'static str = "budget_rates";
    const NAME: &'static str = "budget rate";
    const BELONGS_TO: Option<&'static str> = Some("exchange_id");
    const FIELDS: &'static [&'static str] = &["exchange_id", "currency", "to_currency", "rate"];
    fn to_values(&self) -> Vec<Value> {
        vec![
            text(&self.exchange_id),
            text(&self.currency),
            text(&self.to_currency),
            text(&self.rate),
        ]
    }
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(BudgetRateData {
            exchange_id: row.get(at)?,
            currency: row.get(at + 1)?,
            to_currency: row.get(at + 2)?,
            rate: row.get(at + 3)?,
        })
    }
}
