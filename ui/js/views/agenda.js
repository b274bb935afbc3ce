// An exchange's agenda: days of sessions built with the partners — add, edit, duplicate,
// delete, reorder (buttons, Alt+↑/↓ on a focused session, or drag), with the times shifting
// only when the officer asks. Warnings and the balance of who leads come from the core.
// The page also holds the printable agenda (hidden on screen; the print stylesheet shows it
// alone), in the language chosen for this agenda.

import * as api from '../api.js';
import { h, replace, option, uid } from '../dom.js';
import { enumSelect, enumLabel, formatDateRange, formatLongDate, zoneCity } from '../format.js';
import { bindForm, formShell, field, textInput, textArea, dateInput, readFields, messageSlots } from '../forms.js';
import { navigate, setTitle } from '../router.js';
import { emptyState, confirmDialog, toast, warningList } from '../widgets.js';
import { exportFile } from './followup.js';
import { timeField, typedValue } from '../typed.js';
import { t } from '../i18n.js';

const SHIFT_KEY = 'peerplan.agenda.shiftTimes';

/** "1 h 30 min" */
function duration(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('agenda.duration_min', { minutes: rest });
  return rest === 0 ? t('agenda.duration_h', { hours }) : t('agenda.duration_h_min', { hours, minutes: rest });
}

/** "09:30" + 60 → "10:30", capped at 23:59. @param {string} time @param {number} add */
function addMinutes(time, add) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!m) return '';
  const total = Math.min(Number(m[1]) * 60 + Number(m[2]) + add, 23 * 60 + 59);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** @param {string} iso @param {number} days */
function addDays(iso, days) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A share as a bar (width set through the CSSOM: the CSP allows no inline styles). */
function shareBar(/** @type {number} */ percent, /** @type {boolean} */ other) {
  const fill = h('span', { class: ['bar-fill', other && 'other'] });
  fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  return h('span', { class: 'bar-track', role: 'img', 'aria-label': t('agenda.share_of_time', { percent }) }, fill);
}

