//! The commands the UI calls (docs/IPC.md). Each one is thin: it takes the shared
//! [`AppState`], runs one core call through [`with_store`] (off the UI thread) and rejects
//! with a [`CommandError`]. Argument names are snake_case on the wire, like the records.

use chrono::NaiveDate;
use peerplan_i18n::Lang;
use serde::Serialize;
use tauri::State;

use peerplan_core::agenda::{self, AgendaView};
use peerplan_core::costs::{self, Budget, BudgetFilter, DelegationEstimate, ExchangeCosts};
use peerplan_core::countries::{self, Country};
use peerplan_core::demo::{self, DemoCounts};
use peerplan_core::model::*;
use peerplan_core::money::{self, Currency};
use peerplan_core::queries::{self, Counts, ExchangeQuery, Page, PartnershipQuery, PeopleQuery};
use peerplan_core::reflection;
use peerplan_core::signals::{self, FollowUpDashboard, PartnershipSignals};
use peerplan_core::store::{records, SavedAnswer};
use peerplan_core::Saved;

use crate::error::CommandError;
use crate::state::{with_reader, with_store, AppState};

type Reply<T> = Result<T, CommandError>;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// How a date field reads what the officer typed, in the field's `order` (docs/IPC.md).
#[tauri::command]
pub fn read_date(
    text: String,
    order: peerplan_core::typed::DateOrder,
) -> peerplan_core::typed::Reading {
    let mut reading = peerplan_core::typed::reading_of_date(&text, order);
    // The date in words in the officer's language ("mardi 9 mars 2027").
    if let Some(date) = reading
        .value
        .as_deref()
        .and_then(|v| v.parse::<NaiveDate>().ok())
    {
        use chrono::Datelike;
        reading.words = peerplan_i18n::weekday_date(
            crate::language::current(),
            date.year(),
            date.month(),
            date.day(),
            date.weekday().number_from_monday(),
        );
    }
    reading
}

/// Every text field's limit in characters, by record then field (docs/IPC.md): the forms
/// show them as the officer nears them; the saves enforce the same list.
#[tauri::command]
pub fn text_limits(
) -> std::collections::BTreeMap<&'static str, std::collections::BTreeMap<&'static str, usize>> {
    let mut limits = std::collections::BTreeMap::<_, std::collections::BTreeMap<_, _>>::new();
    for (record, field, limit) in peerplan_core::validate::TEXT_LIMITS {
        limits.entry(*record).or_default().insert(*field, *limit);
    }
    limits
}

/// The time zone an exchange's venue keeps, from its country and city, and why (docs/IPC.md);
/// `null` for an unknown country.
#[tauri::command(rename_all = "snake_case")]
pub fn venue_zone(country_code: String, city: String) -> Option<countries::ZoneGuess> {
    let code = country_code.trim().to_uppercase();
    let mut guess = countries::venue_zone(&code, &city)?;
    // The reason in the officer's language, the country named in it.
    let lang = crate::language::current();
    let country = countries::name_in(&code, lang.code())
        .unwrap_or(&code)
        .to_string();
    let key = match (guess.basis, guess.city.is_empty()) {
        ("one_zone", _) => "zone.one_zone",
        ("city", _) => "zone.city",
        (_, true) => "zone.several_no_city",
        _ => "zone.several",
    };
    guess.reason = peerplan_i18n::t(
        lang,
        key,
        &[("country", country), ("city", guess.city.clone())],
    );
    Some(guess)
}

/// How a time field reads what the officer typed ("0830", "8:30 pm").
#[tauri::command]
pub fn read_time(text: String) -> peerplan_core::typed::Reading {
    peerplan_core::typed::reading_of_time(&text)
}

