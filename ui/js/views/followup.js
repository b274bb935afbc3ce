// Follow-up (issue 7): the portfolio dashboard (#/follow-up), the follow-up section of a
// partnership page (plan, contact log, reflection checklist, learning log, mutuality chart)
// and the "overdue today" notice shown at start.

import * as api from '../api.js';
import { h, replace, append, option } from '../dom.js';
import { enumLabel, enumSelect, formatDate, formatMoney, formatNumber, todayIso } from '../format.js';
import { bindForm, formShell, field, textInput, textArea, dateInput, readFields } from '../forms.js';
import { emptyState, toast, confirmDialog, th } from '../widgets.js';
import { t, has } from '../i18n.js';

/** @param {string} id */
const partnershipHref = (id) => `#/partnerships/${encodeURIComponent(id)}`;

/**
 * "74 days since the last contact" and the like, from a going-quiet flag: one message per
 * basis (keys followup.quiet.contact, .completed_action, .held_exchange, .partnership_start;
 * followup.quiet.other for a basis this screen does not know).
 * @param {api.GoingQuiet} q
 */
export function quietFigure(q) {
  // i18n-dynamic: followup.quiet.
  const key = has(`followup.quiet.${q.basis}`) ? `followup.quiet.${q.basis}` : 'followup.quiet.other';
  return t(key, { count: q.days, since: formatDate(q.since), threshold: q.threshold_days });
}

/** @param {api.OneSided} o */
export function oneSidedFigure(o) {
  const top = o.top_initiator;
  const parts = [t('followup.one_sided.initiated', { member: top.label, initiated: top.count, contacts: o.contacts, percent: top.percent })];
  if (o.all_one_way) parts.push(t('followup.one_sided.all_one_way'));
  else parts.push(t('followup.two_way_one_way', { two_way: o.two_way, one_way: o.one_way }));
  return parts.join('; ');
}

/** @param {api.ActionDue} a */
function overdueFigure(a) {
  return t('followup.overdue_figure', { count: a.days, date: formatDate(a.due_date) });
}

/**
 * Runs an export that asks where to save: a toast with the path when saved, nothing when the
 * officer cancelled, the error's message in an error toast when it failed.
 * @param {() => Promise<string|null>} run
 */
export async function exportFile(run) {
  try {
    const path = await run();
    if (path) toast(t('followup.saved_to', { path }));
  } catch (e) {
    toast(api.toApiError(e).message, 'error');
  }
}

/** @param {number} days */
function inDays(days) {
  return days === 0 ? t('followup.today') : days === 1 ? t('followup.tomorrow') : t('followup.in_days', { count: days });
}

// ---- the dashboard ----

