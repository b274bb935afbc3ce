// An exchange's page: its details form, and its participants grouped by member with each
// visiting delegation counted against the norm. The same module shows "Plan an exchange".

import * as api from '../api.js';
import { h, replace, option, uid } from '../dom.js';
import {
  enumSelect, enumLabel, countrySelect, countryLabel, formatDateRange, localTimeZone, capClass, timeZoneList, zoneCity,
} from '../format.js';
import { bindForm, formShell, field, textInput, textArea, dateInput, readFields, messageSlots } from '../forms.js';
import { navigate, setTitle } from '../router.js';
import { exchangeStatusChip, emptyState, confirmDialog, toast, warningList, personPicker, th } from '../widgets.js';
import { importFromFile, pasteList } from './importer.js';
import { exportFile } from './followup.js';
import { t, locale } from '../i18n.js';

/**
 * A message with a link in it ("For {partnership}"): the message is worded whole, and the
 * link takes the place of its placeholder, wherever the language puts it.
 * @param {string} message the message with `{name}` left unfilled
 * @param {string} name
 * @param {Node} link
 * @returns {(string | Node)[]}
 */
function withLink(message, name, link) {
  const at = message.indexOf(`{${name}}`);
  if (at < 0) return [message, ' ', link];
  return [message.slice(0, at), link, message.slice(at + name.length + 2)].filter((part) => part !== '');
}

/** @type {Record<string, import('../forms.js').FieldKind>} */
const EXCHANGE_FIELDS = {
  title: 'text', format: 'text', host_member_id: 'optional', status: 'text', start_date: 'date', end_date: 'date',
  time_zone: 'text', venue: 'text', city: 'text', country_code: 'optional', objectives: 'text',
};

/**
 * The details form, for a new or an existing exchange.
 * @param {Partial<api.ExchangeData>} x
 * @param {api.Member[]} members
 * @param {string} saveLabel
 */
function detailsForm(x, members, saveLabel) {
  const format = enumSelect('exchange_format', { name: 'format' }, x.format ?? 'in_person');
  const host = h('select', { name: 'host_member_id' }, option('', t('exchange.choose_host'), !x.host_member_id));
  for (const m of members) host.appendChild(option(m.id, m.label, m.id === x.host_member_id));
  const hostField = field(t('exchange.host_member'), host, { hint: t('exchange.host_hint') });
  const country = countrySelect({ name: 'country_code' }, x.country_code ?? null, t('exchange.not_set'));
  const zoneList = uid('zones');
  const zone = textInput('time_zone', x.time_zone ?? '', { list: zoneList, spellcheck: 'false', 'data-testid': 'time-zone' });
  const zoneNote = h('div', { class: 'hint zone-note', 'data-testid': 'zone-note', 'aria-live': 'polite' });
  const city = textInput('city', x.city);
  // The zone follows the venue's country and city until the officer types one: an existing
  // exchange's zone is the officer's. Which zone and why is said under the field.
  let zoneTyped = Boolean(x.time_zone);
  zone.addEventListener('input', () => { zoneTyped = zone.value.trim() !== ''; replace(zoneNote); });
  let asked = 0;
  const followVenue = async () => {
    if (zoneTyped) return;
    const ask = ++asked;
    const code = country.value;
    if (!code) {
      const laptop = localTimeZone();
      zone.value = format.value === 'virtual' ? laptop : '';
      replace(zoneNote, format.value === 'virtual'
        ? t('exchange.zone_virtual', { zone: laptop })
        : t('exchange.zone_choose_country'));
      zoneNote.classList.remove('uncertain');
      return;
    }
    const guess = await api.venueZone(code, city.value).catch(() => null);
    if (ask !== asked || zoneTyped) return;
    zone.value = guess?.time_zone ?? '';
    // The reason comes from the core, already in the user's language.
    replace(zoneNote, guess ? t('exchange.zone_guess', { zone: guess.time_zone, offset: guess.offset, reason: guess.reason }) : '');
    zoneNote.classList.toggle('uncertain', Boolean(guess?.uncertain));
  };
  country.addEventListener('change', followVenue);
  city.addEventListener('change', followVenue);
  format.addEventListener('change', followVenue);
  if (!zoneTyped) queueMicrotask(followVenue);
  const zoneField = field(t('partnership.time_zone'), zone, { hint: t('exchange.time_zone_hint') });
  zone.after(zoneNote);

  // Only in-person and hybrid exchanges have a host: the host field shows only for them,
  // and a virtual exchange sends no host (the core refuses one).
  const syncHost = () => {
    const virtual = format.value === 'virtual';
    hostField.hidden = virtual;
    host.disabled = virtual;
  };
  format.addEventListener('change', syncHost);
  // Choosing a host fills in the country when none is set yet: the host usually hosts at home.
  host.addEventListener('change', () => {
    const m = members.find((mm) => mm.id === host.value);
    if (m && !country.value) { country.value = m.country_code; followVenue(); }
  });
  syncHost();

  return formShell({ testid: 'exchange-form', saveLabel },
    h('fieldset', { class: 'grid' },
      h('legend', null, t('exchange.legend')),
      field(t('partnership.title'), textInput('title', x.title), { required: true, wide: true }),
      field(t('exchange.format'), format),
      hostField,
      field(t('partnership.status'), enumSelect('exchange_status', { name: 'status' }, x.status ?? 'planned')),
      field(t('partnership.start_date'), dateInput('start_date', x.start_date)),
      field(t('partnership.end_date'), dateInput('end_date', x.end_date)),
      zoneField,
      timeZoneList(zoneList),
      field(t('exchange.venue'), textInput('venue', x.venue)),
      field(t('exchange.city'), city),
      field(t('partnership.country'), country),
      field(t('exchange.objectives'), textArea('objectives', x.objectives, { rows: 4 }), { wide: true })));
}