/// What `app_info` resolves to.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: String,
    /// The git commit the app was built from (short hash; "unknown" when built without git).
    pub commit: &'static str,
    /// The database schema this build reads and writes (the store's `user_version`).
    pub schema_version: i64,
    pub database_path: String,
    pub data_dir: String,
    pub installation_id: String,
    pub installation_name: String,
    /// False until the officer has chosen the name colleagues see (the UI asks on first start).
    pub installation_named: bool,
    pub counts: Counts,
    /// True when the database holds no live record at all (the UI then offers a first step).
    pub is_empty: bool,
    /// Conflicts from merges the officer has not answered yet (the sidebar's badge).
    pub open_conflicts: i64,
}

#[tauri::command]
pub async fn app_info(app: tauri::AppHandle, state: State<'_, AppState>) -> Reply<AppInfo> {
    let (installation_id, installation_name, installation_named, counts, open_conflicts) =
        with_reader(&state, |store| {
            let counts = queries::counts(store.conn())?;
            Ok((
                store.installation_id().to_string(),
                store.installation_name()?,
                store.installation_named()?,
                counts,
                peerplan_core::sync::conflicts::open_count(store)?,
            ))
        })
        .await?;
    let is_empty = counts == Counts::default();
    Ok(AppInfo {
        version: app.package_info().version.to_string(),
        commit: env!("PEERPLAN_GIT_COMMIT"),
        schema_version: peerplan_core::store::SCHEMA_VERSION,
        database_path: state.database_path.display().to_string(),
        data_dir: state.data_dir.display().to_string(),
        installation_id,
        installation_name,
        installation_named,
        counts,
        is_empty,
        open_conflicts,
    })
}

/// The UI reports how far start-up got (`first-page`: the first page is painted). With
/// PEERPLAN_STARTUP_TRACE set the shell writes it to stderr, where the start-up benchmark
/// (`desktop-bench`) times it from process start. At `first-page` the UI follows the shell's
/// events, so a file handed over while it started is opened then (`open_file`).
#[tauri::command]
pub fn startup_mark(app: tauri::AppHandle, stage: String) {
    if std::env::var_os("PEERPLAN_STARTUP_TRACE").is_some() {
        eprintln!("peerplan-startup {stage}");
    }
    if stage == "first-page" {
        crate::open_file::ui_ready(&app);
    }
}

#[derive(Debug, Serialize)]
pub struct Choice {
    value: &'static str,
    label: String,
}

#[derive(Debug, Serialize)]
pub struct Enums {
    partnership_kind: Vec<Choice>,
    partnership_status: Vec<Choice>,
    member_level: Vec<Choice>,
    exchange_format: Vec<Choice>,
    exchange_status: Vec<Choice>,
    participant_role: Vec<Choice>,
    attendance: Vec<Choice>,
    contact_channel: Vec<Choice>,
    action_status: Vec<Choice>,
    contact_direction: Vec<Choice>,
    reflection_status: Vec<Choice>,
    learning_kind: Vec<Choice>,
    session_kind: Vec<Choice>,
    agenda_language: Vec<Choice>,
    paper_size: Vec<Choice>,
    cost_category: Vec<Choice>,
    cost_stage: Vec<Choice>,
}

/// An enum's values with their labels in the app's language (`enum.<name>.<value>` in the
/// catalog; the core's English label when a catalog lacks one).
macro_rules! choices {
    ($t:ty, $name:literal, $lang:expr) => {
        <$t>::ALL
            .iter()
            .map(|v| Choice {
                value: v.as_str(),
                label: enum_label($lang, $name, v.as_str(), v.label()),
            })
            .collect()
    };
}

fn enum_label(lang: Lang, name: &str, value: &str, english: &str) -> String {
    // i18n-dynamic: enum.
    let key = format!("enum.{name}.{value}");
    if peerplan_i18n::has(lang, &key) {
        peerplan_i18n::t(lang, &key, &[])
    } else {
        english.to_string()
    }
}

