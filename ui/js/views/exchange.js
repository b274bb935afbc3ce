// An exchange's page: its details form, and its participants grouped by member with each
// visiting delegation counted against the norm. The same module shows "Plan an exchange".

import * as api from '../api.js';
import { h, replace, option, uid } from '../dom.js';
import {
  enumSelect, enumLabel, countrySelect, countryLabel, formatDateRange, formatNumber, localTimeZone, plural, capClass, timeZoneList,
} from '../format.js';
import { bindForm, formShell, field, textInput, textArea, dateInput, readFields, messageSlots } from '../forms.js';
import { navigate, setTitle } from '../router.js';
import { exchangeStatusChip, emptyState, confirmDialog, toast, warningList, personPicker, th } from '../widgets.js';
import { importFromFile, pasteList } from './importer.js';
import { exportFile } from './followup.js';


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
  const host = h('select', { name: 'host_member_id' }, option('', 'Choose the host…', !x.host_member_id));
  for (const m of members) host.appendChild(option(m.id, m.label, m.id === x.host_member_id));
  const hostField = field('Host member', host, { hint: 'The member who hosts the visiting delegations.' });
  const country = countrySelect({ name: 'country_code' }, x.country_code ?? null, 'Not set');
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
        ? `Your laptop’s zone, ${laptop}: a virtual exchange runs on the organiser’s time; change it if that is someone else’s.`
        : 'Choose the venue’s country (and city) and PeerPlan fills in its time zone.');
      zoneNote.classList.remove('uncertain');
      return;
    }
    const guess = await api.venueZone(code, city.value).catch(() => null);
    if (ask !== asked || zoneTyped) return;
    zone.value = guess?.time_zone ?? '';
    replace(zoneNote, guess ? `PeerPlan will use ${guess.time_zone} (${guess.offset} today): ${guess.reason}.` : '');
    zoneNote.classList.toggle('uncertain', Boolean(guess?.uncertain));
  };
  country.addEventListener('change', followVenue);
  city.addEventListener('change', followVenue);
  format.addEventListener('change', followVenue);
  if (!zoneTyped) queueMicrotask(followVenue);
  const zoneField = field('Time zone', zone, { hint: 'The venue’s IANA time zone (the organiser’s for a virtual exchange), e.g. Africa/Nairobi.' });
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
      h('legend', null, 'Exchange'),
      field('Title', textInput('title', x.title), { required: true, wide: true }),
      field('Format', format),
      hostField,
      field('Status', enumSelect('exchange_status', { name: 'status' }, x.status ?? 'planned')),
      field('Start date', dateInput('start_date', x.start_date)),
      field('End date', dateInput('end_date', x.end_date)),
      zoneField,
      timeZoneList(zoneList),
      field('Venue', textInput('venue', x.venue)),
      field('City', city),
      field('Country', country),
      field('Objectives', textArea('objectives', x.objectives, { rows: 4 }), { wide: true })));
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
  if (!pid) throw new api.ApiError('bad_request', 'An exchange is planned from its partnership’s page.');
  const detail = await api.getPartnership(pid);
  const p = detail.partnership;
  const host = detail.members.find((m) => /host/i.test(m.role));
  const form = detailsForm({ partnership_id: pid, host_member_id: host?.id ?? null, country_code: host?.country_code ?? null }, detail.members, 'Create exchange');
  bindForm(form, { record: 'exchange',
    primary: true,
    onSave: async () => {
      const result = await api.saveExchange(null, readExchange(form, pid));
      toast('Exchange created. Add its participants next.');
      navigate(`#/exchanges/${encodeURIComponent(result.record.id)}`, { replace: true, force: true });
      return result.warnings;
    },
  });
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('div', { class: 'title-block' },
      h('h1', null, 'Plan an exchange'),
      h('p', { class: 'muted' }, 'For ', h('a', { href: `#/partnerships/${encodeURIComponent(pid)}` }, p.title)))),
    detail.members.length === 0 ? h('p', { class: 'notice' }, 'This partnership has no members yet; add them on the partnership’s page to choose a host and group participants.') : null,
    form);
  return {
    title: 'Plan an exchange',
    node,
    crumbs: [{ label: 'Partnerships', href: '#/partnerships' }, { label: p.title, href: `#/partnerships/${encodeURIComponent(pid)}` }, { label: 'Plan an exchange' }],
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
    { label: 'Partnerships', href: '#/partnerships' },
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
    const zoneNote = x.time_zone && x.time_zone !== localTimeZone() ? ` (${x.time_zone} time)` : '';
    replace(header,
      h('div', { class: 'title-block' },
        h('h1', { 'data-testid': 'page-title' }, x.title),
        h('div', { class: 'chips' },
          exchangeStatusChip(x.status),
          h('span', { class: 'chip kind' }, enumLabel('exchange_format', x.format)),
          h('span', { class: 'muted small num' }, [when ? `${when}${zoneNote}` : 'Dates not set', place].filter(Boolean).join(' · '))),
        h('p', { class: 'muted small' }, 'Part of ', h('a', { href: partnershipHref }, detail.partnership.title))),
      h('div', { class: 'actions' },
        h('a', { class: 'btn primary', href: `#/exchanges/${encodeURIComponent(id)}/agenda`, 'data-testid': 'open-agenda' }, 'Agenda'),
        h('a', { class: 'btn primary', href: `#/exchanges/${encodeURIComponent(id)}/costs`, 'data-testid': 'open-costs' }, 'Costs'),
        h('button', { type: 'button', class: 'btn danger-outline', 'data-testid': 'delete', onclick: remove }, 'Delete…')));
  }

  async function remove() {
    const x = detail.exchange;
    const ok = await confirmDialog(`Delete the exchange “${x.title}” and its ${plural(detail.participants.length, 'participant')}?`, { title: 'Delete this exchange?', confirmLabel: 'Delete exchange', danger: true });
    if (!ok) return;
    try {
      await api.deleteExchange(id);
      toast(`“${x.title}” deleted.`);
      navigate(partnershipHref, { replace: true, force: true });
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  // ---- details form ----
  const form = detailsForm(detail.exchange, detail.members, 'Save');
  bindForm(form, { record: 'exchange',
    primary: true,
    onSave: async () => {
      const result = await api.saveExchange(id, readExchange(form, pid));
      toast('Saved.');
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
    title: `Import participants into “${detail.exchange.title}”`, onDone: () => refresh(),
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
        `Mark all ${formatNumber(confirmed)} confirmed as attended`)
      : null;

    replace(participantsSection,
      h('div', { class: 'section-header' },
        h('h2', { id: 'participants-h' }, 'Participants'),
        h('div', { class: 'actions' }, markAttended,
          h('button', { type: 'button', class: 'btn', 'data-testid': 'export-participants', title: 'The participant list as an Excel workbook, to send to a partner and import back edited', onclick: () => exportFile(() => api.saveListExport(id, 'xlsx')) }, 'Export list…'),
          h('button', { type: 'button', class: 'btn', 'data-testid': 'import-participants', title: 'From Excel, LibreOffice or CSV; or paste a delegation list copied from a spreadsheet or Word into this section', onclick: () => importFromFile(importOpts) }, 'Import a list…'),
          h('button', { type: 'button', class: 'btn primary', 'data-testid': 'add-participant', onclick: openAdder }, 'Add participant'))),
      h('p', { class: 'muted small', 'data-testid': 'size-summary' },
        `${plural(counted, 'person', 'people')} coming (absent and withdrawn not counted). The norm: ${norms.exchange_size_min}–${norms.exchange_size_max} people per exchange`,
        detail.exchange.format === 'virtual' ? '.' : `, visiting delegations of up to ${norms.delegation_max}.`),
      warningList(warnings, 'participant-warnings'),
      adder,
      detail.participants.length === 0 && detail.members.length === 0
        ? emptyState('No participants yet — add the people who take part.')
        : h('div', { class: 'groups' },
          groups.map((g) => renderGroup(g.label, g.rows, g.member, g.delegation, warnings)),
          staff.length ? renderGroup('No member (the broker’s staff and guests)', staff, null, undefined, warnings) : null));
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
        ?? `this visiting delegation has ${delegation?.count} people; the norm is up to ${detail.norms.delegation_max}`
      : null;
    let count;
    if (delegation?.is_host) count = `Host · ${plural(delegation.count, 'person', 'people')}`;
    else if (delegation) count = `Visiting delegation · ${delegation.count} of up to ${detail.norms.delegation_max}`;
    else count = plural(rows.length, 'participant');
    // The whole delegation's attendance at once ("all absent: their flight was cancelled").
    const bulk = rows.length > 1
      ? enumSelect('attendance', { 'aria-label': `${label}: set everyone's attendance`, 'data-testid': 'bulk-attendance', class: 'bulk-attendance' }, null, 'Set all to…')
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
        ? h('p', { class: 'muted small' }, 'Nobody yet.')
        : h('table', { class: 'data compact' },
          h('thead', null, h('tr', null, th('Name'), th('Represents'), th('Role'), th('Attendance'), th('', { className: 'actions-col' }))),
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
      toast(`${plural(changed, 'person', 'people')} now ${enumLabel('attendance', to).toLowerCase()}.`);
    } catch (e) {
      toast(`Not saved: ${api.toApiError(e).message}`, 'error');
    }
  }

  /** @param {api.ExchangeDetail['participants'][number]} row */
  function renderParticipantRow({ participant, person }) {
    const rowId = participant.id;
    const memberSel = h('select', { name: 'member_id', 'aria-label': `${person.name}: represents` }, option('', 'No member', !participant.member_id));
    for (const m of detail.members) memberSel.appendChild(option(m.id, m.label, m.id === participant.member_id));
    const roleSel = enumSelect('participant_role', { name: 'role', 'aria-label': `${person.name}: role` }, participant.role);
    const attendanceSel = enumSelect('attendance', { name: 'attendance', 'aria-label': `${person.name}: attendance` }, participant.attendance);
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
        toast(`Not saved: ${api.toApiError(e).fields[0]?.message ?? api.toApiError(e).message}`, 'error');
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
          if (!(await confirmDialog(`Remove ${person.name} from this exchange? The person stays in the directory.`, { title: 'Remove participant?', confirmLabel: 'Remove', danger: true }))) return;
          try {
            await api.deleteParticipant(rowId);
            await refresh();
          } catch (e) {
            toast(api.toApiError(e).message, 'error');
          }
        },
      }, 'Remove')));
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
      name: 'person_id', label: 'Person', allowClear: true,
      onAddNew: (typed) => {
        /** @type {HTMLInputElement} */ (newPerson).checked = true;
        syncSource();
        const nameInput = /** @type {HTMLInputElement} */ (newFields.querySelector('input[name=name]'));
        nameInput.value = typed;
        nameInput.dispatchEvent(new Event('input', { bubbles: true }));
        /** @type {HTMLElement} */ (newFields.querySelector('input[name=organisation]')).focus();
      },
    });
    const memberSel = h('select', { name: 'member_id' }, option('', 'No member (the broker’s staff or a guest)', false));
    for (const m of detail.members) memberSel.appendChild(option(m.id, m.label + (m.id === hostId ? ' — host' : ''), false));
    // Preselect the first visiting member: most people added are visiting delegates.
    const firstVisitor = detail.members.find((m) => m.id !== hostId) ?? detail.members[0];
    if (firstVisitor) memberSel.value = firstVisitor.id;
    const roleSel = enumSelect('participant_role', { name: 'role' }, firstVisitor && firstVisitor.id === hostId ? 'host' : 'visiting_delegate');
    const attendanceSel = enumSelect('attendance', { name: 'attendance' }, 'invited');
    const newCountry = countrySelect({ name: 'country_code' }, firstVisitor?.country_code ?? null, 'Not set');

    // The role follows the member: the host's people are hosts, the others visiting delegates.
    memberSel.addEventListener('change', () => {
      if (memberSel.value === hostId && roleSel.value === 'visiting_delegate') roleSel.value = 'host';
      else if (memberSel.value !== hostId && roleSel.value === 'host') roleSel.value = 'visiting_delegate';
      const m = detail.members.find((mm) => mm.id === memberSel.value);
      if (m && !newFields.contains(document.activeElement)) newCountry.value = m.country_code;
    });

    const directoryFields = h('div', { class: 'field wide', 'data-testid': 'directory-fields' }, picker.element, ...messageSlots('person_id'));
    const newFields = h('div', { class: 'grid inner', 'data-testid': 'new-person-fields', hidden: true },
      field('Name', textInput('name', ''), { required: true }),
      field('Organisation', textInput('organisation', '')),
      field('Email', textInput('email', '', { type: 'email', spellcheck: 'false' })),
      field('Country', newCountry));
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
      { testid: 'participant-form', saveLabel: 'Add participant', className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-participant', onclick: () => replace(adder) }, 'Close')] },
      h('fieldset', { class: 'grid' },
        h('legend', null, 'Add a participant'),
        h('div', { class: 'field wide radio-row', role: 'radiogroup', 'aria-label': 'Who' },
          h('span', { class: 'radio' }, fromDirectory, h('label', { for: fromDirectory.id }, 'Someone in the directory')),
          h('span', { class: 'radio' }, newPerson, h('label', { for: newPerson.id }, 'A new person'))),
        directoryFields,
        newFields,
        field('Represents', memberSel),
        field('Role', roleSel),
        field('Attendance', attendanceSel)),
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
          throw new api.ApiError('invalid', 'Nobody chosen', [{ field: 'person_id', message: 'choose a person from the directory, or choose “A new person”' }]);
        }
        await api.saveParticipant(null, data, person);
        toast('Participant added.');
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
    h('section', { class: 'section', 'aria-label': 'Details' }, form),
    participantsSection);
  return {
    title: detail.exchange.title,
    node,
    crumbs: crumbs(),
  };
}