/**
 * The form's data, with no host for a virtual exchange.
 * @param {HTMLFormElement} form
 * @param {string} partnershipId
 * @returns {api.ExchangeData}
 */
function readExchange(form, partnershipId) {
  const data = /** @type {api.ExchangeData} */ ({ partnership_id: partnershipId, ...readFields(form, EXCHANGE_FIELDS) });
  if (data.format === 'virtual') data.host_member_id = null;
  data.time_zone = data.time_zone.trim();
  return data;
}

/** "Plan an exchange" for the partnership in `?partnership=`. @param {import('../router.js').Route} route */
export async function newExchangeView(route) {
  const pid = route.query.get('partnership') ?? '';
  if (!pid) throw new api.ApiError('bad_request', t('exchange.planned_from_partnership'));
  const detail = await api.getPartnership(pid);
  const p = detail.partnership;
  const host = detail.members.find((m) => /host/i.test(m.role));
  const form = detailsForm({ partnership_id: pid, host_member_id: host?.id ?? null, country_code: host?.country_code ?? null }, detail.members, t('exchange.create'));
  bindForm(form, { record: 'exchange',
    primary: true,
    onSave: async () => {
      const result = await api.saveExchange(null, readExchange(form, pid));
      toast(t('exchange.created'));
      navigate(`#/exchanges/${encodeURIComponent(result.record.id)}`, { replace: true, force: true });
      return result.warnings;
    },
  });
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('div', { class: 'title-block' },
      h('h1', null, t('partnership.plan_exchange')),
      h('p', { class: 'muted' }, ...withLink(t('exchange.for_partnership'), 'partnership', h('a', { href: `#/partnerships/${encodeURIComponent(pid)}` }, p.title))))),
    detail.members.length === 0 ? h('p', { class: 'notice' }, t('exchange.no_members_notice')) : null,
    form);
  return {
    title: t('partnership.plan_exchange'),
    node,
    crumbs: [{ label: t('partnerships.title'), href: '#/partnerships' }, { label: p.title, href: `#/partnerships/${encodeURIComponent(pid)}` }, { label: t('partnership.plan_exchange') }],
  };
}