/// Every allowed value of every closed field, with the label the UI shows.
#[tauri::command]
pub fn enums() -> Enums {
    let lang = crate::language::current();
    Enums {
        partnership_kind: choices!(PartnershipKind, "partnership_kind", lang),
        partnership_status: choices!(PartnershipStatus, "partnership_status", lang),
        member_level: choices!(MemberLevel, "member_level", lang),
        exchange_format: choices!(ExchangeFormat, "exchange_format", lang),
        exchange_status: choices!(ExchangeStatus, "exchange_status", lang),
        participant_role: choices!(ParticipantRole, "participant_role", lang),
        attendance: choices!(Attendance, "attendance", lang),
        contact_channel: choices!(ContactChannel, "contact_channel", lang),
        action_status: choices!(ActionStatus, "action_status", lang),
        contact_direction: choices!(ContactDirection, "contact_direction", lang),
        reflection_status: choices!(ReflectionStatus, "reflection_status", lang),
        learning_kind: choices!(LearningKind, "learning_kind", lang),
        session_kind: choices!(SessionKind, "session_kind", lang),
        agenda_language: choices!(AgendaLanguage, "agenda_language", lang),
        paper_size: choices!(PaperSize, "paper_size", lang),
        cost_category: choices!(CostCategory, "cost_category", lang),
        cost_stage: choices!(CostStage, "cost_stage", lang),
    }
}

/// A country as the UI lists it: its name in the app's language.
#[derive(Debug, Serialize)]
pub struct CountryChoice {
    code: &'static str,
    alpha3: &'static str,
    name: &'static str,
    time_zone: &'static str,
}

/// Every country, named and sorted in the app's language ("Égypte" with the E's).
#[tauri::command]
pub fn list_countries() -> Vec<CountryChoice> {
    let lang = crate::language::current();
    let mut list: Vec<CountryChoice> = countries::all()
        .iter()
        .map(|c: &Country| CountryChoice {
            code: c.code,
            alpha3: c.alpha3,
            name: countries::name_in(c.code, lang.code()).unwrap_or(c.name),
            time_zone: c.time_zone,
        })
        .collect();
    peerplan_i18n::sort_by_name(lang, &mut list, |c| c.name);
    list
}

// ---- partnerships ----------------------------------------------------------------------

#[tauri::command]
pub async fn list_partnerships(
    state: State<'_, AppState>,
    query: PartnershipQuery,
) -> Reply<Page<queries::PartnershipSummary>> {
    with_reader(&state, move |s| {
        queries::list_partnerships(s.conn(), &query, today())
    })
    .await
}

#[tauri::command]
pub async fn get_partnership(
    state: State<'_, AppState>,
    id: String,
) -> Reply<queries::PartnershipDetail> {
    with_reader(&state, move |s| queries::partnership_detail(s, &id)).await
}