export async function followUpDashboardView() {
  const board = await api.followUpDashboard();
  /**
   * @param {string} testid
   * @param {string} heading
   * @param {string} explain
   * @param {string} empty
   * @param {HTMLElement[]} rows
   */
  const block = (testid, heading, explain, empty, rows) => h('section', { class: 'section', 'data-testid': testid },
    h('h2', null, heading, ' ', h('span', { class: 'count num muted' }, rows.length ? `(${formatNumber(rows.length)})` : '')),
    h('p', { class: 'muted small' }, explain),
    rows.length ? h('ul', { class: 'flag-list' }, rows) : emptyState(empty));
  /**
   * @param {string} pid
   * @param {string} title
   * @param {import('../dom.js').Child} figure
   * @param {string} [rowId]
   */
  const row = (pid, title, figure, rowId) => h('li', { 'data-id': pid, 'data-row': rowId ?? pid },
    h('a', { href: partnershipHref(pid), class: 'what' }, title),
    h('span', { class: 'figure', 'data-testid': 'figure' }, figure));
  /** @param {api.UpcomingRow} r */
  const checkIn = (r) => row(r.partnership_id, r.title,
    `${r.what} — ${enumLabel('contact_channel', r.channel)}${r.who ? `, ${r.who}` : ''}, ${formatDate(r.date)} (${inDays(r.days_until)})`, r.id);
  const q = board.norms;
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('div', { class: 'title-block' },
      h('h1', null, t('followup.title')),
      h('p', { class: 'muted small' }, t('followup.intro', { date: formatDate(board.today) }))),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'btn', 'data-testid': 'export-all-reminders',
          title: t('followup.export_all_hint'),
          onclick: () => exportFile(() => api.saveRemindersIcs(null)),
        }, t('followup.export_all')))),
    block('followup-quiet', t('followup.quiet.heading'),
      t('followup.quiet.explain', { count: q.quiet_after_days }),
      t('followup.quiet.empty'),
      board.going_quiet.map((r) => row(r.partnership_id, r.title, quietFigure(r)))),
    block('followup-overdue', t('followup.overdue.heading'), t('followup.overdue.explain'),
      t('followup.overdue.empty'),
      board.overdue.map((r) => row(r.partnership_id, r.title, h('span', null, h('strong', null, r.what), ` — ${overdueFigure(r)}${r.owner ? `, ${r.owner}` : ''}`), r.action_id))),
    h('div', { class: 'two-col' },
      block('followup-week', t('followup.week.heading'), t('followup.week.explain'),
        t('followup.week.empty'), board.this_week.map(checkIn)),
      block('followup-month', t('followup.month.heading'), t('followup.month.explain'),
        t('followup.month.empty'), board.this_month.map(checkIn))),
    block('followup-one-sided', t('followup.one_sided.heading'),
      t('followup.one_sided.explain', { percent: q.one_sided_share_percent, min: q.one_sided_min_contacts }),
      t('followup.one_sided.empty'),
      board.one_sided.map((r) => row(r.partnership_id, r.title, oneSidedFigure(r)))));
  return { title: t('followup.title'), node, crumbs: [] };
}

/**
 * The notice shown at start when actions are overdue today; null when none are.
 * @returns {Promise<HTMLElement | null>}
 */
export async function overdueNotice() {
  const board = await api.followUpDashboard();
  if (!board.overdue.length) return null;
  const notice = h('aside', { class: 'notice', role: 'status', 'data-testid': 'overdue-notice' });
  replace(notice,
    h('div', { class: 'notice-body' },
      h('strong', null, t('followup.notice.overdue', { count: board.overdue.length })),
      h('ul', null, board.overdue.slice(0, 6).map((r) => h('li', { 'data-id': r.action_id },
        h('a', { href: partnershipHref(r.partnership_id) }, r.title), `: ${r.what} — ${overdueFigure(r)}`))),
      board.overdue.length > 6 ? h('a', { href: '#/follow-up' }, t('followup.notice.see_all', { total: board.overdue.length })) : null),
    h('button', { type: 'button', class: 'btn small', 'data-testid': 'dismiss-notice', 'aria-label': t('followup.notice.dismiss'), onclick: () => notice.remove() }, t('followup.notice.dismiss')));
  return notice;
}

// ---- the partnership page's follow-up section ----

/** @type {api.ReflectionHeading[] | null} */
let headings = null;

/**
 * @param {HTMLSelectElement} select
 * @param {{id: string, label: string}[]} members
 * @param {string | null | undefined} selected
 */
function memberOptions(select, members, selected) {
  for (const m of members) select.appendChild(option(m.id, m.label, m.id === selected));
  return select;
}

/**
 * Builds the follow-up section of a partnership page. It re-draws itself after each save.
 * @param {string} partnershipId
 * @param {() => {id: string, label: string}[]} members the partnership's members (current)
 * @param {() => {id: string, title: string, start_date: string|null}[]} [exchanges] its exchanges,
 *   so an action can say which exchange it was agreed at
 * @returns {{element: HTMLElement, refresh: () => Promise<void>}}
 */