/** @param {import('../router.js').Route} route */
export async function exchangeView(route) {
  const id = route.params.id;
  /** @type {api.ExchangeDetail} */
  let detail = await api.getExchange(id);
  const pid = detail.exchange.partnership_id;
  const partnershipHref = `#/partnerships/${encodeURIComponent(pid)}`;

  // ---- header ----
  const header = h('header', { class: 'page-header' });
  const crumbs = () => [
    { label: t('partnerships.title'), href: '#/partnerships' },
    { label: detail.partnership.title, href: partnershipHref },
    { label: detail.exchange.title },
  ];
  function renderHeader() {
    const x = detail.exchange;
    // Once shown, a rename also renames the window and the breadcrumbs.
    if (header.isConnected) setTitle(x.title, crumbs());
    const place = [x.venue, x.city, countryLabel(x.country_code)].filter(Boolean).join(', ');
    const when = formatDateRange(x.start_date, x.end_date);
    // Name the venue's time zone only where it differs from the user's own.
    const zoneDiffers = Boolean(x.time_zone) && x.time_zone !== localTimeZone();
    replace(header,
      h('div', { class: 'title-block' },
        h('h1', { 'data-testid': 'page-title' }, x.title),
        h('div', { class: 'chips' },
          exchangeStatusChip(x.status),
          h('span', { class: 'chip kind' }, enumLabel('exchange_format', x.format)),
          h('span', { class: 'muted small num' }, [when ? (zoneDiffers ? t('exchange.when_in_zone', { when, zone: zoneCity(x.time_zone) }) : when) : t('exchange.dates_not_set'), place].filter(Boolean).join(' · '))),
        h('p', { class: 'muted small' }, ...withLink(t('exchange.part_of'), 'partnership', h('a', { href: partnershipHref }, detail.partnership.title)))),
      h('div', { class: 'actions' },
        h('a', { class: 'btn primary', href: `#/exchanges/${encodeURIComponent(id)}/agenda`, 'data-testid': 'open-agenda' }, t('exchange.agenda')),
        h('a', { class: 'btn primary', href: `#/exchanges/${encodeURIComponent(id)}/costs`, 'data-testid': 'open-costs' }, t('exchange.costs')),
        h('button', { type: 'button', class: 'btn danger-outline', 'data-testid': 'delete', onclick: remove }, t('partnership.delete_button'))));
  }

  async function remove() {
    const x = detail.exchange;
    const ok = await confirmDialog(t('exchange.delete_body', { title: x.title, count: detail.participants.length }), { title: t('exchange.delete_title'), confirmLabel: t('exchange.delete_confirm'), danger: true });
    if (!ok) return;
    try {
      await api.deleteExchange(id);
      toast(t('exchange.deleted', { title: x.title }));
      navigate(partnershipHref, { replace: true, force: true });
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  // ---- details form ----
  const form = detailsForm(detail.exchange, detail.members, t('common.save'));
  bindForm(form, { record: 'exchange',
    primary: true,
    onSave: async () => {
      const result = await api.saveExchange(id, readExchange(form, pid));
      toast(t('partnership.saved'));
      await refresh();
      return result.warnings;
    },
  });

  // ---- participants ----
  const participantsSection = h('section', { class: 'section', 'aria-labelledby': 'participants-h', 'data-testid': 'participants-section' });
  // The add-participant form lives here; the slot is kept across re-draws of the list, so
  // the form stays open (and keeps its member and role) while people are added one by one.
  const adder = h('div', { class: 'editor-slot' });

  const importOpts = {
    kind: /** @type {const} */ ('participants'), exchangeId: id,
    title: t('exchange.import_title', { title: detail.exchange.title }), onDone: () => refresh(),
  };
  // A delegation list pasted into the section opens the same preview.
  participantsSection.addEventListener('paste', (e) => pasteList(/** @type {ClipboardEvent} */ (e), importOpts));

  async function refresh() {
    detail = await api.getExchange(id);
    renderHeader();
    renderParticipants();
  }

  function renderParticipants() {
    const norms = detail.norms;
    // The exchange's norm warnings (size, delegations) as the core computes them now.
    const warnings = detail.warnings.filter((w) => w.severity !== 'error');
    const hostId = detail.exchange.format === 'virtual' ? null : detail.exchange.host_member_id;
    // Groups: the host first, then the other members in order, then people for no member.
    const order = [...detail.members].sort((a, b) => Number(b.id === hostId) - Number(a.id === hostId));
    const groups = order.map((m) => ({
      label: m.label,
      member: m,
      rows: detail.participants.filter((p) => p.participant.member_id === m.id),
      delegation: detail.delegations.find((d) => d.member_id === m.id),
    }));
    const staff = detail.participants.filter((p) => !p.participant.member_id || !detail.members.some((m) => m.id === p.participant.member_id));
    const counted = detail.participants.filter((p) => !['absent', 'withdrawn'].includes(p.participant.attendance)).length;
    // Once the exchange is held (or its first day has come), the confirmed people are
    // usually the ones who came: one click instead of a dropdown per person.
    const confirmed = detail.participants.filter((p) => p.participant.attendance === 'confirmed').length;
    const started = detail.exchange.status === 'held' || (detail.exchange.start_date ?? '9999') <= new Date().toISOString().slice(0, 10);
    const markAttended = confirmed && started
      ? h('button', { type: 'button', class: 'btn', 'data-testid': 'mark-confirmed-attended', onclick: () => setAttendance(null, 'confirmed', 'attended') },
        t('exchange.mark_attended', { count: confirmed }))
      : null;

    replace(participantsSection,
      h('div', { class: 'section-header' },
        h('h2', { id: 'participants-h' }, t('exchange.participants')),
        h('div', { class: 'actions' }, markAttended,
          h('button', { type: 'button', class: 'btn', 'data-testid': 'export-participants', title: t('exchange.export_tooltip'), onclick: () => exportFile(() => api.saveListExport(id, 'xlsx')) }, t('exchange.export_list')),
          h('button', { type: 'button', class: 'btn', 'data-testid': 'import-participants', title: t('exchange.import_tooltip'), onclick: () => importFromFile(importOpts) }, t('partnerships.import_list')),
          h('button', { type: 'button', class: 'btn primary', 'data-testid': 'add-participant', onclick: openAdder }, t('exchange.add_participant')))),
      h('p', { class: 'muted small', 'data-testid': 'size-summary' },
        t(detail.exchange.format === 'virtual' ? 'exchange.size_summary_virtual' : 'exchange.size_summary',
          { count: counted, min: norms.exchange_size_min, max: norms.exchange_size_max, delegation: norms.delegation_max })),
      warningList(warnings, 'participant-warnings'),
      adder,
      detail.participants.length === 0 && detail.members.length === 0
        ? emptyState(t('exchange.participants_empty'))
        : h('div', { class: 'groups' },
          groups.map((g) => renderGroup(g.label, g.rows, g.member, g.delegation, warnings)),
          staff.length ? renderGroup(t('exchange.no_member_group'), staff, null, undefined, warnings) : null));
  }

  /**
   * One member's people, with its delegation count against the norm.
   * @param {string} label
   * @param {api.ExchangeDetail['participants']} rows
   * @param {api.Member | null} member
   * @param {api.ExchangeDetail['delegations'][number] | undefined} delegation
   * @param {api.Issue[]} warnings
   */
  function renderGroup(label, rows, member, delegation, warnings) {
    const over = Boolean(delegation?.over_norm);
    // The core's own sentence for this delegation ("the visiting delegation of Ghana (GH) has 7
    // people; the norm is up to 6"); a plain one if the warning list does not name it.
    const warning = over
      ? warnings.find((w) => w.code === 'delegation_size' && w.message.includes(label))?.message
        ?? t('exchange.delegation_over', { count: delegation?.count, max: detail.norms.delegation_max })
      : null;
    let count;
    if (delegation?.is_host) count = t('exchange.group_host', { count: delegation.count });
    else if (delegation) count = t('exchange.group_visiting', { count: delegation.count, max: detail.norms.delegation_max });
    else count = t('exchange.n_participants', { count: rows.length });
    // The whole delegation's attendance at once ("all absent: their flight was cancelled").
    const bulk = rows.length > 1
      ? enumSelect('attendance', { 'aria-label': t('exchange.bulk_aria', { member: label }), 'data-testid': 'bulk-attendance', class: 'bulk-attendance' }, null, t('exchange.set_all_to'))
      : null;
    bulk?.addEventListener('change', () => {
      const to = /** @type {HTMLSelectElement} */ (bulk).value;
      if (to) setAttendance(member?.id ?? '', null, to);
    });
    return h('div', { class: ['group', over && 'over-norm'], 'data-member-id': member?.id ?? '', 'data-testid': 'participant-group' },
      h('div', { class: 'group-header' },
        h('h3', null, label),
        h('span', { class: ['count', 'num', over && 'warn'], 'data-testid': 'delegation-count' }, count),
        bulk),
      warning ? h('p', { class: ['group-warning', capClass(warning)], 'data-testid': 'delegation-warning' }, warning) : null,
      rows.length === 0
        ? h('p', { class: 'muted small' }, t('exchange.nobody_yet'))
        : h('table', { class: 'data compact' },
          h('thead', null, h('tr', null, th(t('partnership.name')), th(t('exchange.represents')), th(t('partnership.role')), th(t('exchange.attendance')), th('', { className: 'actions-col' }))),
          h('tbody', null, rows.map(renderParticipantRow))));
  }

  /**
   * Sets many participants' attendance in one save, then says how many changed.
   * @param {string|null} memberId null: everyone; '': the people of no member
   * @param {string|null} onlyFrom
   * @param {string} to
   */
  async function setAttendance(memberId, onlyFrom, to) {
    try {
      const { changed } = await api.setAttendance(id, memberId, onlyFrom, to);
      await refresh();
      toast(t('exchange.attendance_changed', { count: changed, attendance: enumLabel('attendance', to).toLocaleLowerCase(locale()) }));
    } catch (e) {
      toast(t('exchange.not_saved', { message: api.toApiError(e).message }), 'error');
    }
  }

  /** @param {api.ExchangeDetail['participants'][number]} row */
  function renderParticipantRow({ participant, person }) {
    const rowId = participant.id;
    const memberSel = h('select', { name: 'member_id', 'aria-label': t('exchange.aria_represents', { person: person.name }) }, option('', t('exchange.no_member'), !participant.member_id));
    for (const m of detail.members) memberSel.appendChild(option(m.id, m.label, m.id === participant.member_id));
    const roleSel = enumSelect('participant_role', { name: 'role', 'aria-label': t('exchange.aria_role', { person: person.name }) }, participant.role);
    const attendanceSel = enumSelect('attendance', { name: 'attendance', 'aria-label': t('exchange.aria_attendance', { person: person.name }) }, participant.attendance);
    /**
     * Role, attendance and member save as soon as they change (a per-field save), since
     * officers tick these off one by one as confirmations come in.
     * @param {HTMLSelectElement} sel
     * @param {'member_id'|'role'|'attendance'} key
     */
    const saveOnChange = (sel, key) => sel.addEventListener('change', async () => {
      const data = { ...participant, [key]: key === 'member_id' && sel.value === '' ? null : sel.value };
      const { exchange_id, person_id, member_id, role, attendance } = data;
      try {
        await api.saveParticipant(rowId, { exchange_id, person_id, member_id, role, attendance });
        await refresh();
      } catch (e) {
        /** @type {any} */ (sel).value = key === 'member_id' ? participant.member_id ?? '' : participant[key];
        toast(t('exchange.not_saved', { message: api.toApiError(e).fields[0]?.message ?? api.toApiError(e).message }), 'error');
      }
    });
    saveOnChange(memberSel, 'member_id');
    saveOnChange(roleSel, 'role');
    saveOnChange(attendanceSel, 'attendance');
    return h('tr', { 'data-id': rowId, 'data-person-id': person.id, class: ['absent', 'withdrawn'].includes(participant.attendance) ? 'not-counted' : null },
      h('td', null, h('a', { href: `#/people/${encodeURIComponent(person.id)}` }, person.name), person.organisation ? h('div', { class: 'muted small' }, person.organisation) : null),
      h('td', null, memberSel),
      h('td', null, roleSel),
      h('td', null, attendanceSel),
      h('td', { class: 'row-actions' }, h('button', {
        type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-participant',
        onclick: async () => {
          if (!(await confirmDialog(t('exchange.remove_participant_body', { person: person.name }), { title: t('exchange.remove_participant_title'), confirmLabel: t('common.remove'), danger: true }))) return;
          try {
            await api.deleteParticipant(rowId);
            await refresh();
          } catch (e) {
            toast(api.toApiError(e).message, 'error');
          }
        },
      }, t('common.remove'))));
  }

  /** Opens the "add participant" form: a person from the directory, or a new one, in one step. */
  function openAdder() {
    if (adder.firstChild) { /** @type {HTMLElement | null} */ (adder.querySelector('.picker-search'))?.focus(); return; }
    const hostId = detail.exchange.format === 'virtual' ? null : detail.exchange.host_member_id;
    const sourceName = uid('source');
    const fromDirectory = h('input', { type: 'radio', name: sourceName, id: `${sourceName}-dir`, value: 'directory', checked: true, 'data-testid': 'person-source-directory', 'data-not-data': true });
    const newPerson = h('input', { type: 'radio', name: sourceName, id: `${sourceName}-new`, value: 'new', 'data-testid': 'person-source-new', 'data-not-data': true });
    // "Add ‹name› as a new person" switches to the new-person fields with the name typed, so
    // the person and their participation are saved together.
    const picker = personPicker({
      name: 'person_id', label: t('exchange.person'), allowClear: true,
      onAddNew: (typed) => {
        /** @type {HTMLInputElement} */ (newPerson).checked = true;
        syncSource();
        const nameInput = /** @type {HTMLInputElement} */ (newFields.querySelector('input[name=name]'));
        nameInput.value = typed;
        nameInput.dispatchEvent(new Event('input', { bubbles: true }));
        /** @type {HTMLElement} */ (newFields.querySelector('input[name=organisation]')).focus();
      },
    });
    const memberSel = h('select', { name: 'member_id' }, option('', t('exchange.no_member_option'), false));
    for (const m of detail.members) memberSel.appendChild(option(m.id, m.id === hostId ? t('exchange.member_host', { member: m.label }) : m.label, false));
    // Preselect the first visiting member: most people added are visiting delegates.
    const firstVisitor = detail.members.find((m) => m.id !== hostId) ?? detail.members[0];
    if (firstVisitor) memberSel.value = firstVisitor.id;
    const roleSel = enumSelect('participant_role', { name: 'role' }, firstVisitor && firstVisitor.id === hostId ? 'host' : 'visiting_delegate');
    const attendanceSel = enumSelect('attendance', { name: 'attendance' }, 'invited');
    const newCountry = countrySelect({ name: 'country_code' }, firstVisitor?.country_code ?? null, t('exchange.not_set'));

    // The role follows the member: the host's people are hosts, the others visiting delegates.
    memberSel.addEventListener('change', () => {
      if (memberSel.value === hostId && roleSel.value === 'visiting_delegate') roleSel.value = 'host';
      else if (memberSel.value !== hostId && roleSel.value === 'host') roleSel.value = 'visiting_delegate';
      const m = detail.members.find((mm) => mm.id === memberSel.value);
      if (m && !newFields.contains(document.activeElement)) newCountry.value = m.country_code;
    });

    const directoryFields = h('div', { class: 'field wide', 'data-testid': 'directory-fields' }, picker.element, ...messageSlots('person_id'));
    const newFields = h('div', { class: 'grid inner', 'data-testid': 'new-person-fields', hidden: true },
      field(t('partnership.name'), textInput('name', ''), { required: true }),
      field(t('partnership.organisation'), textInput('organisation', '')),
      field(t('exchange.email'), textInput('email', '', { type: 'email', spellcheck: 'false' })),
      field(t('partnership.country'), newCountry));
    const syncSource = () => {
      const isNew = newPerson.checked;
      directoryFields.hidden = isNew;
      newFields.hidden = !isNew;
      // The hidden half is disabled so Tab skips it; it is only read when it is the one chosen.
      newFields.querySelectorAll('input, select').forEach((el) => { /** @type {HTMLInputElement} */ (el).disabled = !isNew; });
    };
    fromDirectory.addEventListener('change', syncSource);
    newPerson.addEventListener('change', syncSource);

    const addForm = formShell(
      { testid: 'participant-form', saveLabel: t('exchange.add_participant'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-participant', onclick: () => replace(adder) }, t('common.close'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, t('exchange.add_participant_legend')),
        h('div', { class: 'field wide radio-row', role: 'radiogroup', 'aria-label': t('exchange.who_aria') },
          h('span', { class: 'radio' }, fromDirectory, h('label', { for: fromDirectory.id }, t('exchange.from_directory'))),
          h('span', { class: 'radio' }, newPerson, h('label', { for: newPerson.id }, t('exchange.new_person')))),
        directoryFields,
        newFields,
        field(t('exchange.represents'), memberSel),
        field(t('partnership.role'), roleSel),
        field(t('exchange.attendance'), attendanceSel)),
    );
    addForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-participant');
    syncSource();

    const bound = bindForm(addForm, { record: 'person',
      onSave: async () => {
        const isNew = newPerson.checked;
        const common = readFields(addForm, { member_id: 'optional', role: 'text', attendance: 'text' });
        const data = /** @type {api.ParticipantData} */ ({
          exchange_id: id,
          person_id: isNew ? '' : picker.input.value,
          ...common,
        });
        /** @type {api.PersonData | null} */
        let person = null;
        if (isNew) {
          const p = readFields(addForm, { name: 'text', organisation: 'text', email: 'text', country_code: 'optional' });
          person = { name: p.name, organisation: p.organisation, position: '', country_code: p.country_code, email: p.email.trim(), phone: '', notes: '' };
        } else if (!data.person_id) {
          // Said here rather than by the core: a clearer message, and no round trip.
          throw new api.ApiError('invalid', t('exchange.nobody_chosen'), [{ field: 'person_id', message: t('exchange.choose_person') }]);
        }
        await api.saveParticipant(null, data, person);
        toast(t('exchange.participant_added'));
        // Ready for the next person of the same delegation: clear who, keep member and role.
        picker.set(null);
        newFields.querySelectorAll('input').forEach((el) => { /** @type {HTMLInputElement} */ (el).value = ''; });
        bound.markClean();
        // Re-draw the list while keeping this form (the adder slot is kept across refreshes).
        await refresh();
        (isNew ? /** @type {HTMLElement} */ (newFields.querySelector('input[name=name]')) : picker).focus();
        // The warnings are shown once, above the groups (see renderParticipants), not twice.
        return [];
      },
    });
    replace(adder, addForm);
    picker.focus();
  }

  renderHeader();
  renderParticipants();
  const node = h('div', { class: 'page' },
    header,
    h('section', { class: 'section', 'aria-label': t('partnership.details_aria') }, form),
    participantsSection);
  return {
    title: detail.exchange.title,
    node,
    crumbs: crumbs(),
  };
}
