//! Domain types: what an officer records about partnerships, members, goals, people,
//! exchanges and participants. Each entity's editable fields live in a `*Data` struct;
//! a stored row is a `Record<T>`: the data plus its id and version metadata.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Declares a closed set of values stored as snake_case text, with a human label.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($text:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// "a, b or c": the allowed values, for error messages.
            pub fn allowed() -> String {
                let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                crate::model::join_or(&names)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

string_enum!(
    /// The shape of a partnership, as seen in the seed documents.
    PartnershipKind {
        PeerLearning => ("peer_learning", "1:1 peer learning partnership"),
        Twinning => ("twinning", "Twinning / cross-learning"),
        LearningAlliance => ("learning_alliance", "Learning alliance"),
        CityToCity => ("city_to_city", "City-to-city"),
        Other => ("other", "Other"),
    }
);

string_enum!(
    /// The life cycle of a partnership, plus the two ways it can stop early.
    PartnershipStatus {
        InterestExpressed => ("interest_expressed", "Interest expressed"),
        PartnerIdentified => ("partner_identified", "Partner identified"),
        Active => ("active", "Active exchanges"),
        SustainedContact => ("sustained_contact", "Sustained contact"),
        Concluded => ("concluded", "Concluded"),
        Paused => ("paused", "Paused"),
        Cancelled => ("cancelled", "Cancelled"),
    }
);

string_enum!(
    /// What kind of body a member is. A member always belongs to a country.
    MemberLevel {
        Country => ("country", "National government"),
        Subnational => ("subnational", "Sub-national government"),
        Municipality => ("municipality", "City / municipality"),
        Ministry => ("ministry", "Ministry or agency"),
        Institution => ("institution", "Other institution"),
    }
);

string_enum!(
    ExchangeFormat {
        InPerson => ("in_person", "In person"),
        Virtual => ("virtual", "Virtual"),
        Hybrid => ("hybrid", "Hybrid"),
    }
);

string_enum!(
    ExchangeStatus {
        Planned => ("planned", "Planned"),
        Confirmed => ("confirmed", "Confirmed"),
        Held => ("held", "Held"),
        Cancelled => ("cancelled", "Cancelled"),
    }
);

string_enum!(
    ParticipantRole {
        Host => ("host", "Host"),
        VisitingDelegate => ("visiting_delegate", "Visiting delegate"),
        Facilitator => ("facilitator", "Facilitator"),
        ResourcePerson => ("resource_person", "Resource person"),
        Observer => ("observer", "Observer"),
    }
);

string_enum!(
    Attendance {
        Invited => ("invited", "Invited"),
        Confirmed => ("confirmed", "Confirmed"),
        Attended => ("attended", "Attended"),
        Absent => ("absent", "Absent"),
        Withdrawn => ("withdrawn", "Withdrawn"),
    }
);

impl ExchangeFormat {
    /// In-person and hybrid exchanges are hosted by a member; virtual ones are not.
    pub fn has_host(self) -> bool {
        !matches!(self, ExchangeFormat::Virtual)
    }
}

impl Attendance {
    /// Whether the person counts towards the exchange's size and delegations.
    pub fn counts(self) -> bool {
        !matches!(self, Attendance::Absent | Attendance::Withdrawn)
    }
}

string_enum!(
    /// How peers (or the broker) get in touch: the channel of a follow-up action or a contact.
    ContactChannel {
        Call => ("call", "Call"),
        Email => ("email", "Email"),
        Visit => ("visit", "Visit"),
        Webinar => ("webinar", "Webinar"),
        JointWork => ("joint_work", "Joint work"),
        StudyVisit => ("study_visit", "Study visit"),
        Other => ("other", "Other"),
    }
);

string_enum!(
    ActionStatus {
        Planned => ("planned", "Planned"),
        InProgress => ("in_progress", "In progress"),
        Done => ("done", "Done"),
        Dropped => ("dropped", "Dropped"),
    }
);

string_enum!(
    /// Whether information and learning flowed one way (from the initiating member to the
    /// other) or both ways during a contact.
    ContactDirection {
        OneWay => ("one_way", "One way"),
        BothWays => ("both_ways", "Both ways"),
    }
);

string_enum!(
    /// An answer to one of the stage-C reflection questions (seed 004).
    ReflectionStatus {
        NotConsidered => ("not_considered", "Not yet considered"),
        Planned => ("planned", "Planned"),
        InPlace => ("in_place", "In place"),
    }
);

string_enum!(
    /// MEL as a learning tool: successes and failures are both recorded (seed 003).
    LearningKind {
        Success => ("success", "Success"),
        Failure => ("failure", "Failure"),
    }
);

impl ActionStatus {
    /// Planned and in-progress actions are still to be done.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Planned | ActionStatus::InProgress)
    }
}