export function followUpSection(partnershipId, members, exchanges = () => []) {
  const element = h('section', { class: 'section', 'aria-labelledby': 'followup-h', 'data-testid': 'followup-section' });
  /** @type {api.FollowUp} */
  let data;
  /** @type {api.Budget | null} the partnership's costs, for who pays (null: could not be read) */
  let money = null;
  const top = h('div', null);
  /** @type {[HTMLElement, () => HTMLElement][]} */
  const parts = [
    [h('div', null), () => renderPlan()],
    [h('div', null), () => renderContacts()],
    [h('div', null), () => renderChecklist()],
    [h('div', null), () => renderLearning()],
  ];

  async function refresh() {
    if (!headings) headings = await api.reflectionQuestions();
    [data, money] = await Promise.all([
      api.getFollowUp(partnershipId),
      // Who pays is part of mutuality; a budget that cannot be read leaves the rest shown.
      api.getBudget({ partnership_id: partnershipId }).catch(() => null),
    ]);
    render();
  }

  /** Runs a save or delete, then re-draws. */
  async function after(/** @type {string} */ message) {
    if (message) toast(message);
    await refresh();
  }

  function render() {
    const s = data.signals;
    const flags = [];
    if (s.going_quiet) flags.push(h('li', { class: 'flag quiet', 'data-testid': 'flag-quiet' }, h('strong', null, t('followup.flag.quiet')), quietFigure(s.going_quiet)));
    if (s.one_sided) flags.push(h('li', { class: 'flag one-sided', 'data-testid': 'flag-one-sided' }, h('strong', null, t('followup.flag.one_sided')), oneSidedFigure(s.one_sided)));
    if (s.overdue.length) flags.push(h('li', { class: 'flag overdue', 'data-testid': 'flag-overdue' }, h('strong', null, t('followup.flag.overdue')), s.overdue.map((a) => `${a.what} (${overdueFigure(a)})`).join('; ')));
    const facts = [
      s.last_contact
        ? (s.days_since_last_contact
          ? t('followup.facts.last_contact_ago', { date: formatDate(s.last_contact), count: s.days_since_last_contact })
          : t('followup.facts.last_contact_today', { date: formatDate(s.last_contact) }))
        : t('followup.facts.no_contact'),
      s.next_contact ? t('followup.facts.next_contact', { date: formatDate(s.next_contact.date), when: inDays(s.next_contact.days_until) }) : null,
      s.next_action ? t('followup.facts.next_action', { date: formatDate(s.next_action.due_date), what: s.next_action.what }) : null,
      s.undated_open_actions ? t('followup.facts.undated_actions', { count: s.undated_open_actions }) : null,
    ].filter(Boolean).join(' · ');
    replace(top,
      h('div', { class: 'section-header' }, h('h2', { id: 'followup-h' }, t('followup.title'))),
      h('p', { class: 'muted small', 'data-testid': 'followup-facts' }, facts),
      flags.length ? h('ul', { class: 'flags', 'data-testid': 'followup-flags' }, flags) : null,
      renderMutuality());
    // A part holding a form with unsaved edits (an answer being written while another part
    // is saved) is left as it is, so nothing typed is lost; it is re-drawn on its own save.
    for (const [slot, build] of parts) {
      if (!slot.querySelector('form.is-dirty')) replace(slot, build());
    }
    if (!element.firstChild) append(element, [top, parts.map(([slot]) => slot)]);
  }

  // ---- mutuality chart ----
  function renderMutuality() {
    const m = data.signals.mutuality;
    /**
     * @param {string} title
     * @param {api.MemberShare[]} shares
     * @param {string} testid
     */
    const bars = (title, shares, testid) => h('div', { class: 'bars', 'data-testid': testid },
      h('h4', null, title),
      shares.map((sh) => {
        const fill = h('span', { class: 'bar-fill' });
        fill.style.width = `${Math.max(0, Math.min(100, sh.percent))}%`;
        return h('div', { class: 'bar-row', 'data-member': sh.member_id },
          h('span', { class: 'bar-label' }, sh.label),
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'bar-value num' }, t('followup.chart.value', { n: sh.count, percent: sh.percent })));
      }));
    const twoWay = m.contacts ? Math.round((m.two_way * 100) / m.contacts) : 0;
    const dirFill = h('span', { class: 'bar-fill' });
    dirFill.style.width = `${twoWay}%`;
    return h('div', { class: 'subsection mutuality', 'data-testid': 'mutuality' },
      h('h3', null, t('followup.mutuality.heading')),
      m.contacts === 0
        ? h('p', { class: 'muted' }, t('followup.mutuality.empty'))
        : [bars(t('followup.chart.initiated', { contacts: m.contacts }), m.initiated, 'chart-initiated'),
          h('div', { class: 'bars', 'data-testid': 'chart-direction' }, h('h4', null, t('followup.chart.direction')),
            h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, t('followup.chart.two_way')),
              h('span', { class: 'bar-track', 'aria-hidden': 'true' }, dirFill),
              h('span', { class: 'bar-value num' }, t('followup.two_way_one_way', { two_way: m.two_way, one_way: m.one_way }))))],
      m.goals_proposed.some((g) => g.count) || m.joint_goals
        ? [bars(t('followup.chart.goals'), m.goals_proposed, 'chart-goals'), m.joint_goals ? h('p', { class: 'muted small' }, t('followup.chart.joint_goals', { count: m.joint_goals })) : null]
        : null,
      // Who leads the agendas' sessions: mutual learning flows both ways when it varies.
      m.sessions_led.some((s) => s.count)
        ? [bars(t('followup.chart.sessions_led'), m.sessions_led, 'chart-sessions-led'), h('p', { class: 'muted small' }, t('followup.chart.sessions_led_note'))]
        : null,
      whoPays());
  }

  /** Who pays for the partnership's exchanges: a twinning should not be one-sided in money either. */
  function whoPays() {
    if (!money || money.by_payer.length === 0) return null;
    const cur = money.reporting_currency;
    return h('div', { class: 'bars', 'data-testid': 'chart-who-pays' },
      h('h4', null, t('followup.who_pays.heading', { currency: cur })),
      money.by_payer.map((p) => {
        const fill = h('span', { class: 'bar-fill' });
        fill.style.width = `${Math.max(0, Math.min(100, Number(p.estimate_share ?? 0)))}%`;
        return h('div', { class: 'bar-row', 'data-member': p.member_id ?? 'network' },
          h('span', { class: 'bar-label' }, p.member_id ? t('followup.who_pays.own_budget', { name: p.name }) : t('costs_doc.section.network_and_funders')),
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'bar-value num' }, p.estimate_share !== null ? t('followup.who_pays.value', { amount: formatMoney(p.totals.estimate, cur), percent: p.estimate_share }) : formatMoney(p.totals.estimate, cur)));
      }),
      money.complete ? null : h('p', { class: 'muted small' }, t('followup.who_pays.unconverted', { count: money.unconverted_lines })));
  }

  // ---- the plan ----
  function renderPlan() {
    const editor = h('div', { class: 'editor-slot' });
    const today = todayIso();
    return h('div', { class: 'subsection', 'data-testid': 'plan' },
      h('div', { class: 'section-header' }, h('h3', null, t('followup.plan.heading')),
        h('div', { class: 'actions' },
          h('button', {
            type: 'button', class: 'btn', 'data-testid': 'export-reminders',
            title: t('followup.plan.export_hint'),
            onclick: () => exportFile(() => api.saveRemindersIcs(partnershipId)),
          }, t('followup.plan.export')),
          h('button', { type: 'button', class: 'btn', 'data-testid': 'add-action', onclick: () => openActionForm(editor, null) }, t('followup.action.add')))),
      data.actions.length === 0
        ? emptyState(t('followup.plan.empty'))
        : h('table', { class: 'data compact', 'data-testid': 'action-table' },
          h('thead', null, h('tr', null, th(t('followup.plan.col.due')), th(t('followup.plan.col.what')), th(t('followup.plan.col.owner')), th(t('followup.plan.col.channel')), th(t('followup.plan.col.status')), th('', { className: 'actions-col' }))),
          h('tbody', null, data.actions.map((a) => {
            const overdue = a.due_date && a.due_date < today && (a.status === 'planned' || a.status === 'in_progress');
            const status = enumSelect('action_status', { 'aria-label': t('followup.plan.status_of', { what: a.what }), 'data-testid': 'action-status', onchange: async (/** @type {Event} */ e) => {
              try {
                await api.saveFollowUpAction(a.id, { ...actionData(a), status: /** @type {HTMLSelectElement} */ (e.target).value, closed_on: null });
                await after(t('followup.plan.status_changed'));
              } catch (err) { toast(api.toApiError(err).message, 'error'); }
            } }, a.status);
            return h('tr', { 'data-id': a.id, class: overdue ? 'is-overdue' : null },
              h('td', { class: 'num nowrap' }, a.due_date ? formatDate(a.due_date) : h('span', { class: 'muted' }, t('followup.plan.no_date')), overdue ? h('span', { class: 'chip overdue-chip' }, t('followup.plan.overdue')) : null),
              h('td', null, a.what,
                a.exchange_id ? h('div', { class: 'muted small' }, agreedAt(exchanges().find((x) => x.id === a.exchange_id)?.title)) : null,
                a.outcome ? h('div', { class: 'muted small' }, a.outcome) : null),
              h('td', null, members().find((m) => m.id === a.owner_member_id)?.label ?? ''),
              h('td', { class: 'small' }, enumLabel('contact_channel', a.channel)),
              h('td', null, status),
              h('td', { class: 'row-actions' },
                h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-action', onclick: () => openActionForm(editor, a) }, t('common.edit')),
                h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-action', onclick: () => removeRecord(t('followup.action.remove_question', { what: a.what }), () => api.deleteFollowUpAction(a.id)) }, t('common.remove'))));
          }))),
      editor);
  }

  /** "Agreed at Accra study visit", or at an exchange no longer in the list. @param {string | undefined} title */
  function agreedAt(title) {
    return title === undefined ? t('followup.plan.agreed_at_unknown') : t('followup.plan.agreed_at', { exchange: title });
  }

  /** @param {api.FollowUpAction} a @returns {api.FollowUpActionData} */
  function actionData(a) {
    return {
      partnership_id: a.partnership_id, exchange_id: a.exchange_id, reflection_answer_id: a.reflection_answer_id,
      what: a.what, owner_member_id: a.owner_member_id, owner_person_id: a.owner_person_id, due_date: a.due_date,
      channel: a.channel, status: a.status, closed_on: a.closed_on, outcome: a.outcome,
    };
  }

  /**
   * @param {HTMLElement} slot
   * @param {api.FollowUpAction | null} a
   */
  function openActionForm(slot, a) {
    const agreedAtSelect = h('select', { name: 'exchange_id' }, option('', t('followup.action.no_exchange'), !a?.exchange_id));
    for (const x of exchanges()) agreedAtSelect.appendChild(option(x.id, `${x.title}${x.start_date ? ` (${formatDate(x.start_date)})` : ''}`, x.id === a?.exchange_id));
    const owner = memberOptions(h('select', { name: 'owner_member_id' }, option('', t('followup.action.no_member'), !a?.owner_member_id)), members(), a?.owner_member_id);
    const form = formShell(
      { testid: 'action-form', saveLabel: a ? t('followup.action.save') : t('followup.action.add'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-action', onclick: () => replace(slot) }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, a ? t('followup.action.edit') : t('followup.action.new')),
        field(t('followup.action.what'), textInput('what', a?.what ?? ''), { required: true, wide: true }),
        field(t('followup.action.owner'), owner),
        field(t('followup.action.due_date'), dateInput('due_date', a?.due_date)),
        field(t('followup.action.channel'), enumSelect('contact_channel', { name: 'channel' }, a?.channel ?? 'call')),
        field(t('followup.action.status'), enumSelect('action_status', { name: 'status' }, a?.status ?? 'planned')),
        field(t('followup.action.agreed_at'), agreedAtSelect, { wide: true, hint: t('followup.action.agreed_at_hint') }),
        field(t('followup.action.outcome'), textArea('outcome', a?.outcome ?? '', { rows: 2 }), { wide: true })));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-action');
    const bound = bindForm(form, { record: 'follow_up_action',
      onSave: async () => {
        const values = readFields(form, { what: 'text', owner_member_id: 'optional', due_date: 'date', channel: 'text', status: 'text', exchange_id: 'optional', outcome: 'text' });
        const base = a ? actionData(a) : { partnership_id: partnershipId, reflection_answer_id: null, owner_person_id: null, closed_on: null };
        const result = await api.saveFollowUpAction(a?.id ?? null, /** @type {api.FollowUpActionData} */ ({ ...base, ...values }));
        bound.markClean();
        await after(a ? t('followup.action.saved') : t('followup.action.added'));
        return result.warnings;
      },
    });
    replace(slot, form);
    /** @type {HTMLElement} */ (form.querySelector('input[name=what]')).focus();
  }

  // ---- contact log ----
  function renderContacts() {
    const editor = h('div', { class: 'editor-slot' });
    const label = (/** @type {string} */ id) => members().find((m) => m.id === id)?.label ?? t('followup.unknown_member');
    const today = todayIso();
    return h('div', { class: 'subsection', 'data-testid': 'contacts' },
      h('div', { class: 'section-header' }, h('h3', null, t('followup.contact.heading')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'add-contact', onclick: () => openContactForm(editor, null) }, t('followup.contact.log'))),
      editor,
      data.contacts.length === 0
        ? emptyState(t('followup.contact.empty'))
        : h('ol', { class: 'timeline contact-timeline', 'data-testid': 'contact-timeline' }, data.contacts.map((c) => h('li', { 'data-id': c.id, class: c.contact_date && c.contact_date > today ? 'planned' : null },
          h('span', { class: 'when num' }, formatDate(c.contact_date), c.contact_date && c.contact_date > today ? t('followup.contact.planned') : ''),
          h('span', { class: 'what' }, `${label(c.from_member_id)} → ${label(c.to_member_id)}`),
          h('span', { class: 'muted small' }, `${enumLabel('contact_channel', c.channel)} · ${enumLabel('contact_direction', c.direction)}${c.participants ? ` · ${c.participants}` : ''}`),
          c.summary ? h('span', { class: 'summary' }, c.summary) : null,
          h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-contact', onclick: () => openContactForm(editor, c) }, t('common.edit')),
            h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-contact', onclick: () => removeRecord(t('followup.contact.remove_question'), () => api.deleteContact(c.id)) }, t('common.remove')))))));
  }

  /**
   * @param {HTMLElement} slot
   * @param {api.Contact | null} c
   */
  function openContactForm(slot, c) {
    const ms = members();
    const from = memberOptions(h('select', { name: 'from_member_id' }, option('', t('followup.choose'), !c)), ms, c?.from_member_id ?? ms[0]?.id);
    const to = memberOptions(h('select', { name: 'to_member_id' }, option('', t('followup.choose'), !c)), ms, c?.to_member_id ?? ms[1]?.id);
    const form = formShell(
      { testid: 'contact-form', saveLabel: c ? t('followup.contact.save') : t('followup.contact.log'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-contact', onclick: () => replace(slot) }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, c ? t('followup.contact.edit') : t('followup.contact.new')),
        field(t('followup.contact.date'), dateInput('contact_date', c?.contact_date ?? todayIso()), { required: true, hint: t('followup.contact.date_hint') }),
        field(t('followup.contact.channel'), enumSelect('contact_channel', { name: 'channel' }, c?.channel ?? 'call')),
        field(t('followup.contact.from'), from, { required: true }),
        field(t('followup.contact.to'), to, { required: true }),
        field(t('followup.contact.direction'), enumSelect('contact_direction', { name: 'direction' }, c?.direction ?? 'both_ways'), { hint: t('followup.contact.direction_hint') }),
        field(t('followup.contact.who'), textInput('participants', c?.participants ?? '')),
        field(t('followup.contact.summary'), textArea('summary', c?.summary ?? '', { rows: 2 }), { wide: true })));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-contact');
    const bound = bindForm(form, { record: 'contact',
      onSave: async () => {
        const values = readFields(form, { contact_date: 'date', channel: 'text', from_member_id: 'text', to_member_id: 'text', direction: 'text', participants: 'text', summary: 'text' });
        const result = await api.saveContact(c?.id ?? null, /** @type {api.ContactData} */ ({ partnership_id: partnershipId, ...values }));
        bound.markClean();
        await after(c ? t('followup.contact.saved') : t('followup.contact.logged'));
        return result.warnings;
      },
    });
    replace(slot, form);
    /** @type {HTMLElement} */ (form.querySelector('input[name=contact_date]')).focus();
  }

  // ---- reflection checklist ----
  function renderChecklist() {
    const answered = data.answers.filter((a) => a.status !== 'not_considered').length;
    const total = (headings ?? []).reduce((n, hd) => n + hd.questions.length, 0);
    return h('div', { class: 'subsection', 'data-testid': 'checklist' },
      h('h3', null, t('followup.checklist.heading'), ' ', h('span', { class: 'muted small num' }, t('followup.checklist.progress', { answered, total }))),
      h('p', { class: 'muted small' }, t('followup.checklist.intro')),
      (headings ?? []).map((hd) => h('div', { class: 'checklist-group', 'data-heading': hd.key },
        // i18n-dynamic: reflection. (one key per heading and question of seed 004)
        h('h4', null, has(`reflection.${hd.key}`) ? t(`reflection.${hd.key}`) : hd.title),
        hd.questions.map((q) => questionForm(q, data.answers.find((a) => a.question_key === q.key) ?? null)))));
  }

  /**
   * @param {{key: string, text: string}} q
   * @param {api.ReflectionAnswer | null} answer
   */
  function questionForm(q, answer) {
    const actionSlot = h('div', { class: 'grid inner', hidden: true });
    const createButton = h('button', { type: 'button', class: 'btn small', 'data-testid': 'create-action-from-answer', onclick: () => {
      actionSlot.hidden = false;
      // Who does it, asked here: an action nobody owns is the one nobody does.
      const owner = memberOptions(h('select', { name: 'actions.0.owner_member_id', 'data-testid': 'answer-action-owner' }, option('', t('followup.answer.choose_owner'), true)), members(), null);
      replace(actionSlot,
        field(t('followup.answer.action'), textInput('actions.0.what', ''), { wide: true, hint: t('followup.answer.action_hint') }),
        field(t('followup.action.owner'), owner, { required: true }),
        field(t('followup.action.due_date'), dateInput('actions.0.due_date', '')));
      createButton.hidden = true;
      /** @type {HTMLElement} */ (actionSlot.querySelector('input')).focus();
    } }, t('followup.answer.create_action'));
    const form = formShell(
      { testid: 'answer-form', saveLabel: t('common.save'), className: 'answer-form', extraActions: [createButton] },
      h('p', { class: 'question' }, has(`reflection.${q.key}`) ? t(`reflection.${q.key}`) : q.text),
      h('div', { class: 'grid' },
        field(t('followup.answer.status'), enumSelect('reflection_status', { name: 'status' }, answer?.status ?? 'not_considered')),
        field(t('followup.answer.note'), textInput('note', answer?.note ?? '')),
        actionSlot));
    form.dataset.question = q.key;
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-answer');
    const bound = bindForm(form, { record: 'reflection_answer',
      onSave: async () => {
        const values = readFields(form, { status: 'text', note: 'text' });
        const newActions = [];
        if (!actionSlot.hidden) {
          const a = readFields(form, { 'actions.0.what': 'text', 'actions.0.due_date': 'date', 'actions.0.owner_member_id': 'optional' });
          if (!a['actions.0.owner_member_id'] && members().length) {
            throw new api.ApiError('invalid', t('followup.answer.owner_needed'), [{ field: 'actions.0.owner_member_id', message: t('followup.answer.choose_owner_error') }]);
          }
          newActions.push({ partnership_id: partnershipId, exchange_id: null, reflection_answer_id: null, what: a['actions.0.what'], owner_member_id: a['actions.0.owner_member_id'], owner_person_id: null, due_date: a['actions.0.due_date'], channel: 'call', status: 'planned', closed_on: null, outcome: '' });
        }
        const result = await api.saveReflectionAnswer(answer?.id ?? null, /** @type {api.ReflectionAnswerData} */ ({ partnership_id: partnershipId, question_key: q.key, ...values }), newActions);
        bound.markClean();
        await after(newActions.length ? t('followup.answer.saved_with_action') : t('followup.answer.saved'));
        return result.warnings;
      },
    });
    return form;
  }

  // ---- learning log ----
  function renderLearning() {
    const editor = h('div', { class: 'editor-slot' });
    const label = (/** @type {string} */ id) => members().find((m) => m.id === id)?.label ?? t('followup.unknown_member');
    return h('div', { class: 'subsection', 'data-testid': 'learning' },
      h('div', { class: 'section-header' }, h('h3', null, t('followup.learning.heading')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'add-learning', onclick: () => openLearningForm(editor, null) }, t('followup.learning.add'))),
      h('p', { class: 'muted small' }, t('followup.learning.intro')),
      editor,
      data.learning.length === 0
        ? emptyState(t('followup.learning.empty'))
        : h('ul', { class: 'learning-list', 'data-testid': 'learning-list' }, data.learning.map((e) => h('li', { 'data-id': e.id, 'data-kind': e.kind },
          h('div', null, h('span', { class: `chip learning-${e.kind}` }, enumLabel('learning_kind', e.kind)), ' ', h('span', { class: 'num muted small' }, formatDate(e.entry_date)), ' ', h('strong', null, e.what_changed)),
          h('div', { class: 'muted small' }, [e.member_ids.length ? t('followup.learning.concerns', { members: e.member_ids.map(label).join(', ') }) : t('followup.learning.concerns_all'), e.significance && t('followup.learning.significance_is', { significance: e.significance }), e.evidence && t('followup.learning.evidence_is', { evidence: e.evidence })].filter(Boolean).join(' · ')),
          h('div', { class: 'row-actions' },
            h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-learning', onclick: () => openLearningForm(editor, e) }, t('common.edit')),
            h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-learning', onclick: () => removeRecord(t('followup.learning.remove_question'), () => api.deleteLearningEntry(e.id)) }, t('common.remove')))))));
  }

  /**
   * @param {HTMLElement} slot
   * @param {api.LearningEntry | null} e
   */
  function openLearningForm(slot, e) {
    const boxes = h('div', { class: 'checks', role: 'group', 'aria-label': t('followup.learning.members') }, members().map((m) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'member_ids', value: m.id, checked: Boolean(e?.member_ids.includes(m.id)) }), ` ${m.label}`)));
    const form = formShell(
      { testid: 'learning-form', saveLabel: e ? t('followup.learning.save') : t('followup.learning.add'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-learning', onclick: () => replace(slot) }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, e ? t('followup.learning.edit') : t('followup.learning.new')),
        field(t('followup.learning.date'), dateInput('entry_date', e?.entry_date ?? todayIso()), { required: true }),
        field(t('followup.learning.kind'), enumSelect('learning_kind', { name: 'kind' }, e?.kind ?? 'success')),
        field(t('followup.learning.what_changed'), textArea('what_changed', e?.what_changed ?? '', { rows: 2 }), { required: true, wide: true }),
        h('div', { class: 'field wide', 'data-field-wrap': 'member_ids' }, h('span', { class: 'label' }, t('followup.learning.members')), boxes,
          h('div', { class: 'field-error', 'data-field': 'member_ids', hidden: true })),
        field(t('followup.learning.significance'), textInput('significance', e?.significance ?? '')),
        field(t('followup.learning.evidence'), textInput('evidence', e?.evidence ?? ''))));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-learning');
    const bound = bindForm(form, { record: 'learning_entry',
      onSave: async () => {
        const values = readFields(form, { entry_date: 'date', kind: 'text', what_changed: 'text', significance: 'text', evidence: 'text' });
        const memberIds = [...form.querySelectorAll('input[name=member_ids]:checked')].map((el) => /** @type {HTMLInputElement} */ (el).value);
        const result = await api.saveLearningEntry(e?.id ?? null, /** @type {api.LearningEntryData} */ ({ partnership_id: partnershipId, ...values, member_ids: memberIds }));
        bound.markClean();
        await after(e ? t('followup.learning.saved') : t('followup.learning.added'));
        return result.warnings;
      },
    });
    replace(slot, form);
  }

  /**
   * @param {string} question the whole question ("Remove this contact?"), worded per record
   * @param {() => Promise<unknown>} remove
   */
  async function removeRecord(question, remove) {
    if (!(await confirmDialog(question, { title: t('followup.remove_title'), confirmLabel: t('common.remove'), danger: true }))) return;
    try {
      await remove();
      await after(t('followup.removed'));
    } catch (err) {
      toast(api.toApiError(err).message, 'error');
    }
  }

  return { element, refresh };
}