#[tauri::command]
pub async fn save_partnership(
    state: State<'_, AppState>,
    id: Option<String>,
    data: PartnershipData,
) -> Reply<Saved<PartnershipData>> {
    with_store(&state, move |s| s.save_partnership(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn set_partnership_archived(
    state: State<'_, AppState>,
    id: String,
    archived: bool,
) -> Reply<Partnership> {
    with_store(&state, move |s| s.set_partnership_archived(&id, archived)).await
}

#[tauri::command]
pub async fn delete_partnership(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_partnership(&id)).await
}

#[tauri::command]
pub async fn save_member(
    state: State<'_, AppState>,
    id: Option<String>,
    data: MemberData,
) -> Reply<Saved<MemberData>> {
    with_store(&state, move |s| s.save_member(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_member(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_member(&id)).await
}

#[tauri::command]
pub async fn save_goal(
    state: State<'_, AppState>,
    id: Option<String>,
    data: GoalData,
) -> Reply<Saved<GoalData>> {
    with_store(&state, move |s| s.save_goal(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_goal(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_goal(&id)).await
}

// ---- exchanges and participants ----------------------------------------------------------

#[tauri::command]
pub async fn list_exchanges(
    state: State<'_, AppState>,
    query: ExchangeQuery,
) -> Reply<Page<queries::ExchangeSummary>> {
    with_reader(&state, move |s| {
        queries::list_exchanges(s.conn(), &query, today())
    })
    .await
}

#[tauri::command]
pub async fn get_exchange(
    state: State<'_, AppState>,
    id: String,
) -> Reply<queries::ExchangeDetail> {
    with_reader(&state, move |s| queries::exchange_detail(s, &id)).await
}

#[tauri::command]
pub async fn save_exchange(
    state: State<'_, AppState>,
    id: Option<String>,
    data: ExchangeData,
) -> Reply<Saved<ExchangeData>> {
    with_store(&state, move |s| s.save_exchange(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_exchange(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_exchange(&id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_participant(
    state: State<'_, AppState>,
    id: Option<String>,
    data: ParticipantData,
    new_person: Option<PersonData>,
) -> Reply<Saved<ParticipantData>> {
    with_store(&state, move |s| {
        s.save_participant(id.as_deref(), data, new_person)
    })
    .await
}

/// What `set_attendance` resolves to.
#[derive(Debug, Serialize)]
pub struct AttendanceSet {
    pub changed: usize,
    pub warnings: Vec<peerplan_core::validate::Issue>,
}

/// Sets the attendance of many participants at once (docs/IPC.md): `member_id` "" for the
/// people of no member, absent for everyone; `only_from` to change only those with that
/// attendance now.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_attendance(
    state: State<'_, AppState>,
    exchange_id: String,
    member_id: Option<String>,
    only_from: Option<Attendance>,
    to: Attendance,
) -> Reply<AttendanceSet> {
    with_store(&state, move |s| {
        let member = member_id
            .as_deref()
            .map(|m| if m.is_empty() { None } else { Some(m) });
        let (changed, warnings) = s.set_attendance(&exchange_id, member, only_from, to)?;
        Ok(AttendanceSet { changed, warnings })
    })
    .await
}

#[tauri::command]
pub async fn delete_participant(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_participant(&id)).await
}

// ---- people ------------------------------------------------------------------------------

#[tauri::command]
pub async fn list_people(
    state: State<'_, AppState>,
    query: PeopleQuery,
) -> Reply<Page<queries::PersonSummary>> {
    with_reader(&state, move |s| queries::list_people(s.conn(), &query)).await
}

#[tauri::command]
pub async fn get_person(state: State<'_, AppState>, id: String) -> Reply<queries::PersonDetail> {
    with_reader(&state, move |s| queries::person_detail(s, &id)).await
}

#[tauri::command]
pub async fn save_person(
    state: State<'_, AppState>,
    id: Option<String>,
    data: PersonData,
) -> Reply<Saved<PersonData>> {
    with_store(&state, move |s| s.save_person(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_person(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_person(&id)).await
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, text: String) -> Reply<queries::SearchResults> {
    with_reader(&state, move |s| queries::search(s.conn(), &text, today())).await
}

// ---- settings ----------------------------------------------------------------------------

#[derive(Debug, Serialize)]
pub struct Settings {
    norms: Norms,
    installation_name: String,
    data_dir: String,
    database_path: String,
}

async fn read_settings(state: &AppState) -> Reply<Settings> {
    let (norms, installation_name) =
        with_reader(state, |s| Ok((s.norms()?, s.installation_name()?))).await?;
    Ok(Settings {
        norms,
        installation_name,
        data_dir: state.data_dir.display().to_string(),
        database_path: state.database_path.display().to_string(),
    })
}

/// The name colleagues see for this installation (asked on first start); a bad name is
/// `invalid` on field `installation_name`.
#[tauri::command]
pub async fn set_installation_name(state: State<'_, AppState>, name: String) -> Reply<String> {
    with_store(&state, move |s| {
        s.set_installation_name(&name)?;
        s.installation_name()
    })
    .await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Reply<Settings> {
    read_settings(&state).await
}

/// Saves the norms and the installation name together: both or neither.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_settings(
    state: State<'_, AppState>,
    norms: Norms,
    installation_name: String,
) -> Reply<Settings> {
    with_store(&state, move |s| s.save_settings(&norms, &installation_name)).await?;
    read_settings(&state).await
}

/// Loads the example portfolio: straight away into an empty database, otherwise only with
/// `confirm` (the officer said yes to mixing it into their data).
#[tauri::command]
pub async fn load_example_data(state: State<'_, AppState>, confirm: bool) -> Reply<DemoCounts> {
    with_store(&state, move |s| {
        let existing = queries::counts(s.conn())?.partnerships;
        if existing > 0 && !confirm {
            return Err(peerplan_core::Error::Conflict(format!(
                "this database already holds {existing} partnership(s); confirm to add the example portfolio beside them"
            )));
        }
        demo::load(s)
    })
    .await
}

// ---- follow-up: plans, contacts, reflection, learning log, signals (issue 7) -------------

#[tauri::command]
pub async fn save_follow_up_action(
    state: State<'_, AppState>,
    id: Option<String>,
    data: FollowUpActionData,
) -> Reply<Saved<FollowUpActionData>> {
    with_store(&state, move |s| {
        s.save_follow_up_action(id.as_deref(), data)
    })
    .await
}

#[tauri::command]
pub async fn delete_follow_up_action(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_follow_up_action(&id)).await
}

#[tauri::command]
pub async fn save_contact(
    state: State<'_, AppState>,
    id: Option<String>,
    data: ContactData,
) -> Reply<Saved<ContactData>> {
    with_store(&state, move |s| s.save_contact(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_contact(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_contact(&id)).await
}

/// Saves an answer and, in the same transaction, the actions it leads to.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_reflection_answer(
    state: State<'_, AppState>,
    id: Option<String>,
    data: ReflectionAnswerData,
    new_actions: Option<Vec<FollowUpActionData>>,
) -> Reply<SavedAnswer> {
    with_store(&state, move |s| {
        s.save_reflection_answer(id.as_deref(), data, new_actions.unwrap_or_default())
    })
    .await
}

#[tauri::command]
pub async fn delete_reflection_answer(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_reflection_answer(&id)).await
}

#[tauri::command]
pub async fn save_learning_entry(
    state: State<'_, AppState>,
    id: Option<String>,
    data: LearningEntryData,
) -> Reply<Saved<LearningEntryData>> {
    with_store(&state, move |s| s.save_learning_entry(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_learning_entry(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_learning_entry(&id)).await
}

/// What `get_follow_up` resolves to: a partnership's plan, contact log, reflection answers,
/// learning log and signals, as of today.
#[derive(Debug, Serialize)]
pub struct FollowUp {
    signals: PartnershipSignals,
    /// Undated last, then by due date.
    actions: Vec<FollowUpAction>,
    /// Newest first.
    contacts: Vec<Contact>,
    answers: Vec<ReflectionAnswer>,
    /// Newest first.
    learning: Vec<LearningEntry>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_follow_up(state: State<'_, AppState>, partnership_id: String) -> Reply<FollowUp> {
    with_reader(&state, move |s| {
        let signals = signals::partnership_signals(s, &partnership_id, today())?;
        let only = "t.partnership_id = ?1";
        let conn = s.conn();
        Ok(FollowUp {
            signals,
            actions: records::list(
                conn,
                only,
                &[&partnership_id],
                "t.due_date IS NULL, t.due_date, t.id",
            )?,
            contacts: records::list(
                conn,
                only,
                &[&partnership_id],
                "t.contact_date DESC, t.id DESC",
            )?,
            answers: records::list(conn, only, &[&partnership_id], "t.question_key, t.id")?,
            learning: records::list(
                conn,
                only,
                &[&partnership_id],
                "t.entry_date DESC, t.id DESC",
            )?,
        })
    })
    .await
}

#[tauri::command]
pub async fn follow_up_dashboard(state: State<'_, AppState>) -> Reply<FollowUpDashboard> {
    with_reader(&state, move |s| signals::dashboard(s, today())).await
}

/// The stage-C reflection questions, under their three headings.
#[tauri::command]
pub fn reflection_questions() -> &'static [reflection::Heading] {
    reflection::HEADINGS
}

#[tauri::command]
pub async fn get_signal_norms(state: State<'_, AppState>) -> Reply<SignalNorms> {
    with_reader(&state, |s| s.signal_norms()).await
}

#[tauri::command]
pub async fn save_signal_norms(
    state: State<'_, AppState>,
    norms: SignalNorms,
) -> Reply<SignalNorms> {
    with_store(&state, move |s| {
        s.set_signal_norms(&norms)?;
        s.signal_norms()
    })
    .await
}

// ---- agendas (issue 5) -----------------------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub async fn get_agenda(state: State<'_, AppState>, exchange_id: String) -> Reply<AgendaView> {
    with_reader(&state, move |s| agenda::view(s, &exchange_id)).await
}

/// The printable agenda (document and labels in its language), for the print view.
#[tauri::command(rename_all = "snake_case")]
pub async fn get_agenda_document(
    state: State<'_, AppState>,
    exchange_id: String,
) -> Reply<peerplan_core::export::agenda::PrintableAgenda> {
    with_reader(&state, move |s| {
        agenda::document(s, &exchange_id).map(peerplan_core::export::agenda::printable)
    })
    .await
}

#[tauri::command]
pub async fn save_agenda_day(
    state: State<'_, AppState>,
    id: Option<String>,
    data: AgendaDayData,
) -> Reply<Saved<AgendaDayData>> {
    with_store(&state, move |s| s.save_agenda_day(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_agenda_day(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_agenda_day(&id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_agenda_session(
    state: State<'_, AppState>,
    id: Option<String>,
    data: AgendaSessionData,
    shift_following: bool,
) -> Reply<Saved<AgendaSessionData>> {
    with_store(&state, move |s| {
        s.save_agenda_session(id.as_deref(), data, shift_following)
    })
    .await
}

#[tauri::command]
pub async fn delete_agenda_session(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_agenda_session(&id)).await
}

#[tauri::command]
pub async fn duplicate_agenda_session(
    state: State<'_, AppState>,
    id: String,
) -> Reply<AgendaSession> {
    with_store(&state, move |s| s.duplicate_agenda_session(&id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn move_agenda_session(
    state: State<'_, AppState>,
    id: String,
    day_id: String,
    position: usize,
    shift_times: bool,
) -> Reply<()> {
    with_store(&state, move |s| {
        s.move_agenda_session(&id, &day_id, position, shift_times)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_agenda_settings(
    state: State<'_, AppState>,
    exchange_id: String,
    data: AgendaSettingsData,
) -> Reply<AgendaSettingsData> {
    with_store(&state, move |s| s.save_agenda_settings(&exchange_id, data)).await
}

#[tauri::command]
pub async fn list_agenda_templates(state: State<'_, AppState>) -> Reply<Vec<AgendaTemplate>> {
    with_reader(&state, |s| s.agenda_templates()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_agenda_as_template(
    state: State<'_, AppState>,
    exchange_id: String,
    name: String,
    description: String,
) -> Reply<AgendaTemplate> {
    with_store(&state, move |s| {
        s.save_agenda_as_template(&exchange_id, &name, &description)
    })
    .await
}

#[tauri::command]
pub async fn delete_agenda_template(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_agenda_template(&id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn apply_agenda_template(
    state: State<'_, AppState>,
    template_id: String,
    exchange_id: String,
    first_day: Option<NaiveDate>,
) -> Reply<usize> {
    with_store(&state, move |s| {
        s.apply_agenda_template(&template_id, &exchange_id, first_day)
    })
    .await
}

// ---- costs (issue 6) --------------------------------------------------------------------

/// The ISO 4217 currencies with their minor units, for currency pickers.
#[tauri::command]
pub fn list_currencies() -> Vec<Currency> {
    // Named in the app's language ("dollar des États-Unis"), from iso-codes' translations.
    let lang = crate::language::current();
    money::currencies()
        .iter()
        .map(|c| Currency {
            code: c.code,
            minor_units: c.minor_units,
            name: money::currency_name_in(c.code, lang.code()).unwrap_or(c.name),
        })
        .collect()
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_exchange_costs(
    state: State<'_, AppState>,
    exchange_id: String,
) -> Reply<ExchangeCosts> {
    with_reader(&state, move |s| costs::exchange_costs(s, &exchange_id)).await
}

#[tauri::command]
pub async fn save_cost_line(
    state: State<'_, AppState>,
    id: Option<String>,
    data: CostLineData,
) -> Reply<Saved<CostLineData>> {
    with_store(&state, move |s| s.save_cost_line(id.as_deref(), data)).await
}

/// Saves several new lines at once (the reviewed "estimate from delegation"): all or none.
#[tauri::command]
pub async fn save_cost_lines(
    state: State<'_, AppState>,
    lines: Vec<CostLineData>,
) -> Reply<Vec<CostLine>> {
    with_store(&state, move |s| s.save_cost_lines(lines)).await
}

#[tauri::command]
pub async fn delete_cost_line(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_cost_line(&id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn estimate_from_delegation(
    state: State<'_, AppState>,
    exchange_id: String,
) -> Reply<DelegationEstimate> {
    with_reader(&state, move |s| {
        costs::estimate_from_delegation(s, &exchange_id)
    })
    .await
}

/// Sets, or with `rate` null clears, an exchange's fixed budget rate for one currency.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_budget_rate(
    state: State<'_, AppState>,
    exchange_id: String,
    currency: String,
    rate: Option<String>,
) -> Reply<Option<BudgetRate>> {
    with_store(&state, move |s| {
        s.set_budget_rate(&exchange_id, &currency, rate.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn get_budget(state: State<'_, AppState>, filter: BudgetFilter) -> Reply<Budget> {
    with_reader(&state, move |s| costs::budget(s, &filter)).await
}

#[tauri::command]
pub async fn list_funders(state: State<'_, AppState>) -> Reply<Vec<String>> {
    with_reader(&state, |s| costs::funder_suggestions(s)).await
}

/// The rates the officer entered, the rate table and the reporting currency.
#[derive(Debug, Serialize)]
pub struct Rates {
    pub reporting_currency: String,
    pub exchange_rates: Vec<ExchangeRate>,
    pub rate_table: Vec<RateTableEntry>,
}

#[tauri::command]
pub async fn get_rates(state: State<'_, AppState>) -> Reply<Rates> {
    with_reader(&state, |s| {
        Ok(Rates {
            reporting_currency: s.reporting_currency()?,
            exchange_rates: costs::list_exchange_rates(s)?,
            rate_table: costs::list_rate_table(s)?,
        })
    })
    .await
}

#[tauri::command]
pub async fn set_reporting_currency(state: State<'_, AppState>, code: String) -> Reply<String> {
    with_store(&state, move |s| {
        s.set_reporting_currency(&code)?;
        s.reporting_currency()
    })
    .await
}

#[tauri::command]
pub async fn save_exchange_rate(
    state: State<'_, AppState>,
    id: Option<String>,
    data: ExchangeRateData,
) -> Reply<Saved<ExchangeRateData>> {
    with_store(&state, move |s| s.save_exchange_rate(id.as_deref(), data)).await
}

#[tauri::command]
pub async fn delete_exchange_rate(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_exchange_rate(&id)).await
}

#[tauri::command]
pub async fn save_rate_table_entry(
    state: State<'_, AppState>,
    id: Option<String>,
    data: RateTableEntryData,
) -> Reply<Saved<RateTableEntryData>> {
    with_store(&state, move |s| {
        s.save_rate_table_entry(id.as_deref(), data)
    })
    .await
}

#[tauri::command]
pub async fn delete_rate_table_entry(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store(&state, move |s| s.delete_rate_table_entry(&id)).await
}
