// The only module that talks to the Rust shell. One async function per command of
// docs/IPC.md; argument keys are snake_case exactly as the contract names them.
// Every rejection is normalised into an ApiError, so views only ever handle one shape.

/**
 * @typedef {{field: string, message: string}} FieldError
 * @typedef {{severity?: 'error'|'warning', field: string, code?: string, message: string}} Issue
 * @typedef {{id: string, created_at: string, updated_at: string, version: string, deleted_at: string|null}} RecordMeta
 *
 * @typedef {{title: string, kind: string, topic: string, priorities: string, status: string,
 *   requested_by: string, learning_interest: string, start_date: string|null, end_date: string|null,
 *   officer: string, advisor: string, notes: string, archived: boolean}} PartnershipData
 * @typedef {{partnership_id: string, country_code: string, level: string, name: string,
 *   focal_point_id: string|null, role: string}} MemberData
 * @typedef {{partnership_id: string, text: string, proposed_by_member_id: string|null}} GoalData
 * @typedef {{name: string, organisation: string, position: string, country_code: string|null,
 *   email: string, phone: string, notes: string}} PersonData
 * @typedef {{partnership_id: string, title: string, format: string, host_member_id: string|null,
 *   venue: string, city: string, country_code: string|null, start_date: string|null,
 *   end_date: string|null, time_zone: string, objectives: string, status: string}} ExchangeData
 * @typedef {{exchange_id: string, person_id: string, member_id: string|null, role: string,
 *   attendance: string}} ParticipantData
 * @typedef {{exchange_size_min: number, exchange_size_max: number, delegation_max: number,
 *   peer_learning_members_min: number, peer_learning_members_max: number,
 *   alliance_size_min: number, alliance_size_max: number, alliance_delegation_max: number,
 *   city_size_min: number, city_size_max: number, city_delegation_max: number,
 *   other_size_min: number, other_size_max: number, other_delegation_max: number}} Norms
 * The `exchange_size_*` and `delegation_max` norms are 1:1 peer learning's and twinnings';
 * an exchange's detail carries them already resolved for its kind of partnership.
 *
 * @typedef {RecordMeta & PartnershipData} Partnership
 * @typedef {RecordMeta & MemberData & {label: string}} Member
 * @typedef {RecordMeta & GoalData & {proposed_by_label: string}} Goal
 * @typedef {RecordMeta & PersonData} Person
 * @typedef {RecordMeta & ExchangeData} Exchange
 * @typedef {RecordMeta & ParticipantData} Participant
 *
 * @typedef {{id: string, title: string, kind: string, status: string, topic: string,
 *   officer: string, archived: boolean, countries: string[], members: string[],
 *   exchange_count: number, next_exchange: {id: string, title: string, start_date: string|null}|null,
 *   updated_at: string}} PartnershipSummary
 * @typedef {{id: string, title: string, partnership_id: string, partnership_title: string,
 *   format: string, status: string, start_date: string|null, end_date: string|null, city: string,
 *   country_code: string|null, participant_count: number}} ExchangeSummary
 * @typedef {{id: string, name: string, organisation: string, position: string,
 *   country_code: string|null, email: string, exchange_count: number}} PersonSummary
 * @typedef {{partnership: Partnership, members: Member[], goals: Goal[],
 *   status_history: {id: string, status: string, changed_on: string, note: string}[],
 *   exchanges: ExchangeSummary[],
 *   people: {id: string, name: string, organisation: string, country_code: string|null, exchanges: number}[],
 *   warnings: Issue[]}} PartnershipDetail
 * @typedef {{exchange: Exchange, partnership: {id: string, title: string, kind: string},
 *   members: Member[], participants: {participant: Participant, person: Person, member_label: string}[],
 *   delegations: {member_id: string, label: string, count: number, is_host: boolean, over_norm: boolean}[],
 *   norms: Norms, warnings: Issue[]}} ExchangeDetail
 * @typedef {{participant_id: string, exchange_id: string, exchange_title: string,
 *   start_date: string|null, partnership_id: string, partnership_title: string, role: string,
 *   member_label: string}} Participation
 * @typedef {{id: string, title: string, subtitle: string}} SearchHit
 * @typedef {{norms: Norms, installation_name: string, data_dir: string, database_path: string}} Settings
 * @typedef {{value: string, label: string}} EnumValue
 * @typedef {Record<'partnership_kind'|'partnership_status'|'member_level'|'exchange_format'|
 *   'exchange_status'|'participant_role'|'attendance'|'contact_channel'|'action_status'|'contact_direction'|
 *   'reflection_status'|'learning_kind', EnumValue[]>} Enums
 * @typedef {{code: string, alpha3: string, name: string}} Country
 */

/**
 * What a successful save resolves to: the stored record and the norm warnings.
 * @template T
 * @typedef {{record: T, warnings: Issue[]}} SaveResult
 */

/**
 * One page of a list, and how many rows the whole list has.
 * @template T
 * @typedef {{total: number, rows: T[]}} Page
 */

/** A refused command, with the core's reasons attached. */
export class ApiError extends Error {
  /**
   * @param {string} code stable code: invalid, not_found, deleted, conflict, database, io, …
   * @param {string} message
   * @param {FieldError[]} fields
   * @param {Issue[]} warnings
   */
  constructor(code, message, fields = [], warnings = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
    this.warnings = warnings;
  }
}