impl PartnershipStatus {
    /// The stages in which members are expected to stay in touch, so silence is a signal.
    pub fn expects_contact(self) -> bool {
        matches!(
            self,
            PartnershipStatus::Active | PartnershipStatus::SustainedContact
        )
    }
}

/// A stored row: its id, version metadata and data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<T> {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    /// The version stamp of the newest change to any field of this row.
    pub version: String,
    /// Set when the row was deleted (a tombstone). Deleted rows are never removed.
    pub deleted_at: Option<String>,
    #[serde(flatten)]
    pub data: T,
}

impl<T> Record<T> {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnershipData {
    pub title: String,
    pub kind: PartnershipKind,
    pub topic: String,
    pub priorities: String,
    pub status: PartnershipStatus,
    /// Who expressed the interest (a country, ministry or person, in words).
    pub requested_by: String,
    /// What they asked to learn.
    pub learning_interest: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub officer: String,
    pub advisor: String,
    pub notes: String,
    pub archived: bool,
}

impl Default for PartnershipData {
    fn default() -> Self {
        PartnershipData {
            title: String::new(),
            kind: PartnershipKind::PeerLearning,
            topic: String::new(),
            priorities: String::new(),
            status: PartnershipStatus::InterestExpressed,
            requested_by: String::new(),
            learning_interest: String::new(),
            start_date: None,
            end_date: None,
            officer: String::new(),
            advisor: String::new(),
            notes: String::new(),
            archived: false,
        }
    }
}

/// One entry of a partnership's status history, written whenever its status changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChangeData {
    pub partnership_id: String,
    pub status: PartnershipStatus,
    pub changed_on: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberData {
    pub partnership_id: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    pub level: MemberLevel,
    /// The sub-national government, city, ministry or institution; empty for a country.
    pub name: String,
    /// The member's focal point, a person in the directory.
    pub focal_point_id: Option<String>,
    /// Its role in the partnership, in the officer's words ("host", "learning partner", …).
    pub role: String,
    /// IANA time zone for virtual sessions' local times; empty means the country's capital.
    pub time_zone: String,
}

impl Default for MemberData {
    fn default() -> Self {
        MemberData {
            partnership_id: String::new(),
            country_code: String::new(),
            level: MemberLevel::Country,
            name: String::new(),
            focal_point_id: None,
            role: String::new(),
            time_zone: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalData {
    pub partnership_id: String,
    pub text: String,
    /// The member who proposed the goal; `None` when it was proposed jointly.
    pub proposed_by_member_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonData {
    pub name: String,
    pub organisation: String,
    pub position: String,
    pub country_code: Option<String>,
    pub email: String,
    pub phone: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExchangeData {
    pub partnership_id: String,
    pub title: String,
    pub format: ExchangeFormat,
    pub host_member_id: Option<String>,
    pub venue: String,
    pub city: String,
    pub country_code: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// IANA time zone of the venue (or of the organiser, for a virtual exchange).
    pub time_zone: String,
    pub objectives: String,
    pub status: ExchangeStatus,
}

impl Default for ExchangeData {
    fn default() -> Self {
        ExchangeData {
            partnership_id: String::new(),
            title: String::new(),
            format: ExchangeFormat::InPerson,
            host_member_id: None,
            venue: String::new(),
            city: String::new(),
            country_code: None,
            start_date: None,
            end_date: None,
            time_zone: "UTC".to_string(),
            objectives: String::new(),
            status: ExchangeStatus::Planned,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParticipantData {
    pub exchange_id: String,
    pub person_id: String,
    /// The member the person represents; `None` for the broker's own staff.
    pub member_id: Option<String>,
    pub role: ParticipantRole,
    pub attendance: Attendance,
}

impl Default for ParticipantData {
    fn default() -> Self {
        ParticipantData {
            exchange_id: String::new(),
            person_id: String::new(),
            member_id: None,
            role: ParticipantRole::VisitingDelegate,
            attendance: Attendance::Invited,
        }
    }
}

/// Something agreed to keep the partnership alive after an exchange: who does what, by when,
/// through which channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpActionData {
    pub partnership_id: String,
    /// The exchange it was agreed at ("after this exchange we agreed…"), if any.
    pub exchange_id: Option<String>,
    /// The reflection answer it was planned from, if any.
    pub reflection_answer_id: Option<String>,
    pub what: String,
    pub owner_member_id: Option<String>,
    pub owner_person_id: Option<String>,
    /// `None`: no date agreed yet (never overdue, never upcoming).
    pub due_date: Option<NaiveDate>,
    pub channel: ContactChannel,
    pub status: ActionStatus,
    /// When it was done or dropped; filled with today's date by the store when a save
    /// closes the action without one.
    pub closed_on: Option<NaiveDate>,
    pub outcome: String,
}

impl Default for FollowUpActionData {
    fn default() -> Self {
        FollowUpActionData {
            partnership_id: String::new(),
            exchange_id: None,
            reflection_answer_id: None,
            what: String::new(),
            owner_member_id: None,
            owner_person_id: None,
            due_date: None,
            channel: ContactChannel::Call,
            status: ActionStatus::Planned,
            closed_on: None,
            outcome: String::new(),
        }
    }
}

/// One contact between two members, in the contact log. The `from` member initiated it.
/// A contact dated after today is a planned contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactData {
    pub partnership_id: String,
    /// Required; optional here only so a form can send an empty date and get a clear error.
    pub contact_date: Option<NaiveDate>,
    pub from_member_id: String,
    pub to_member_id: String,
    pub channel: ContactChannel,
    /// Who took part, in words ("Ama, Wanjiru and two county officers").
    pub participants: String,
    /// What was shared or learned.
    pub summary: String,
    pub direction: ContactDirection,
}

impl Default for ContactData {
    fn default() -> Self {
        ContactData {
            partnership_id: String::new(),
            contact_date: None,
            from_member_id: String::new(),
            to_member_id: String::new(),
            channel: ContactChannel::Call,
            participants: String::new(),
            summary: String::new(),
            direction: ContactDirection::BothWays,
        }
    }
}

/// A partnership's answer to one stage-C reflection question (`reflection::QUESTIONS`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReflectionAnswerData {
    pub partnership_id: String,
    pub question_key: String,
    pub status: ReflectionStatus,
    pub note: String,
}

impl Default for ReflectionAnswerData {
    fn default() -> Self {
        ReflectionAnswerData {
            partnership_id: String::new(),
            question_key: String::new(),
            status: ReflectionStatus::NotConsidered,
            note: String::new(),
        }
    }
}

/// An outcome or lesson in the learning log: successes and failures alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LearningEntryData {
    pub partnership_id: String,
    /// Required; optional here only so a form can send an empty date and get a clear error.
    pub entry_date: Option<NaiveDate>,
    pub what_changed: String,
    /// The members it concerns (none: the partnership as a whole). Stored as one
    /// comma-separated column, sorted, so the set is one field with one version stamp.
    pub member_ids: Vec<String>,
    pub significance: String,
    pub evidence: String,
    pub kind: LearningKind,
}

impl Default for LearningEntryData {
    fn default() -> Self {
        LearningEntryData {
            partnership_id: String::new(),
            entry_date: None,
            what_changed: String::new(),
            member_ids: Vec::new(),
            significance: String::new(),
            evidence: String::new(),
            kind: LearningKind::Success,
        }
    }
}

/// The thresholds of the follow-up signals, editable in Settings like `Norms` (kept apart
/// from `Norms` so the existing settings form and IPC shape are unchanged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignalNorms {
    /// A partnership is going quiet after this many days without a contact, a completed
    /// action or a held exchange.
    pub quiet_after_days: i64,
    /// One member initiating at least this share (percent) of the contacts is one-sided…
    pub one_sided_share_percent: i64,
    /// …once there are at least this many contacts (fewer say too little).
    pub one_sided_min_contacts: i64,
}

impl Default for SignalNorms {
    fn default() -> Self {
        SignalNorms {
            quiet_after_days: 60,
            one_sided_share_percent: 80,
            one_sided_min_contacts: 4,
        }
    }
}

/// The policy norms, editable in Settings. The app warns (never refuses) when an exchange or
/// partnership leaves them. Exchange sizes depend on the kind of partnership: the seed
/// documents' 5–15 people and delegations of up to 5–6 belong to 1:1 peer learning
/// partnerships and twinnings (`exchange_size_*`, `delegation_max`); a learning alliance's
/// event is far larger (48 people in Ibadan), a city-to-city pairing's in between.
/// `for_kind` gives the norms an exchange of a kind is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Norms {
    pub exchange_size_min: i64,
    pub exchange_size_max: i64,
    pub delegation_max: i64,
    pub peer_learning_members_min: i64,
    pub peer_learning_members_max: i64,
    pub alliance_size_min: i64,
    pub alliance_size_max: i64,
    pub alliance_delegation_max: i64,
    pub city_size_min: i64,
    pub city_size_max: i64,
    pub city_delegation_max: i64,
    pub other_size_min: i64,
    pub other_size_max: i64,
    pub other_delegation_max: i64,
}

impl Default for Norms {
    fn default() -> Self {
        Norms {
            exchange_size_min: 5,
            exchange_size_max: 15,
            delegation_max: 6,
            peer_learning_members_min: 2,
            peer_learning_members_max: 3,
            alliance_size_min: 10,
            alliance_size_max: 80,
            alliance_delegation_max: 20,
            city_size_min: 5,
            city_size_max: 25,
            city_delegation_max: 8,
            other_size_min: 5,
            other_size_max: 40,
            other_delegation_max: 10,
        }
    }
}

impl Norms {
    /// The norms an exchange of a `kind` of partnership is held to: its size and delegation
    /// norms in `exchange_size_min`, `exchange_size_max` and `delegation_max`.
    pub fn for_kind(&self, kind: PartnershipKind) -> Norms {
        let (min, max, delegation) = match kind {
            PartnershipKind::PeerLearning | PartnershipKind::Twinning => {
                return *self;
            }
            PartnershipKind::LearningAlliance => (
                self.alliance_size_min,
                self.alliance_size_max,
                self.alliance_delegation_max,
            ),
            PartnershipKind::CityToCity => (
                self.city_size_min,
                self.city_size_max,
                self.city_delegation_max,
            ),
            PartnershipKind::Other => (
                self.other_size_min,
                self.other_size_max,
                self.other_delegation_max,
            ),
        };
        Norms {
            exchange_size_min: min,
            exchange_size_max: max,
            delegation_max: delegation,
            ..*self
        }
    }

    /// Every norm by its settings name ("exchange_size_min"), in the Settings page's order.
    pub fn entries(&self) -> [(&'static str, i64); 14] {
        [
            ("exchange_size_min", self.exchange_size_min),
            ("exchange_size_max", self.exchange_size_max),
            ("delegation_max", self.delegation_max),
            ("peer_learning_members_min", self.peer_learning_members_min),
            ("peer_learning_members_max", self.peer_learning_members_max),
            ("alliance_size_min", self.alliance_size_min),
            ("alliance_size_max", self.alliance_size_max),
            ("alliance_delegation_max", self.alliance_delegation_max),
            ("city_size_min", self.city_size_min),
            ("city_size_max", self.city_size_max),
            ("city_delegation_max", self.city_delegation_max),
            ("other_size_min", self.other_size_min),
            ("other_size_max", self.other_size_max),
            ("other_delegation_max", self.other_delegation_max),
        ]
    }

    /// Sets the norm called `name` (as in `entries`); false for an unknown name.
    pub fn set(&mut self, name: &str, value: i64) -> bool {
        let slot = match name {
            "exchange_size_min" => &mut self.exchange_size_min,
            "exchange_size_max" => &mut self.exchange_size_max,
            "delegation_max" => &mut self.delegation_max,
            "peer_learning_members_min" => &mut self.peer_learning_members_min,
            "peer_learning_members_max" => &mut self.peer_learning_members_max,
            "alliance_size_min" => &mut self.alliance_size_min,
            "alliance_size_max" => &mut self.alliance_size_max,
            "alliance_delegation_max" => &mut self.alliance_delegation_max,
            "city_size_min" => &mut self.city_size_min,
            "city_size_max" => &mut self.city_size_max,
            "city_delegation_max" => &mut self.city_delegation_max,
            "other_size_min" => &mut self.other_size_min,
            "other_size_max" => &mut self.other_size_max,
            "other_delegation_max" => &mut self.other_delegation_max,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// The (fewest, most) pairs, by settings name: the most must not be below the fewest.
    pub const PAIRS: [(&'static str, &'static str); 5] = [
        ("exchange_size_min", "exchange_size_max"),
        ("peer_learning_members_min", "peer_learning_members_max"),
        ("alliance_size_min", "alliance_size_max"),
        ("city_size_min", "city_size_max"),
        ("other_size_min", "other_size_max"),
    ];
}

pub type Partnership = Record<PartnershipData>;
pub type StatusChange = Record<StatusChangeData>;
pub type Member = Record<MemberData>;
pub type Goal = Record<GoalData>;
pub type Person = Record<PersonData>;
pub type Exchange = Record<ExchangeData>;
pub type Participant = Record<ParticipantData>;
pub type FollowUpAction = Record<FollowUpActionData>;
pub type Contact = Record<ContactData>;
pub type ReflectionAnswer = Record<ReflectionAnswerData>;
pub type LearningEntry = Record<LearningEntryData>;

impl MemberData {
    /// `label` with the country named in `lang` ("fr", "es"): "Irlande (IE)".
    pub fn label_in(&self, lang: &str) -> String {
        let country = crate::countries::label_in(&self.country_code, lang);
        if self.name.trim().is_empty() {
            country
        } else {
            format!("{} — {}", self.name.trim(), country)
        }
    }

    /// "Kenya (KE)" or "Nairobi City County — Kenya (KE)".
    pub fn label(&self) -> String {
        let country = crate::countries::label(&self.country_code);
        if self.name.trim().is_empty() {
            country
        } else {
            format!("{} — {}", self.name.trim(), country)
        }
    }

    /// The member's time zone: its own, else its country's capital's, else UTC.
    pub fn effective_time_zone(&self) -> chrono_tz::Tz {
        let own = self.time_zone.trim();
        let name = if own.is_empty() {
            crate::countries::time_zone(&self.country_code).unwrap_or("UTC")
        } else {
            own
        };
        name.parse().unwrap_or(chrono_tz::UTC)
    }
}

string_enum!(
    /// What happens in an agenda session (issue 5).
    SessionKind {
        Opening => ("opening", "Opening"),
        Presentation => ("presentation", "Presentation"),
        Panel => ("panel", "Panel"),
        Discussion => ("discussion", "Discussion"),
        WorkingGroup => ("working_group", "Working group"),
        SiteVisit => ("site_visit", "Site visit"),
        Break => ("break", "Break"),
        Meal => ("meal", "Meal"),
        Closing => ("closing", "Closing"),
        Other => ("other", "Other"),
    }
);

impl SessionKind {
    /// Breaks and meals are not "led" by a member and do not count in the agenda balance.
    pub fn is_pause(self) -> bool {
        matches!(self, SessionKind::Break | SessionKind::Meal)
    }
}

string_enum!(
    /// The language of a printed agenda's labels; partners often work in French or Spanish.
    AgendaLanguage {
        En => ("en", "English"),
        Fr => ("fr", "Français"),
        Es => ("es", "Español"),
    }
);

string_enum!(
    /// Paper size of a printed or exported agenda.
    PaperSize {
        A4 => ("a4", "A4"),
        Letter => ("letter", "US Letter"),
    }
);

/// One day of an exchange's agenda.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaDayData {
    pub exchange_id: String,
    /// Required; optional here only so a form can send an empty date and get a clear error.
    pub day_date: Option<NaiveDate>,
    /// "Context and policy frameworks"; may be empty.
    pub title: String,
}

/// One session of an agenda day. Times are "HH:MM" (24-hour) in the venue's time zone,
/// kept as text so that a mistyped time reaches validation and gets a message naming it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaSessionData {
    pub exchange_id: String,
    pub day_id: String,
    /// Order within the day (0, 1, 2…). Times do not decide the order: a reorder keeps the
    /// times unless the officer asks for them to shift.
    pub position: i64,
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub kind: SessionKind,
    /// Description or guiding questions.
    pub description: String,
    /// The member that proposed and leads the session (mutual learning: it should vary).
    pub lead_member_id: Option<String>,
    /// The other members leading it with `lead_member_id`, for a session led jointly (never
    /// the lead again; empty when one member or none leads).
    pub co_lead_member_ids: Vec<String>,
    /// Presenters and facilitators: ids of people taking part in the exchange. Stored as
    /// one comma-separated column, so the set is one field with one version stamp.
    pub presenter_ids: Vec<String>,
    pub location: String,
    /// Video-call link, for virtual and hybrid exchanges.
    pub link: String,
}

impl Default for AgendaSessionData {
    fn default() -> Self {
        AgendaSessionData {
            exchange_id: String::new(),
            day_id: String::new(),
            position: 0,
            start_time: String::new(),
            end_time: String::new(),
            title: String::new(),
            kind: SessionKind::Presentation,
            description: String::new(),
            lead_member_id: None,
            co_lead_member_ids: Vec::new(),
            presenter_ids: Vec::new(),
            location: String::new(),
            link: String::new(),
        }
    }
}

impl AgendaSessionData {
    /// Every member leading the session: the lead, then the co-leads.
    pub fn leads(&self) -> Vec<&str> {
        self.lead_member_id
            .iter()
            .chain(&self.co_lead_member_ids)
            .map(String::as_str)
            .collect()
    }
}

/// How an exchange's agenda is printed. The row's id is the exchange's id, so two copies
/// that each set it for the same exchange hold one row, merged field by field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaSettingsData {
    pub language: AgendaLanguage,
    pub paper: PaperSize,
    /// Print the participant list by delegation after the sessions.
    pub include_participants: bool,
}

impl Default for AgendaSettingsData {
    fn default() -> Self {
        AgendaSettingsData {
            language: AgendaLanguage::En,
            paper: PaperSize::A4,
            include_participants: true,
        }
    }
}

/// A reusable agenda shape: days and sessions with their times, kinds and texts, but no
/// dates, members or people (those belong to one exchange).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaTemplateData {
    pub name: String,
    pub description: String,
    pub days: Vec<TemplateDay>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateDay {
    pub title: String,
    pub sessions: Vec<TemplateSession>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateSession {
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub kind: SessionKind,
    pub description: String,
    pub location: String,
}

impl Default for TemplateSession {
    fn default() -> Self {
        TemplateSession {
            start_time: String::new(),
            end_time: String::new(),
            title: String::new(),
            kind: SessionKind::Presentation,
            description: String::new(),
            location: String::new(),
        }
    }
}

pub type AgendaDay = Record<AgendaDayData>;
pub type AgendaSession = Record<AgendaSessionData>;
pub type AgendaTemplate = Record<AgendaTemplateData>;

// ---- logistics costs (issue 6) -------------------------------------------------------------

string_enum!(
    /// What a cost line pays for.
    CostCategory {
        InternationalTravel => ("international_travel", "International travel"),
        LocalTransport => ("local_transport", "Local transport"),
        Accommodation => ("accommodation", "Accommodation"),
        PerDiem => ("per_diem", "Per diem / subsistence"),
        VenueCatering => ("venue_catering", "Venue and catering"),
        Interpretation => ("interpretation", "Interpretation and translation"),
        VisasInsurance => ("visas_insurance", "Visas and insurance"),
        Facilitation => ("facilitation", "Facilitation"),
        Communications => ("communications", "Communications"),
        Other => ("other", "Other"),
    }
);

string_enum!(
    /// How firm a cost is: an estimate before the exchange, committed (booked, contracted) and
    /// actual (paid). Variance is actual against estimate.
    CostStage {
        Estimate => ("estimate", "Estimate"),
        Committed => ("committed", "Committed"),
        Actual => ("actual", "Actual / paid"),
    }
);

/// Funders officers name most often; the funder field is free text with these as suggestions.
pub const FUNDER_SUGGESTIONS: &[&str] =
    &["Network", "Host member", "Visiting member", "Other donor"];

/// One line of an exchange's costs: quantity × unit amount in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CostLineData {
    pub exchange_id: String,
    pub category: CostCategory,
    pub description: String,
    /// A traveller's own line (their fare, their nights): a participant of this exchange.
    pub participant_id: Option<String>,
    /// A whole number of units, at least 1 ("6 travellers × 4 nights" is 24 room-nights).
    pub quantity: i64,
    /// The price of one unit as decimal text in `currency` ("145.50"). Kept as text here so a
    /// mistyped amount reaches validation and gets a message naming it; stored as an integer
    /// number of the currency's minor units.
    pub unit_amount: String,
    /// ISO 4217 code.
    pub currency: String,
    pub stage: CostStage,
    /// Who pays: free text ("Network", "Host member", a donor's name).
    pub funder: String,
    /// When the cost arises or was paid; required for an actual. Chooses the exchange rate.
    pub cost_date: Option<NaiveDate>,
    /// Receipt number, invoice or other reference.
    pub reference: String,
    /// The member whose own budget pays the line (the host's venue, a visiting member's
    /// fares); `None` when the network or the funder named in `funder` pays.
    pub paid_by_member_id: Option<String>,
}

impl Default for CostLineData {
    fn default() -> Self {
        CostLineData {
            exchange_id: String::new(),
            category: CostCategory::Other,
            description: String::new(),
            participant_id: None,
            quantity: 1,
            unit_amount: String::new(),
            currency: String::new(),
            stage: CostStage::Estimate,
            funder: String::new(),
            cost_date: None,
            reference: String::new(),
            paid_by_member_id: None,
        }
    }
}

/// A dated exchange rate entered by the officer: one `from_currency` is worth `rate`
/// `to_currency` from `rate_date` until a later rate of the same pair. Used both ways.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExchangeRateData {
    /// Required; optional here only so a form can send an empty date and get a clear error.
    pub rate_date: Option<NaiveDate>,
    pub from_currency: String,
    pub to_currency: String,
    /// Decimal text ("1.0842"), never a float.
    pub rate: String,
    /// Where the rate came from ("Central bank, 2 Jan").
    pub source: String,
}

/// One place of the per-diem / rate table: what a night and a day cost there, and what a
/// return fare from there typically costs, from `valid_from` until a newer entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateTableEntryData {
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// Empty: the whole country (used where no city entry matches).
    pub city: String,
    /// Required; optional here only so a form can send an empty date and get a clear error.
    pub valid_from: Option<NaiveDate>,
    pub currency: String,
    /// Decimal text in `currency`, like a cost line's unit amount.
    pub nightly_accommodation: String,
    pub daily_subsistence: String,
    /// A typical international return fare for a traveller coming *from* this place; empty
    /// when unknown. "Estimate from delegation" uses the traveller's origin's fare.
    pub return_fare: String,
    pub note: String,
}

/// An exchange's fixed budget rate: its lines in `currency` are converted at this rate into
/// `to_currency` whatever their dates. The row's id derives from the exchange and the pair,
/// so two copies that each set it hold one row, merged field by field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetRateData {
    pub exchange_id: String,
    pub currency: String,
    pub to_currency: String,
    pub rate: String,
}

pub type CostLine = Record<CostLineData>;
pub type ExchangeRate = Record<ExchangeRateData>;
pub type RateTableEntry = Record<RateTableEntryData>;
pub type BudgetRate = Record<BudgetRateData>;