/** @param {import('../router.js').Route} route */
export async function agendaView(route) {
  const id = route.params.id;
  /** @type {api.AgendaView} */
  let view = await api.getAgenda(id);
  /** @type {api.AgendaDocument} */
  let printable = await api.getAgendaDocument(id);
  const exchangeHref = `#/exchanges/${encodeURIComponent(id)}`;
  const crumbs = () => [
    { label: t('agenda.crumb_partnerships'), href: '#/partnerships' },
    { label: view.partnership_title, href: `#/partnerships/${encodeURIComponent(view.partnership_id)}` },
    { label: view.exchange.title, href: exchangeHref },
    { label: t('agenda.crumb_agenda') },
  ];

  const header = h('header', { class: 'page-header' });
  const toolbar = h('section', { class: 'section agenda-toolbar', 'aria-label': t('agenda.settings_label') });
  const warningsSlot = h('div', { 'data-testid': 'agenda-warnings-slot' });
  const balanceSection = h('section', { class: 'section', 'aria-labelledby': 'balance-h', 'data-testid': 'agenda-balance' });
  const daysSection = h('div', { class: 'agenda-days', 'data-testid': 'agenda-days' });
  const dayAdder = h('div', { class: 'editor-slot' });
  const printDoc = h('article', { class: 'print-agenda', 'data-testid': 'print-agenda', 'aria-hidden': 'true' });
  /** The session being dragged, if any. */
  let dragged = /** @type {string | null} */ (null);
  /** The open session editor, by session id ('new:<day id>' for a new one). */
  let openEditor = /** @type {string | null} */ (null);
  /** @type {HTMLElement | null} */
  let editorNode = null;

  const shiftBox = h('input', {
    type: 'checkbox', id: uid('shift'), 'data-testid': 'shift-times', 'data-not-data': true,
    checked: localStorage.getItem(SHIFT_KEY) !== 'false',
    onchange: () => localStorage.setItem(SHIFT_KEY, String(shiftBox.checked)),
  });
  const shiftTimes = () => shiftBox.checked;

  async function refresh() {
    [view, printable] = await Promise.all([api.getAgenda(id), api.getAgendaDocument(id)]);
    render();
  }

  /** Runs an action, shows its error as a toast, and redraws. @param {() => Promise<any>} run */
  async function act(run) {
    try {
      await run();
    } catch (e) {
      const err = api.toApiError(e);
      toast(err.fields[0]?.message ? `${err.message}: ${err.fields[0].message}` : err.message, 'error');
    }
    await refresh();
  }

  function renderHeader() {
    const x = view.exchange;
    if (header.isConnected) setTitle(t('agenda.page_title', { title: x.title }), crumbs());
    const count = view.days.reduce((n, d) => n + d.sessions.length, 0);
    replace(header,
      h('div', { class: 'title-block' },
        h('h1', { 'data-testid': 'page-title' }, t('agenda.heading', { title: x.title })),
        h('p', { class: 'muted small num' },
          [formatDateRange(x.start_date, x.end_date) || t('agenda.dates_not_set'), enumLabel('exchange_format', x.format),
            t('agenda.times_in', { zone: zoneCity(x.time_zone) }),
            `${t('agenda.day_count', { count: view.days.length })}, ${t('agenda.session_count', { count })}`].join(' · '))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'print-agenda-button', onclick: () => api.printCurrentPage(), title: t('agenda.print_title') }, t('agenda.print')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-pdf', onclick: () => exportAgenda('pdf') }, t('agenda.export_pdf')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-docx', onclick: () => exportAgenda('docx') }, t('agenda.export_docx')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-ics', onclick: () => exportAgenda('ics') }, t('agenda.export_ics')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-html', onclick: () => exportAgenda('html') }, t('agenda.export_html'))));
  }

  /** @param {'pdf'|'docx'|'ics'|'html'} format */
  function exportAgenda(format) {
    return exportFile(() => api.saveAgendaExport(id, format, icsPerDay.checked));
  }
  const icsPerDay = h('input', { type: 'checkbox', id: uid('per-day'), 'data-testid': 'ics-per-day', 'data-not-data': true });

  function renderToolbar() {
    const s = view.settings;
    const language = enumSelect('agenda_language', { name: 'language', 'data-testid': 'agenda-language' }, s.language);
    const paper = enumSelect('paper_size', { name: 'paper', 'data-testid': 'agenda-paper' }, s.paper);
    const participants = h('input', { type: 'checkbox', id: uid('with-people'), name: 'include_participants', checked: s.include_participants, 'data-testid': 'agenda-include-participants' });
    const save = () => act(() => api.saveAgendaSettings(id, {
      language: /** @type {any} */ (language.value), paper: /** @type {any} */ (paper.value), include_participants: participants.checked,
    }));
    for (const el of [language, paper, participants]) el.addEventListener('change', save);
    replace(toolbar,
      h('div', { class: 'toolbar-row' },
        h('label', { class: 'inline' }, `${t('agenda.printed_in')} `, language),
        h('label', { class: 'inline' }, `${t('agenda.paper')} `, paper),
        h('span', { class: 'check' }, participants, h('label', { for: participants.id }, t('agenda.print_participants'))),
        h('span', { class: 'check' }, icsPerDay, h('label', { for: icsPerDay.id }, t('agenda.ics_per_day'))),
        h('span', { class: 'check' }, shiftBox, h('label', { for: shiftBox.id }, t('agenda.keep_in_sequence')))),
      templateRow());
  }

  function templateRow() {
    const empty = view.days.every((d) => d.sessions.length === 0);
    return h('div', { class: 'toolbar-row' },
      empty
        ? h('button', { type: 'button', class: 'btn', 'data-testid': 'start-from-template', onclick: startFromTemplate }, t('agenda.start_from_template'))
        : h('button', { type: 'button', class: 'btn', 'data-testid': 'save-as-template', onclick: saveAsTemplate }, t('agenda.save_as_template')));
  }

  async function saveAsTemplate() {
    const name = h('input', { type: 'text', 'data-testid': 'template-name', value: t('agenda.template_default_name', { title: view.exchange.title, count: view.days.length }) });
    const ok = await confirmDialog(h('div', null, h('p', null, t('agenda.template_keeps')), h('label', null, `${t('agenda.template_name')} `, name)), { title: t('agenda.save_as_template_title'), confirmLabel: t('agenda.save_template') });
    if (!ok) return;
    await act(async () => {
      const tpl = await api.saveAgendaAsTemplate(id, name.value, '');
      toast(t('agenda.template_saved', { name: tpl.name }));
    });
  }

  async function startFromTemplate() {
    const templates = await api.listAgendaTemplates();
    if (templates.length === 0) {
      toast(t('agenda.no_template'));
      return;
    }
    const choice = h('select', { 'data-testid': 'template-choice' }, templates.map((tpl) => option(tpl.id, t('agenda.template_option', { name: tpl.name, count: tpl.days.length }))));
    const first = dateInput('first_day', view.exchange.start_date);
    const ok = await confirmDialog(h('div', null, h('label', null, `${t('agenda.template')} `, choice), h('label', null, `${t('agenda.first_day')} `, first)), { title: t('agenda.start_from_template_title'), confirmLabel: t('agenda.use_template') });
    if (!ok) return;
    await act(async () => {
      const n = await api.applyAgendaTemplate(choice.value, id, typedValue(/** @type {HTMLInputElement} */ (first)) || null);
      toast(t('agenda.sessions_added', { count: n }));
    });
  }

  function renderWarnings() {
    replace(warningsSlot, view.warnings.length
      ? warningList(view.warnings.map((w) => ({ severity: 'warning', field: '', code: w.code, message: w.message })), 'agenda-warnings')
      : null);
  }

  function renderBalance() {
    const b = view.balance;
    replace(balanceSection,
      h('h2', { id: 'balance-h' }, t('agenda.who_leads')),
      b.sessions === 0
        ? h('p', { class: 'muted small' }, t('agenda.balance_empty'))
        : [
          h('p', { class: 'muted small' }, t('agenda.balance_summary', { count: b.sessions, duration: duration(b.minutes) })),
          h('table', { class: 'data compact balance' },
            h('thead', null, h('tr', null, h('th', null, t('agenda.col_member')), h('th', { class: 'num' }, t('agenda.col_sessions')), h('th', { class: 'num' }, t('agenda.col_time')), h('th', null, t('agenda.col_share')))),
            h('tbody', null, b.rows.map((r) => h('tr', { 'data-testid': 'balance-row', 'data-member-id': r.member_id ?? '' },
              h('td', null, r.label),
              h('td', { class: 'num' }, t('agenda.sessions_with_share', { sessions: r.sessions, percent: r.session_share })),
              h('td', { class: 'num' }, duration(r.minutes)),
              h('td', { class: 'bar-cell' }, shareBar(r.minute_share, !r.member_id), ` ${t('agenda.percent', { percent: r.minute_share })}`))))),
        ]);
  }

  function renderDays() {
    replace(daysSection,
      view.days.length === 0 ? emptyState(t('agenda.days_empty')) : null,
      view.days.map(renderDay),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', 'data-testid': 'add-day', onclick: openDayForm }, t('agenda.add_a_day'))),
      dayAdder);
  }

  /** @param {api.AgendaDayView} day */
  function renderDay(day) {
    const list = h('ol', { class: 'sessions', 'data-day-id': day.id });
    // Accepting the drop takes preventDefault on both dragenter and dragover, and a drop
    // effect the dragged row allows ('move').
    const accept = (/** @type {DragEvent} */ e) => {
      if (!dragged) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      list.classList.add('drop-target');
    };
    list.addEventListener('dragenter', accept);
    list.addEventListener('dragover', accept);
    list.addEventListener('dragleave', () => list.classList.remove('drop-target'));
    list.addEventListener('drop', (e) => {
      e.preventDefault();
      list.classList.remove('drop-target');
      const sid = dragged;
      dragged = null;
      if (!sid) return;
      // The drop position: before the first session whose middle is below the pointer.
      const rows = [...list.querySelectorAll(':scope > li[data-id]')].filter((li) => /** @type {HTMLElement} */ (li).dataset.id !== sid);
      let position = rows.findIndex((li) => { const r = li.getBoundingClientRect(); return e.clientY < r.top + r.height / 2; });
      if (position < 0) position = rows.length;
      act(() => api.moveAgendaSession(sid, day.id, position, shiftTimes()));
    });
    day.sessions.forEach((s, i) => {
      list.appendChild(renderSession(day, s, i));
      if (openEditor === s.id && editorNode) list.appendChild(h('li', { class: 'editor' }, editorNode));
    });
    if (openEditor === `new:${day.id}` && editorNode) list.appendChild(h('li', { class: 'editor' }, editorNode));
    const dayWarnings = view.warnings.filter((w) => w.day_id === day.id && !w.session_id);
    return h('section', { class: 'section agenda-day', 'data-testid': 'agenda-day', 'data-day-id': day.id },
      h('div', { class: 'section-header' },
        h('h2', null, t('agenda.day_heading', { number: day.number, date: day.day_date ? formatLongDate(day.day_date) : t('agenda.no_date') }), day.title ? h('span', { class: 'muted' }, ` — ${day.title}`) : null),
        h('div', { class: 'actions' },
          day.span_minutes ? h('span', { class: 'muted small num' }, duration(day.span_minutes)) : null,
          h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-day', onclick: () => openDayForm(day) }, t('agenda.edit_day')),
          h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-day', onclick: () => removeDay(day) }, t('agenda.delete_day')))),
      dayWarnings.length ? h('ul', { class: 'warnings' }, dayWarnings.map((w) => h('li', null, w.message))) : null,
      list,
      day.sessions.length === 0 ? h('p', { class: 'muted small' }, t('agenda.day_empty')) : null,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary small', 'data-testid': 'add-session', onclick: () => openSessionForm(day, null) }, t('agenda.add_session'))));
  }

  /** @param {api.AgendaDayView} day @param {api.SessionView} s @param {number} index */
  function renderSession(day, s, index) {
    const warnings = view.warnings.filter((w) => w.session_id === s.id);
    const move = (/** @type {number} */ delta) => {
      const target = index + delta;
      if (target < 0 || target >= day.sessions.length) return Promise.resolve();
      return act(async () => {
        await api.moveAgendaSession(s.id, day.id, target, shiftTimes());
      }).then(() => /** @type {HTMLElement | null} */ (daysSection.querySelector(`li[data-id="${CSS.escape(s.id)}"]`))?.focus());
    };
    const li = h('li', {
      class: ['session', `kind-${s.kind}`, warnings.length && 'has-warning'], 'data-id': s.id, 'data-testid': 'agenda-session',
      tabindex: '0', draggable: 'true', 'aria-label': t('agenda.session_aria', { start: s.start_time, end: s.end_time, title: s.title }),
      onkeydown: (/** @type {KeyboardEvent} */ e) => {
        if (e.target !== li) return;
        if (e.altKey && e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
        else if (e.altKey && e.key === 'ArrowDown') { e.preventDefault(); move(1); }
        else if (e.key === 'Enter') { e.preventDefault(); openSessionForm(day, s); }
        else if (e.key === 'Delete') { e.preventDefault(); removeSession(s); }
      },
      ondragstart: (/** @type {DragEvent} */ e) => {
        // The id is kept here, not only in the drag data: WebKitGTK passes custom types
        // through the GTK selection unreliably. Plain text is set so the drag is valid.
        dragged = s.id;
        e.dataTransfer?.setData('text/plain', s.title);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
        li.classList.add('dragging');
      },
      ondragend: () => { li.classList.remove('dragging'); dragged = null; },
    },
    h('div', { class: 'time num' }, h('div', { 'data-testid': 'session-time' }, `${s.start_time}–${s.end_time}`), h('div', { class: 'muted small' }, duration(s.minutes))),
    h('div', { class: 'body' },
      h('div', { class: 'title-line' }, h('strong', { 'data-testid': 'session-title' }, s.title), ' ', h('span', { class: 'chip kind' }, enumLabel('session_kind', s.kind))),
      s.description ? h('p', { class: 'description' }, s.description) : null,
      h('p', { class: 'muted small' },
        [s.lead_label ? t('agenda.led_by_member', { member: s.lead_label }) : (s.kind === 'break' || s.kind === 'meal' ? null : t('agenda.no_lead')),
          s.presenter_names.length ? t('agenda.presenters_list', { names: s.presenter_names.join(', ') }) : null,
          s.location ? t('agenda.room', { room: s.location }) : null].filter(Boolean).join(' · ')),
      s.link ? h('p', { class: 'small' }, `${t('agenda.link_label')} `, h('span', { class: 'link-text' }, s.link)) : null,
      s.local_times.length ? h('ul', { class: 'local-times small', 'data-testid': 'local-times' }, s.local_times.map((lt) => h('li', null,
        h('span', { class: 'muted' }, `${t('agenda.local_time_label', { label: lt.label })} `),
        h('span', { class: 'num' }, `${lt.start}–${lt.end}`),
        lt.day_offset ? h('span', { class: 'muted' }, ` (${lt.day_offset > 0 ? t('agenda.next_day') : t('agenda.day_before')})`) : null))) : null,
      warnings.map((w) => h('p', { class: 'field-warning', 'data-testid': 'session-warning' }, w.message))),
    h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn small', 'data-testid': 'move-up', 'aria-label': t('agenda.move_up', { title: s.title }), disabled: index === 0, onclick: () => move(-1) }, '↑'),
      h('button', { type: 'button', class: 'btn small', 'data-testid': 'move-down', 'aria-label': t('agenda.move_down', { title: s.title }), disabled: index === day.sessions.length - 1, onclick: () => move(1) }, '↓'),
      h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-session', onclick: () => openSessionForm(day, s) }, t('common.edit')),
      h('button', { type: 'button', class: 'btn small', 'data-testid': 'duplicate-session', onclick: () => act(() => api.duplicateAgendaSession(s.id)) }, t('agenda.duplicate')),
      h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-session', onclick: () => removeSession(s) }, t('common.delete'))));
    return li;
  }

  /** @param {api.SessionView} s */
  async function removeSession(s) {
    if (!(await confirmDialog(t('agenda.delete_session_confirm', { title: s.title, start: s.start_time, end: s.end_time }), { title: t('agenda.delete_session_title'), confirmLabel: t('common.delete'), danger: true }))) return;
    await act(() => api.deleteAgendaSession(s.id));
  }

  /** @param {api.AgendaDayView} day */
  async function removeDay(day) {
    const msg = day.sessions.length
      ? t('agenda.delete_day_with_sessions', { number: day.number, count: day.sessions.length })
      : t('agenda.delete_day_confirm', { number: day.number });
    if (!(await confirmDialog(msg, { title: t('agenda.delete_day_title'), confirmLabel: t('agenda.delete_day'), danger: true }))) return;
    await act(() => api.deleteAgendaDay(day.id));
  }

  /** @param {api.AgendaDayView} [day] */
  function openDayForm(day) {
    const last = view.days[view.days.length - 1];
    const suggested = day?.day_date ?? (last?.day_date ? addDays(last.day_date, 1) : view.exchange.start_date);
    const form = formShell(
      { testid: 'day-form', saveLabel: day ? t('agenda.save_day') : t('agenda.add_day'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', onclick: () => replace(dayAdder) }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, day ? t('agenda.day_number', { number: day.number }) : t('agenda.new_day')),
        field(t('agenda.field_date'), dateInput('day_date', suggested), { required: true }),
        field(t('agenda.field_title'), textInput('title', day?.title ?? ''), { hint: t('agenda.day_title_hint') })));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-day');
    bindForm(form, { record: 'agenda_day',
      onSave: async () => {
        const data = /** @type {api.AgendaDayData} */ ({ exchange_id: id, ...readFields(form, { day_date: 'date', title: 'text' }) });
        const result = await api.saveAgendaDay(day?.id ?? null, data);
        replace(dayAdder);
        await refresh();
        return result.warnings;
      },
    });
    replace(dayAdder, form);
    /** @type {HTMLElement} */ (form.querySelector('input[name=day_date]')).focus();
  }

  /**
   * The add/edit session form, shown in place of (below) the session.
   * @param {api.AgendaDayView} day
   * @param {api.SessionView | null} s
   */
  function openSessionForm(day, s) {
    const previous = day.sessions[day.sessions.length - 1];
    const start = s?.start_time ?? (previous ? previous.end_time : '09:00');
    const end = s?.end_time ?? addMinutes(start, 60);
    // Who leads: one member, several together, or none (the broker). Ticked in the order
    // shown; the first ticked is the lead, the others co-lead.
    const leading = new Set([s?.lead_member_id, ...(s?.co_lead_member_ids ?? [])].filter(Boolean));
    const lead = h('fieldset', { class: 'field leads', 'data-testid': 'session-leads' },
      h('legend', null, t('agenda.led_by')),
      view.members.map((m) => {
        const box = h('input', { type: 'checkbox', id: uid('lead'), value: m.id, checked: leading.has(m.id), 'data-lead': m.id });
        return h('span', { class: 'check' }, box, h('label', { for: box.id }, m.label));
      }),
      h('div', { class: 'hint' }, t('agenda.led_by_hint')),
      ...messageSlots('lead_member_id'), ...messageSlots('co_lead_member_ids'));
    const chosen = new Set(s?.presenter_ids ?? []);
    const presenters = h('fieldset', { class: 'field wide presenters', 'data-testid': 'presenters' },
      h('legend', null, t('agenda.presenters_legend')),
      view.participants.length === 0 ? h('p', { class: 'muted small' }, t('agenda.no_participants')) : null,
      view.participants.map((p) => {
        const box = h('input', { type: 'checkbox', id: uid('presenter'), value: p.person_id, checked: chosen.has(p.person_id), 'data-not-data': true, 'data-presenter': p.person_id });
        return h('span', { class: 'check' }, box, h('label', { for: box.id }, p.name, h('span', { class: 'muted small' }, ` ${p.member_label}`)));
      }));
    const shiftThis = h('input', { type: 'checkbox', id: uid('shift-following'), checked: shiftTimes(), 'data-not-data': true, 'data-testid': 'shift-following' });
    const form = formShell(
      { testid: 'session-form', saveLabel: s ? t('agenda.save_session') : t('agenda.add_session'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-session', onclick: closeEditor }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, s ? t('agenda.edit_session', { title: s.title }) : t('agenda.new_session', { number: day.number })),
        field(t('agenda.field_starts'), timeField('start_time', start, { required: true }), { required: true, hint: t('agenda.starts_hint') }),
        field(t('agenda.field_ends'), timeField('end_time', end, { required: true }), { required: true }),
        field(t('agenda.field_title'), textInput('title', s?.title ?? ''), { required: true, wide: true }),
        field(t('agenda.field_type'), enumSelect('session_kind', { name: 'kind' }, s?.kind ?? 'presentation')),
        lead,
        presenters,
        field(t('agenda.field_room'), textInput('location', s?.location ?? '')),
        view.exchange.format === 'in_person' ? null : field(t('agenda.field_link'), textInput('link', s?.link ?? '', { type: 'url', spellcheck: 'false', placeholder: 'https://' })),
        field(t('agenda.field_description'), textArea('description', s?.description ?? ''), { wide: true }),
        s ? h('div', { class: 'field wide check' }, shiftThis, h('label', { for: shiftThis.id }, t('agenda.shift_following'))) : null));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-session');
    bindForm(form, { record: 'agenda_session',
      onSave: async () => {
        const fields = readFields(form, { start_time: 'time', end_time: 'time', title: 'text', kind: 'text', location: 'text', link: 'text', description: 'text' });
        const leads = [...lead.querySelectorAll('input[data-lead]:checked')].map((el) => /** @type {HTMLInputElement} */ (el).value);
        const data = /** @type {api.AgendaSessionData} */ ({
          exchange_id: id,
          day_id: day.id,
          position: s?.position ?? 0,
          link: '',
          ...fields,
          lead_member_id: leads[0] ?? null,
          co_lead_member_ids: leads.slice(1),
          presenter_ids: [...presenters.querySelectorAll('input[data-presenter]:checked')].map((el) => /** @type {HTMLInputElement} */ (el).value),
        });
        const result = await api.saveAgendaSession(s?.id ?? null, data, Boolean(s) && shiftThis.checked);
        closeEditor(false);
        await refresh();
        // Focus the saved session, so the keyboard user carries on from it.
        /** @type {HTMLElement | null} */ (daysSection.querySelector(`li[data-id="${CSS.escape(result.record.id)}"]`))?.focus();
        return [];
      },
    });
    openEditor = s ? s.id : `new:${day.id}`;
    editorNode = form;
    renderDays();
    /** @type {HTMLElement} */ (form.querySelector(s ? 'input[name=title]' : 'input[name=start_time]')).focus();
  }

  function closeEditor(redraw = true) {
    openEditor = null;
    editorNode = null;
    if (redraw) renderDays();
  }

  function render() {
    renderHeader();
    renderToolbar();
    renderWarnings();
    renderBalance();
    renderDays();
    renderPrintable(printDoc, printable);
  }

  render();
  const node = h('div', { class: 'page agenda-page' },
    h('div', { class: 'screen-only' },
      header,
      h('p', { class: 'muted small' }, h('a', { href: exchangeHref }, t('agenda.back_to_exchange'))),
      toolbar,
      warningsSlot,
      daysSection,
      balanceSection),
    printDoc);
  return { title: t('agenda.page_title', { title: view.exchange.title }), node, crumbs: crumbs() };
}

/**
 * The printed agenda: title, partnership and members, dates, venue, objectives, then each
 * day as a table (a new page per day), then the participants by delegation. Labels and dates
 * come from the core in the agenda's language, the same words as the PDF and Word exports.
 * @param {HTMLElement} root
 * @param {api.AgendaDocument} printable
 */
function renderPrintable(root, { doc, labels }) {
  const L = labels;
  const facts = [
    [L.partnership, doc.partnership_title],
    [L.members, doc.members.join('; ')],
    [L.dates, L.date_range],
    [L.venue, doc.venue || L.format],
    [L.time_zone, L.time_zone_lines.join('\n')],
  ].filter(([, v]) => v);
  // One time column per zone when members sit in several, so every place reads its own hour.
  const timeHeads = (i) => (L.zone_headings[i].length ? L.zone_headings[i] : [L.time]);
  const timeCells = (s) => (doc.zones.length > 1
    ? s.times.map((tm) => h('td', { class: 'time' }, tm.text))
    : [h('td', { class: 'time' }, `${s.start.slice(0, 5)}–${s.end.slice(0, 5)}`)]);
  replace(root,
    h('header', { class: 'print-agenda-head' },
      h('p', { class: 'eyebrow' }, L.agenda),
      h('h1', null, doc.title),
      h('dl', null, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
      doc.objectives ? [h('h2', null, L.objectives), h('p', { class: 'objectives' }, doc.objectives)] : null),
    doc.days.map((day, i) => h('section', { class: 'print-day' },
      h('h2', null, L.day_headings[i], day.title ? ` — ${day.title}` : ''),
      h('table', null,
        h('thead', null, h('tr', null, timeHeads(i).map((head) => h('th', { class: 'time' }, head)), h('th', null, L.session), h('th', { class: 'who' }, L.led_by))),
        h('tbody', null, day.sessions.map((s) => h('tr', { class: `kind-${s.kind}` },
          timeCells(s),
          h('td', null,
            h('strong', null, s.title), h('span', { class: 'kind' }, ` · ${L.kinds[s.kind]}`),
            s.description ? h('div', { class: 'description' }, s.description) : null,
            s.location ? h('div', { class: 'small' }, `${L.room}: ${s.location}`) : null,
            s.link ? h('div', { class: 'small' }, `${L.link}: ${s.link}`) : null),
          h('td', { class: 'who' },
            s.lead ? h('div', null, s.lead) : null,
            s.presenters.length ? h('div', { class: 'small' }, `${L.presenters}: ${s.presenters.join(', ')}`) : null))))))),
    doc.delegations ? h('section', { class: 'print-day print-participants' },
      h('h2', null, L.participants),
      doc.delegations.map((g) => [
        h('h3', null, g.member || L.no_member),
        h('ul', null, g.people.map((p) => h('li', null, h('strong', null, p.name), p.position ? `, ${p.position}` : ''))),
      ])) : null);
}