/**
 * Turns whatever a rejected invoke produced (the contract's object, a bare string from a
 * panic or an unknown command, a JS error) into an ApiError.
 * @param {unknown} raw
 * @returns {ApiError}
 */
export function toApiError(raw) {
  if (raw instanceof ApiError) return raw;
  if (raw && typeof raw === 'object') {
    const r = /** @type {any} */ (raw);
    return new ApiError(
      typeof r.code === 'string' ? r.code : 'unknown',
      typeof r.message === 'string' ? r.message : String(raw),
      Array.isArray(r.fields) ? r.fields : [],
      Array.isArray(r.warnings) ? r.warnings : [],
    );
  }
  return new ApiError('unknown', String(raw));
}

/** Whether the Tauri backend is present (it is not when ui/ is opened in a plain browser). */
export function backendAvailable() {
  return Boolean(/** @type {any} */ (window).__TAURI__?.core?.invoke);
}

/** Commands that change stored data (saves, deletes, archiving, the example data; not the exports, which only write files). */
const CHANGES_DATA = /^(save_(?!summary_pdf$|reminders_ics$)|delete_|set_|load_example_data$|merge_file$|sync_now$|resolve_conflict$|restore_backup$)/;

/**
 * Calls a command. After one that changed data, `peerplan:data-changed` is dispatched on
 * `window`, so what is shown outside the page (the sidebar's counts) can follow: a page
 * may add records without leaving (people created inline on an exchange, example data).
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
async function call(command, args = {}) {
  const tauri = /** @type {any} */ (window).__TAURI__;
  if (!tauri?.core?.invoke) {
    throw new ApiError('io', 'The PeerPlan backend is not available (the page was opened outside the app).');
  }
  let result;
  try {
    result = await tauri.core.invoke(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
  if (CHANGES_DATA.test(command)) window.dispatchEvent(new CustomEvent('peerplan:data-changed', { detail: { command } }));
  return result;
}

/**
 * Listens to a backend event (e.g. the native menu's `menu`).
 * @param {string} event
 * @param {(payload: any) => void} handler
 * @returns {Promise<() => void>} a function that stops listening
 */
export async function listen(event, handler) {
  const tauri = /** @type {any} */ (window).__TAURI__;
  if (!tauri?.event?.listen) return () => {};
  return tauri.event.listen(event, (/** @type {{payload: any}} */ e) => handler(e.payload));
}

// ---- application ----

/** @returns {Promise<{version: string, database_path: string, data_dir: string, installation_id: string, installation_name: string, installation_named: boolean, counts: Record<string, number>, is_empty: boolean, open_conflicts: number}>} */
export const appInfo = () => call('app_info');
/**
 * The name colleagues see for this installation in their merges and conflicts.
 * @param {string} name @returns {Promise<string>} the name as saved
 */
export const setInstallationName = (name) => call('set_installation_name', { name });
/**
 * Tells the shell that start-up reached `stage` (it logs it when PEERPLAN_STARTUP_TRACE is set).
 * @param {string} stage
 * @returns {Promise<null>}
 */
export const startupMark = (stage) => call('startup_mark', { stage });
/** @returns {Promise<Enums>} */
export const enums = () => call('enums');

/**
 * The language of the screens: the officer's choice, else the system's (Settings › Language).
 * @returns {Promise<{language: 'en'|'fr'|'es', system: string|null, chosen: boolean, available: [string, string][]}>}
 */
export const getLanguage = () => call('get_language');

/**
 * Chooses the language of the app (saved on this laptop; the menu bar is rebuilt in it).
 * @param {string} language 'en' | 'fr' | 'es'
 * @returns {Promise<string>}
 */
export const setLanguage = (language) => call('set_language', { language });
/**
 * @typedef {{value: string|null, words: string, problem: string|null}} Reading
 * @typedef {'day_first'|'month_first'|'year_first'} DateOrder
 */
/** How a date field reads `text` in `order`. @param {string} text @param {DateOrder} order @returns {Promise<Reading>} */
export const readDate = (text, order) => call('read_date', { text, order });
/** Every text field's limit in characters, by record then field. @returns {Promise<Record<string, Record<string, number>>>} */
export const textLimits = () => call('text_limits');
/**
 * The zone a venue keeps, from its country and city, and why.
 * @param {string} countryCode @param {string} city
 * @returns {Promise<{time_zone: string, reason: string, uncertain: boolean, offset: string} | null>}
 */
export const venueZone = (countryCode, city) => call('venue_zone', { country_code: countryCode, city });
/** How a time field reads `text` ("0830", "8:30 pm"). @param {string} text @returns {Promise<Reading>} */
export const readTime = (text) => call('read_time', { text });
/** @returns {Promise<Country[]>} */
export const listCountries = () => call('list_countries');

// ---- partnerships, members, goals ----

/**
 * @param {{text?: string, status?: string, kind?: string, country?: string, officer?: string,
 *   include_archived?: boolean, sort?: 'title'|'status'|'next_exchange'|'updated',
 *   descending?: boolean, offset?: number, limit?: number}} query
 * @returns {Promise<Page<PartnershipSummary>>}
 */
export const listPartnerships = (query) => call('list_partnerships', { query });
/** @param {string} id @returns {Promise<PartnershipDetail>} */
export const getPartnership = (id) => call('get_partnership', { id });
/** @param {string|null} id @param {PartnershipData} data @returns {Promise<SaveResult<Partnership>>} */
export const savePartnership = (id, data) => call('save_partnership', { id, data });
/** @param {string} id @param {boolean} archived @returns {Promise<Partnership>} */
export const setPartnershipArchived = (id, archived) => call('set_partnership_archived', { id, archived });
/** @param {string} id @returns {Promise<null>} */
export const deletePartnership = (id) => call('delete_partnership', { id });
/** @param {string|null} id @param {MemberData} data @returns {Promise<SaveResult<Member>>} */
export const saveMember = (id, data) => call('save_member', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteMember = (id) => call('delete_member', { id });
/** @param {string|null} id @param {GoalData} data @returns {Promise<SaveResult<Goal>>} */
export const saveGoal = (id, data) => call('save_goal', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteGoal = (id) => call('delete_goal', { id });

// ---- exchanges and participants ----

/**
 * @param {{when?: 'upcoming'|'past'|'all', text?: string, partnership_id?: string,
 *   offset?: number, limit?: number}} query
 * @returns {Promise<Page<ExchangeSummary>>}
 */
export const listExchanges = (query) => call('list_exchanges', { query });
/** @param {string} id @returns {Promise<ExchangeDetail>} */
export const getExchange = (id) => call('get_exchange', { id });
/** @param {string|null} id @param {ExchangeData} data @returns {Promise<SaveResult<Exchange>>} */
export const saveExchange = (id, data) => call('save_exchange', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteExchange = (id) => call('delete_exchange', { id });
/**
 * Saves a participant; with `newPerson`, the person is created first in the same transaction.
 * @param {string|null} id
 * @param {ParticipantData} data
 * @param {PersonData|null} [newPerson]
 * @returns {Promise<SaveResult<Participant>>}
 */
/**
 * Sets many participants' attendance at once: everyone (`memberId` null), the people of no
 * member (''), or one member's; only those now `onlyFrom` when given.
 * @param {string} exchangeId @param {string|null} memberId @param {string|null} onlyFrom @param {string} to
 * @returns {Promise<{changed: number, warnings: Issue[]}>}
 */
export const setAttendance = (exchangeId, memberId, onlyFrom, to) =>
  call('set_attendance', { exchange_id: exchangeId, member_id: memberId, only_from: onlyFrom, to });
export const saveParticipant = (id, data, newPerson = null) =>
  call('save_participant', newPerson ? { id, data, new_person: newPerson } : { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteParticipant = (id) => call('delete_participant', { id });

// ---- people ----

/** @param {{text?: string, offset?: number, limit?: number}} query @returns {Promise<Page<PersonSummary>>} */
export const listPeople = (query) => call('list_people', { query });
/** @param {string} id @returns {Promise<{person: Person, participations: Participation[]}>} */
export const getPerson = (id) => call('get_person', { id });
/** @param {string|null} id @param {PersonData} data @returns {Promise<SaveResult<Person>>} */
export const savePerson = (id, data) => call('save_person', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deletePerson = (id) => call('delete_person', { id });

// ---- search and settings ----

/** @param {string} text @returns {Promise<{partnerships: SearchHit[], exchanges: SearchHit[], people: SearchHit[]}>} */
export const search = (text) => call('search', { text });
/** @returns {Promise<Settings>} */
export const getSettings = () => call('get_settings');
/** @param {Norms} norms @param {string} installationName @returns {Promise<Settings>} */
export const saveSettings = (norms, installationName) =>
  call('save_settings', { norms, installation_name: installationName });
/** @param {boolean} confirm @returns {Promise<{partnerships: number, exchanges: number, people: number}>} */
export const loadExampleData = (confirm) => call('load_example_data', { confirm });

// ---- follow-up (issue 7) ----

/**
 * @typedef {{partnership_id: string, exchange_id: string|null, reflection_answer_id: string|null,
 *   what: string, owner_member_id: string|null, owner_person_id: string|null, due_date: string|null,
 *   channel: string, status: string, closed_on: string|null, outcome: string}} FollowUpActionData
 * @typedef {{partnership_id: string, contact_date: string|null, from_member_id: string,
 *   to_member_id: string, channel: string, participants: string, summary: string,
 *   direction: string}} ContactData
 * @typedef {{partnership_id: string, question_key: string, status: string, note: string}} ReflectionAnswerData
 * @typedef {{partnership_id: string, entry_date: string|null, what_changed: string,
 *   member_ids: string[], significance: string, evidence: string, kind: string}} LearningEntryData
 * @typedef {{quiet_after_days: number, one_sided_share_percent: number, one_sided_min_contacts: number}} SignalNorms
 * @typedef {RecordMeta & FollowUpActionData} FollowUpAction
 * @typedef {RecordMeta & ContactData} Contact
 * @typedef {RecordMeta & ReflectionAnswerData} ReflectionAnswer
 * @typedef {RecordMeta & LearningEntryData} LearningEntry
 * @typedef {{member_id: string, label: string, count: number, percent: number}} MemberShare
 * @typedef {{action_id: string, what: string, due_date: string, days: number, status: string,
 *   channel: string, owner: string|null}} ActionDue
 * @typedef {{days: number, since: string, basis: string, threshold_days: number}} GoingQuiet
 * @typedef {{contacts: number, one_way: number, two_way: number, top_initiator: MemberShare,
 *   initiation_over_threshold: boolean, all_one_way: boolean, threshold_percent: number,
 *   min_contacts: number}} OneSided
 * @typedef {{partnership_id: string, title: string, status: string, today: string,
 *   last_contact: string|null, days_since_last_contact: number|null,
 *   last_activity: {date: string, kind: string}|null, overdue: ActionDue[], upcoming: ActionDue[],
 *   undated_open_actions: number,
 *   next_contact: {contact_id: string, date: string, days_until: number, channel: string, from: string, to: string, summary: string}|null,
 *   next_action: ActionDue|null,
 *   mutuality: {contacts: number, two_way: number, one_way: number, initiated: MemberShare[],
 *     goals_proposed: MemberShare[], joint_goals: number, sessions_led: MemberShare[]},
 *   going_quiet: GoingQuiet|null, one_sided: OneSided|null}} PartnershipSignals
 * @typedef {{signals: PartnershipSignals, actions: FollowUpAction[], contacts: Contact[],
 *   answers: ReflectionAnswer[], learning: LearningEntry[]}} FollowUp
 * @typedef {{partnership_id: string, title: string, kind: 'action'|'contact', id: string,
 *   what: string, date: string, days_until: number, channel: string, who: string}} UpcomingRow
 * @typedef {{today: string, norms: SignalNorms,
 *   going_quiet: ({partnership_id: string, title: string, status: string} & GoingQuiet)[],
 *   overdue: ({partnership_id: string, title: string} & ActionDue)[],
 *   this_week: UpcomingRow[], this_month: UpcomingRow[],
 *   one_sided: ({partnership_id: string, title: string} & OneSided)[]}} FollowUpDashboard
 * @typedef {{key: string, title: string, questions: {key: string, text: string}[]}} ReflectionHeading
 */

/** @param {string|null} id @param {FollowUpActionData} data @returns {Promise<SaveResult<FollowUpAction>>} */
export const saveFollowUpAction = (id, data) => call('save_follow_up_action', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteFollowUpAction = (id) => call('delete_follow_up_action', { id });
/** @param {string|null} id @param {ContactData} data @returns {Promise<SaveResult<Contact>>} */
export const saveContact = (id, data) => call('save_contact', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteContact = (id) => call('delete_contact', { id });
/**
 * Saves an answer; `newActions` are created with it, in the same transaction.
 * @param {string|null} id
 * @param {ReflectionAnswerData} data
 * @param {FollowUpActionData[]} [newActions]
 * @returns {Promise<{record: ReflectionAnswer, actions: FollowUpAction[], warnings: Issue[]}>}
 */
export const saveReflectionAnswer = (id, data, newActions = []) =>
  call('save_reflection_answer', { id, data, new_actions: newActions });
/** @param {string} id @returns {Promise<null>} */
export const deleteReflectionAnswer = (id) => call('delete_reflection_answer', { id });
/** @param {string|null} id @param {LearningEntryData} data @returns {Promise<SaveResult<LearningEntry>>} */
export const saveLearningEntry = (id, data) => call('save_learning_entry', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteLearningEntry = (id) => call('delete_learning_entry', { id });
/** @param {string} partnershipId @returns {Promise<FollowUp>} */
export const getFollowUp = (partnershipId) => call('get_follow_up', { partnership_id: partnershipId });
/** @returns {Promise<FollowUpDashboard>} */
export const followUpDashboard = () => call('follow_up_dashboard');
/** @returns {Promise<ReflectionHeading[]>} */
export const reflectionQuestions = () => call('reflection_questions');
/** @returns {Promise<SignalNorms>} */
export const getSignalNorms = () => call('get_signal_norms');
/** @param {SignalNorms} norms @returns {Promise<SignalNorms>} */
export const saveSignalNorms = (norms) => call('save_signal_norms', { norms });

// ---- exports (issue 7) ----

/**
 * Asks where to save (a native dialog) and writes the partnership's one-page summary PDF there.
 * `path` skips the dialog (tests). Resolves to the path written, or null when cancelled.
 * @param {string} partnershipId
 * @param {boolean} letter US Letter instead of A4
 * @param {string|null} [path]
 * @param {string|null} [lang] the document's language ('en'|'fr'|'es'); the app's by default
 * @returns {Promise<string|null>}
 */
export const saveSummaryPdf = (partnershipId, letter, path = null, lang = null) =>
  call('save_summary_pdf', { partnership_id: partnershipId, letter, path, lang });
/**
 * Asks where to save and writes the reminders (open actions with a due date) as an ICS file:
 * of one partnership, or of the whole portfolio when `partnershipId` is null. Resolves to the
 * path written, or null when cancelled.
 * @param {string|null} partnershipId
 * @param {string|null} [path]
 * @returns {Promise<string|null>}
 */
export const saveRemindersIcs = (partnershipId, path = null) =>
  call('save_reminders_ics', { partnership_id: partnershipId, path });

// ---- agendas (issue 5) ----

/**
 * @typedef {{exchange_id: string, day_date: string|null, title: string}} AgendaDayData
 * @typedef {{exchange_id: string, day_id: string, position: number, start_time: string,
 *   end_time: string, title: string, kind: string, description: string,
 *   lead_member_id: string|null, co_lead_member_ids: string[], presenter_ids: string[], location: string, link: string}} AgendaSessionData
 * @typedef {AgendaSessionData & {id: string, version: string}} AgendaSession
 * @typedef {{language: 'en'|'fr'|'es', paper: 'a4'|'letter', include_participants: boolean}} AgendaSettings
 * @typedef {{member_id: string, label: string, time_zone: string, start: string, end: string, day_offset: number}} LocalTime
 * @typedef {AgendaSession & {minutes: number, lead_label: string|null, presenter_names: string[],
 *   local_times: LocalTime[]}} SessionView
 * @typedef {AgendaDayData & {id: string, number: number, sessions: SessionView[], span_minutes: number}} AgendaDayView
 * @typedef {{day_id: string|null, session_id: string|null, code: string, message: string}} AgendaWarning
 * @typedef {{member_id: string|null, label: string, sessions: number, minutes: number,
 *   session_share: number, minute_share: number}} BalanceRow
 * @typedef {{exchange: Exchange, partnership_id: string, partnership_title: string,
 *   settings: AgendaSettings, members: {id: string, label: string, time_zone: string}[],
 *   participants: {person_id: string, name: string, member_id: string|null, member_label: string}[],
 *   days: AgendaDayView[], warnings: AgendaWarning[],
 *   balance: {rows: BalanceRow[], sessions: number, minutes: number}, show_local_times: boolean}} AgendaView
 * @typedef {{id: string, name: string, description: string, days: {title: string, sessions: object[]}[]}} AgendaTemplate
 */

/** @param {string} exchangeId @returns {Promise<AgendaView>} */
export const getAgenda = (exchangeId) => call('get_agenda', { exchange_id: exchangeId });
/** @param {string|null} id @param {AgendaDayData} data @returns {Promise<SaveResult<any>>} */
export const saveAgendaDay = (id, data) => call('save_agenda_day', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteAgendaDay = (id) => call('delete_agenda_day', { id });
/**
 * Saves a session; with `shiftFollowing`, a changed end time moves the day's later sessions.
 * @param {string|null} id @param {AgendaSessionData} data @param {boolean} shiftFollowing
 * @returns {Promise<SaveResult<AgendaSession>>}
 */
export const saveAgendaSession = (id, data, shiftFollowing) =>
  call('save_agenda_session', { id, data, shift_following: shiftFollowing });
/** @param {string} id @returns {Promise<null>} */
export const deleteAgendaSession = (id) => call('delete_agenda_session', { id });
/** @param {string} id @returns {Promise<AgendaSession>} */
export const duplicateAgendaSession = (id) => call('duplicate_agenda_session', { id });
/**
 * Moves a session to `position` (0-based) in a day; with `shiftTimes` the days are reflowed.
 * @param {string} id @param {string} dayId @param {number} position @param {boolean} shiftTimes
 * @returns {Promise<null>}
 */
export const moveAgendaSession = (id, dayId, position, shiftTimes) =>
  call('move_agenda_session', { id, day_id: dayId, position, shift_times: shiftTimes });
/** @param {string} exchangeId @param {AgendaSettings} data @returns {Promise<AgendaSettings>} */
export const saveAgendaSettings = (exchangeId, data) =>
  call('save_agenda_settings', { exchange_id: exchangeId, data });
/** @returns {Promise<AgendaTemplate[]>} */
export const listAgendaTemplates = () => call('list_agenda_templates');
/** @param {string} exchangeId @param {string} name @param {string} description @returns {Promise<AgendaTemplate>} */
export const saveAgendaAsTemplate = (exchangeId, name, description) =>
  call('save_agenda_as_template', { exchange_id: exchangeId, name, description });
/** @param {string} id @returns {Promise<null>} */
export const deleteAgendaTemplate = (id) => call('delete_agenda_template', { id });
/**
 * Starts an empty agenda from a template; resolves to the number of sessions created.
 * @param {string} templateId @param {string} exchangeId @param {string|null} firstDay
 * @returns {Promise<number>}
 */
export const applyAgendaTemplate = (templateId, exchangeId, firstDay) =>
  call('apply_agenda_template', { template_id: templateId, exchange_id: exchangeId, first_day: firstDay });
/**
 * @typedef {{doc: {title: string, partnership_title: string, members: string[], venue: string,
 *   time_zone: string, zones: {time_zone: string, place: string}[], objectives: string,
 *   days: {date: string, title: string, zone_names: string[], sessions: {id: string,
 *   start: string, end: string, times: {start: string, end: string, day_offset: number, text: string}[],
 *   title: string, kind: string, description: string, lead: string|null,
 *   presenters: string[], location: string, link: string}[]}[],
 *   delegations: {member: string, people: {name: string, position: string, role: string}[]}[] | null},
 *   labels: Record<string, any>}} AgendaDocument
 * `labels.time_zone_lines` words the time zone entry; `labels.zone_headings[day]` heads one time
 * column per zone when members sit in several (empty: one "Time" column in the venue's zone).
 */
/** The printable agenda, worded in its language. @param {string} exchangeId @returns {Promise<AgendaDocument>} */
export const getAgendaDocument = (exchangeId) => call('get_agenda_document', { exchange_id: exchangeId });
/**
 * Asks where to save and writes the agenda as 'pdf', 'docx', 'ics' or 'html'. `path` skips the
 * dialog (tests). Resolves to the path written, or null when cancelled.
 * @param {string} exchangeId @param {'pdf'|'docx'|'ics'|'html'} format @param {boolean} icsPerDay
 * @param {string|null} [path]
 * @returns {Promise<string|null>}
 */
export const saveAgendaExport = (exchangeId, format, icsPerDay, path = null) =>
  call('save_agenda_export', { exchange_id: exchangeId, format, ics_per_day: icsPerDay, path });

// ---- printing ----

/**
 * Opens the platform's print dialog for the current page, through Tauri's own webview
 * printing (WebKitGTK on Linux, WebView2 on Windows, WKWebView on macOS, where
 * `window.print()` does nothing). The print stylesheet decides what is on paper.
 * @returns {Promise<null>}
 */
export const printPage = () => call('print_page');

/** Prints the page: the native dialog, or the webview's own print if that fails. */
export async function printCurrentPage() {
  try {
    await printPage();
  } catch {
    window.print();
  }
}

// ---- costs (issue 6) ----

/**
 * @typedef {{minor: number, text: string}} AmountView  minor units, and the amount as decimal text
 * @typedef {{estimate: AmountView, committed: AmountView, actual: AmountView, variance: AmountView,
 *   variance_percent: string|null, lines: number}} StageTotals  variance = actual − estimate
 * @typedef {{exchange_id: string, category: string, description: string, participant_id: string|null,
 *   quantity: number, unit_amount: string, currency: string, stage: 'estimate'|'committed'|'actual',
 *   funder: string, cost_date: string|null, reference: string, paid_by_member_id: string|null}} CostLineData
 * @typedef {CostLineData & {id: string, version: string}} CostLine
 * @typedef {{from_currency: string, to_currency: string, rate: string, entered_as: string,
 *   rate_date: string|null, budget_rate: boolean, leg_of: string|null}} RateUsed
 *   leg_of: set when the rate is one leg of a conversion through a common currency ("GHS→EUR via USD")
 * @typedef {{from_currency: string, to_currency: string, on_or_before: string|null, text: string}} MissingRate
 * @typedef {{line: CostLine, category_label: string, stage_label: string, participant_name: string|null,
 *   total: AmountView, converted: AmountView|null, rate_used: string, missing_rate: string|null}} CostLineView
 * @typedef {{exchange_id: string, title: string, start_date: string|null, reporting_currency: string,
 *   lines: CostLineView[], categories: {category: string, label: string, lines: number[], totals: StageTotals}[],
 *   totals: StageTotals, by_currency: {currency: string, totals: StageTotals}[], participants: number,
 *   per_participant: StageTotals|null, travellers: {participant_id: string, name: string, totals: StageTotals}[],
 *   rates_used: RateUsed[], missing_rates: MissingRate[], complete: boolean}} ExchangeCosts
 * @typedef {{from?: string|null, to?: string|null, partnership_id?: string|null, exchange_id?: string|null,
 *   country?: string|null, funder?: string|null, category?: string|null, stage?: string|null}} BudgetFilter
 * @typedef {{filter: BudgetFilter, reporting_currency: string, totals: StageTotals,
 *   by_category: {category: string, label: string, totals: StageTotals, compared: StageTotals}[],
 *   by_funder: {name: string, totals: StageTotals, compared: StageTotals}[],
 *   by_month: {month: string, totals: StageTotals, compared: StageTotals}[],
 *   by_exchange: {exchange_id: string, title: string, partnership_title: string, start_date: string|null, totals: StageTotals, paid: boolean}[],
 *   exchange_count: number, rates_used: RateUsed[], missing_rates: MissingRate[], unconverted_lines: number,
 *   complete: boolean, paid: PaidVariance, comparison_rule: string, month_rule: string,
 *   filter_described: {label: string, value: string}[], by_payer: PayerTotals[]}} Budget
 * @typedef {{member_id: string|null, name: string, partnership_title: string|null, totals: StageTotals,
 *   compared: StageTotals, estimate_share: string|null, actual_share: string|null}} PayerTotals
 *   who pays: the network and named funders (member_id null), or a member's own budget
 *   Each breakdown row: `totals` over every line, `compared` over the exchanges with something
 *   paid (the headline's rule); months are the month of each line's exchange.
 * @typedef {{totals: StageTotals, exchanges: number, unpaid_exchanges: number}} PaidVariance
 *   the totals over the exchanges with something paid (the variance to read as over/under)
 * @typedef {{line: CostLineData, traveller: string, basis: string, rate_found: boolean, already_estimated: boolean}} Proposal
 * @typedef {{exchange_id: string, nights: number, days: number, travellers: number, proposals: Proposal[], notes: string[]}} DelegationEstimate
 * @typedef {{rate_date: string|null, from_currency: string, to_currency: string, rate: string, source: string}} ExchangeRateData
 * @typedef {{country_code: string, city: string, valid_from: string|null, currency: string,
 *   nightly_accommodation: string, daily_subsistence: string, return_fare: string, note: string}} RateTableEntryData
 * @typedef {{code: string, minor_units: number, name: string}} Currency
 */

/** @returns {Promise<Currency[]>} */
export const listCurrencies = () => call('list_currencies');
/** @param {string} exchangeId @returns {Promise<ExchangeCosts>} */
export const getExchangeCosts = (exchangeId) => call('get_exchange_costs', { exchange_id: exchangeId });
/** @param {string|null} id @param {CostLineData} data @returns {Promise<SaveResult<CostLine>>} */
export const saveCostLine = (id, data) => call('save_cost_line', { id, data });
/** Saves several new lines, all or none. @param {CostLineData[]} lines @returns {Promise<CostLine[]>} */
export const saveCostLines = (lines) => call('save_cost_lines', { lines });
/** @param {string} id @returns {Promise<null>} */
export const deleteCostLine = (id) => call('delete_cost_line', { id });
/** Proposed (unsaved) lines from the delegation and the rate table. @param {string} exchangeId @returns {Promise<DelegationEstimate>} */
export const estimateFromDelegation = (exchangeId) => call('estimate_from_delegation', { exchange_id: exchangeId });
/**
 * Sets, or with `rate` null clears, an exchange's fixed budget rate for a currency.
 * @param {string} exchangeId @param {string} currency @param {string|null} rate
 */
export const setBudgetRate = (exchangeId, currency, rate) =>
  call('set_budget_rate', { exchange_id: exchangeId, currency, rate });
/** @param {BudgetFilter} filter @returns {Promise<Budget>} */
export const getBudget = (filter) => call('get_budget', { filter });
/** @returns {Promise<string[]>} */
export const listFunders = () => call('list_funders');
/** @returns {Promise<{reporting_currency: string, exchange_rates: (ExchangeRateData & {id: string})[], rate_table: (RateTableEntryData & {id: string})[]}>} */
export const getRates = () => call('get_rates');
/** @param {string} code @returns {Promise<string>} */
export const setReportingCurrency = (code) => call('set_reporting_currency', { code });
/** @param {string|null} id @param {ExchangeRateData} data @returns {Promise<SaveResult<any>>} */
export const saveExchangeRate = (id, data) => call('save_exchange_rate', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteExchangeRate = (id) => call('delete_exchange_rate', { id });
/** @param {string|null} id @param {RateTableEntryData} data @returns {Promise<SaveResult<any>>} */
export const saveRateTableEntry = (id, data) => call('save_rate_table_entry', { id, data });
/** @param {string} id @returns {Promise<null>} */
export const deleteRateTableEntry = (id) => call('delete_rate_table_entry', { id });
/**
 * Asks where to save and writes the lines under `filter` as 'csv' or 'xlsx' (a sheet of
 * lines, a sheet of totals). `path` skips the dialog (tests). Resolves to the path or null.
 * @param {BudgetFilter} filter @param {'csv'|'xlsx'} format @param {string|null} [path]
 * @param {string|null} [lang] the document's language; the app's by default
 * @returns {Promise<string|null>}
 */
export const saveCostsExport = (filter, format, path = null, lang = null) =>
  call('save_costs_export', { filter, format, path, lang });

// ---- importing the officer's lists (issue 18) ----

/**
 * @typedef {{kind: 'empty'|'text'|'number'|'date'|'error', value?: string|number}} ImportCell
 * @typedef {{sheet: string, headers: string[], rows: ImportCell[][], row_numbers: number[]}} ImportTable
 * @typedef {{column: string, code: string, message: string}} RowProblem
 * @typedef {{row: number, person: PersonData, action: {kind: 'new'|'update'|'unchanged'|'error',
 *   person_id?: string, by?: string, changes?: {field: string, old: string, new: string}[]},
 *   problems: RowProblem[], notes: string[], member_label?: string, role?: string, attendance?: string,
 *   participant?: {kind: 'new'|'update'|'unchanged'|'error', changes?: {field: string, old: string, new: string}[]}}} ImportRow
 * @typedef {{headers: string[], mapping: {columns: (string|null)[]}, rows: ImportRow[], new: number,
 *   updated: number, unchanged: number, errors: number, exchange_title?: string}} ImportPlan
 */

/**
 * Reads a spreadsheet for import: the native open dialog, or `path` (tests). Null: cancelled.
 * @param {string|null} [path] @returns {Promise<{name: string, table: ImportTable}|null>}
 */
export const readImportFile = (path = null) => call('read_import_file', { path });
/** @param {string} text rows pasted from Excel or Word @returns {Promise<ImportTable>} */
export const readPastedList = (text) => call('read_pasted_list', { text });
/**
 * @param {'people'|'participants'|'partnerships'} kind @param {ImportTable} table @param {string[]} map COLUMN=FIELD
 * @param {string|null} exchangeId @param {string|null} [dateOrder] how text dates are read (partnerships)
 * @returns {Promise<any>} the plan (ImportPlan; for partnerships {partnerships: [...], ...})
 */
export const previewImport = (kind, table, map, exchangeId, dateOrder = null) =>
  call('preview_import', { kind, table, map, exchangeId, dateOrder });
/**
 * @param {'people'|'participants'|'partnerships'} kind @param {ImportTable} table @param {string[]} map
 * @param {string|null} exchangeId @param {boolean} leaveOutErrors @param {string|null} [dateOrder]
 * @returns {Promise<{backup: string, left_out: number, created?: number, updated?: number, unchanged: number,
 *   participants_added?: number, participants_updated?: number, people_created?: number}>}
 */
export const runImport = (kind, table, map, exchangeId, leaveOutErrors, dateOrder = null) =>
  call('run_import', { kind, table, map, exchangeId, leaveOutErrors, dateOrder });

/**
 * Writes the directory (exchangeId null) or an exchange's participants as 'csv' or 'xlsx',
 * with the headers an import reads back. `path` skips the dialog (tests).
 * @param {string|null} exchangeId @param {'csv'|'xlsx'} format @param {string|null} [path]
 * @returns {Promise<string|null>} the path written, or null when cancelled
 */
export const saveListExport = (exchangeId, format, path = null) =>
  call('save_list_export', { exchange_id: exchangeId, format, path });

// ---- sync by file share (issue 8) ----

/**
 * @typedef {{file_name: string, installation_id: string, installation_name: string,
 *   exported_at: string|null, schema_version: number, bytes: number}} FileInfo
 * @typedef {{field: string, before: any, after: any}} FieldChange
 * @typedef {{entity: string, noun: string, id: string, label: string,
 *   change: 'new'|'changed'|'deleted'|'conflict'|'set_aside', fields: string[],
 *   changes: FieldChange[], problems: string[], partnership_id: string|null,
 *   partnership_title: string|null, exchange_id: string|null}} ChangedRecord
 * @typedef {{file: FileInfo, applied: boolean, backup: string|null, new: number, changed: number,
 *   deleted: number, conflicts: number, left_out: number, set_aside: number,
 *   under_set_aside: number, new_set_aside: number, records: ChangedRecord[], unlisted: number}} MergeReport
 * @typedef {{path: string, bytes: number, installation_name: string, exported_at: string}} Exported
 * @typedef {{installation_id: string, name: string, file_name: string, exported_at: string|null,
 *   merged_at: string, changes: number}} Peer
 * @typedef {{name: string, path: string, made_at: string, reason: string, bytes: number}} BackupInfo
 * @typedef {{folder: string|null, folder_available: boolean, own_file_name: string, peers: Peer[],
 *   backups: BackupInfo[], open_conflicts: number}} SyncStatus
 * @typedef {{file: string, status: 'merged'|'unchanged'|'skipped'|'own'|'refused', message: string,
 *   installation_name: string|null, report: MergeReport|null}} FileOutcome
 * @typedef {{folder: string, files: FileOutcome[], exported: Exported, note: string|null, peers: Peer[]}} SyncSummary
 * @typedef {{id: string, entity: string, noun: string, row_id: string, label: string,
 *   kind: 'field'|'money'|'notes'|'deleted'|'duplicate'|'set_aside', fields: string[], kept_values: Record<string, any>,
 *   kept_source: string, other_values: Record<string, any>, other_source: string,
 *   record_deleted: boolean, partnership_id: string|null, partnership_title: string|null,
 *   exchange_id: string|null, created_at: string, resolved_at: string|null,
 *   resolution: string|null}} Conflict
 * @typedef {{file: string, stage: string, done: number, total: number}} SyncProgress
 */

/**
 * Writes the whole database to a .peerplan file chosen in a save dialog; `path` skips the
 * dialog (tests). Resolves to what was written, or null when cancelled.
 * @param {string|null} [path] @returns {Promise<Exported|null>}
 */
export const exportDatabase = (path = null) => call('export_database', { path });
/** The native file picker for a colleague's file. @returns {Promise<string|null>} */
export const chooseMergeFile = () => call('choose_merge_file');
/** The native folder picker. @returns {Promise<string|null>} */
export const chooseSyncFolder = () => call('choose_sync_folder');
/**
 * Merges a colleague's file, or with `dryRun` reports what it would do (the preview).
 * Progress arrives as `sync-progress` events (see `listen`).
 * @param {string} path @param {boolean} dryRun @param {string[]} [leaveOut] record ids
 * @returns {Promise<MergeReport>}
 */
export const mergeFile = (path, dryRun, leaveOut = []) =>
  call('merge_file', { path, dry_run: dryRun, leave_out: leaveOut });
/** Stops the running merge or sync; it rolls back and rejects with code `cancelled`. */
export const cancelSync = () => call('cancel_sync');
/** @returns {Promise<SyncStatus>} */
export const syncStatus = () => call('sync_status');
/** @param {string|null} folder @returns {Promise<null>} */
export const setSyncFolder = (folder) => call('set_sync_folder', { folder });
/** @returns {Promise<SyncSummary>} */
export const syncNow = () => call('sync_now');
/** @returns {Promise<Conflict[]>} */
export const listConflicts = () => call('list_conflicts');
/** The conflicts answered most recently, newest first. @returns {Promise<Conflict[]>} */
export const answeredConflicts = () => call('answered_conflicts');
/**
 * Answers a conflict. `take` takes a record set aside by a merge, with `corrections`
 * (field → value) for what broke a rule; a refusal names the fields.
 * @param {string} id @param {'keep'|'use_other'|'keep_both'|'restore'|'take'} answer
 * @param {Record<string, string>|null} [corrections]
 * @returns {Promise<null>}
 */
export const resolveConflict = (id, answer, corrections = null) =>
  call('resolve_conflict', { id, answer, corrections });
/** @param {string} name @returns {Promise<BackupInfo>} */
export const restoreBackup = (name) => call('restore_backup', { name });
