// Follow-up (issue 7): the portfolio dashboard (#/follow-up), the follow-up section of a
// partnership page (plan, contact log, reflection checklist, learning log, mutuality chart)
// and the "overdue today" notice shown at start.

import * as api from '../api.js';
import { h, replace, append, option } from '../dom.js';
import { enumLabel, enumSelect, formatDate, formatMoney, formatNumber, plural, todayIso } from '../format.js';
import { bindForm, formShell, field, textInput, textArea, dateInput, readFields } from '../forms.js';
import { emptyState, toast, confirmDialog, th } from '../widgets.js';

/** @param {string} id */
const partnershipHref = (id) => `#/partnerships/${encodeURIComponent(id)}`;

/** "74 days since the last contact" and the like, from a going-quiet flag. */
const BASIS = /** @type {Record<string, string>} */ ({
  contact: 'the last contact',
  completed_action: 'the last completed action',
  held_exchange: 'the last exchange',
  partnership_start: 'the start, with no contact yet',
});

/** @param {api.GoingQuiet} q */
export function quietFigure(q) {
  return `${plural(q.days, 'day')} since ${BASIS[q.basis] ?? 'the last activity'} (${formatDate(q.since)}; flagged after ${q.threshold_days})`;
}

/** @param {api.OneSided} o */
export function oneSidedFigure(o) {
  const t = o.top_initiator;
  const parts = [`${t.label} initiated ${t.count} of ${o.contacts} contacts (${t.percent}%)`];
  if (o.all_one_way) parts.push('every contact was one-way');
  else parts.push(`${o.two_way} two-way, ${o.one_way} one-way`);
  return parts.join('; ');
}

/** @param {api.ActionDue} a */
function overdueFigure(a) {
  return `${plural(a.days, 'day')} overdue (due ${formatDate(a.due_date)})`;
}

/**
 * Runs an export that asks where to save: a toast with the path when saved, nothing when the
 * officer cancelled, the error's message in an error toast when it failed.
 * @param {() => Promise<string|null>} run
 */
export async function exportFile(run) {
  try {
    const path = await run();
    if (path) toast(`Saved to ${path}`);
  } catch (e) {
    toast(api.toApiError(e).message, 'error');
  }
}

/** @param {number} days */
function inDays(days) {
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
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
      h('h1', null, 'Follow-up'),
      h('p', { class: 'muted small' }, `Keeping partnerships alive after their exchanges, as of ${formatDate(board.today)}. Open a partnership to log a contact or plan the next step.`)),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'btn', 'data-testid': 'export-all-reminders',
          title: 'Every open action with a due date in active partnerships, as calendar reminders',
          onclick: () => exportFile(() => api.saveRemindersIcs(null)),
        }, 'Export all reminders (.ics)…'))),
    block('followup-quiet', 'Going quiet',
      `Active partnerships with no contact, completed action or exchange for ${plural(q.quiet_after_days, 'day')} or more (see Settings).`,
      'No partnership is going quiet — every active partnership has had contact recently.',
      board.going_quiet.map((r) => row(r.partnership_id, r.title, quietFigure(r)))),
    block('followup-overdue', 'Overdue actions', 'Planned or in-progress actions whose due date has passed.',
      'Nothing overdue — every agreed action is done or still ahead.',
      board.overdue.map((r) => row(r.partnership_id, r.title, h('span', null, h('strong', null, r.what), ` — ${overdueFigure(r)}${r.owner ? `, ${r.owner}` : ''}`), r.action_id))),
    h('div', { class: 'two-col' },
      block('followup-week', 'Check-ins this week', 'Actions due and contacts planned in the next 7 days.',
        'No check-ins this week. Plan the next contact on a partnership’s page.', board.this_week.map(checkIn)),
      block('followup-month', 'Check-ins this month', 'Due or planned in the 30 days after this week.',
        'Nothing planned for the rest of the month.', board.this_month.map(checkIn))),
    block('followup-one-sided', 'One-sided partnerships',
      `Partnerships where one member initiated ${q.one_sided_share_percent}% or more of at least ${q.one_sided_min_contacts} contacts, or every contact was one-way. Peer learning is mutual: both sides should give and learn.`,
      'No one-sided partnership — contacts go both ways.',
      board.one_sided.map((r) => row(r.partnership_id, r.title, oneSidedFigure(r)))));
  return { title: 'Follow-up', node, crumbs: [] };
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
      h('strong', null, `${plural(board.overdue.length, 'follow-up action')} overdue today`),
      h('ul', null, board.overdue.slice(0, 6).map((r) => h('li', { 'data-id': r.action_id },
        h('a', { href: partnershipHref(r.partnership_id) }, r.title), `: ${r.what} — ${overdueFigure(r)}`))),
      board.overdue.length > 6 ? h('a', { href: '#/follow-up' }, `See all ${board.overdue.length} on the Follow-up page`) : null),
    h('button', { type: 'button', class: 'btn small', 'data-testid': 'dismiss-notice', 'aria-label': 'Dismiss', onclick: () => notice.remove() }, 'Dismiss'));
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
    if (s.going_quiet) flags.push(h('li', { class: 'flag quiet', 'data-testid': 'flag-quiet' }, h('strong', null, 'Going quiet: '), quietFigure(s.going_quiet)));
    if (s.one_sided) flags.push(h('li', { class: 'flag one-sided', 'data-testid': 'flag-one-sided' }, h('strong', null, 'One-sided: '), oneSidedFigure(s.one_sided)));
    if (s.overdue.length) flags.push(h('li', { class: 'flag overdue', 'data-testid': 'flag-overdue' }, h('strong', null, 'Overdue: '), s.overdue.map((a) => `${a.what} (${overdueFigure(a)})`).join('; ')));
    const facts = [
      s.last_contact ? `Last contact ${formatDate(s.last_contact)} (${s.days_since_last_contact ? `${plural(s.days_since_last_contact, 'day')} ago` : 'today'})` : 'No contact logged yet',
      s.next_contact ? `next planned contact ${formatDate(s.next_contact.date)} (${inDays(s.next_contact.days_until)})` : null,
      s.next_action ? `next action due ${formatDate(s.next_action.due_date)}: ${s.next_action.what}` : null,
      s.undated_open_actions ? `${plural(s.undated_open_actions, 'open action')} without a due date` : null,
    ].filter(Boolean).join(' · ');
    replace(top,
      h('div', { class: 'section-header' }, h('h2', { id: 'followup-h' }, 'Follow-up')),
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
          h('span', { class: 'bar-value num' }, `${sh.count} (${sh.percent}%)`));
      }));
    const twoWay = m.contacts ? Math.round((m.two_way * 100) / m.contacts) : 0;
    const dirFill = h('span', { class: 'bar-fill' });
    dirFill.style.width = `${twoWay}%`;
    return h('div', { class: 'subsection mutuality', 'data-testid': 'mutuality' },
      h('h3', null, 'Mutuality'),
      m.contacts === 0
        ? h('p', { class: 'muted' }, 'No contacts yet: who initiates and whether learning flows both ways shows here once contacts are logged.')
        : [bars(`Contacts initiated (${m.contacts})`, m.initiated, 'chart-initiated'),
          h('div', { class: 'bars', 'data-testid': 'chart-direction' }, h('h4', null, 'Direction'),
            h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, 'Two-way'),
              h('span', { class: 'bar-track', 'aria-hidden': 'true' }, dirFill),
              h('span', { class: 'bar-value num' }, `${m.two_way} two-way, ${m.one_way} one-way`)))],
      m.goals_proposed.some((g) => g.count) || m.joint_goals
        ? [bars('Goals proposed', m.goals_proposed, 'chart-goals'), m.joint_goals ? h('p', { class: 'muted small' }, `${plural(m.joint_goals, 'goal')} proposed jointly`) : null]
        : null,
      // Who leads the agendas' sessions: mutual learning flows both ways when it varies.
      m.sessions_led.some((s) => s.count)
        ? [bars('Agenda sessions led', m.sessions_led, 'chart-sessions-led'), h('p', { class: 'muted small' }, 'A session led jointly counts for each of its leads.')]
        : null,
      whoPays());
  }

  /** Who pays for the partnership's exchanges: a twinning should not be one-sided in money either. */
  function whoPays() {
    if (!money || money.by_payer.length === 0) return null;
    const cur = money.reporting_currency;
    return h('div', { class: 'bars', 'data-testid': 'chart-who-pays' },
      h('h4', null, `Who pays (estimates, in ${cur})`),
      money.by_payer.map((p) => {
        const fill = h('span', { class: 'bar-fill' });
        fill.style.width = `${Math.max(0, Math.min(100, Number(p.estimate_share ?? 0)))}%`;
        return h('div', { class: 'bar-row', 'data-member': p.member_id ?? 'network' },
          h('span', { class: 'bar-label' }, p.member_id ? `${p.name}’s own budget` : p.name),
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'bar-value num' }, `${formatMoney(p.totals.estimate, cur)}${p.estimate_share !== null ? ` (${p.estimate_share}%)` : ''}`));
      }),
      money.complete ? null : h('p', { class: 'muted small' }, `${plural(money.unconverted_lines, 'cost line')} without an exchange rate ${money.unconverted_lines === 1 ? 'is' : 'are'} left out.`));
  }

  // ---- the plan ----
  function renderPlan() {
    const editor = h('div', { class: 'editor-slot' });
    const today = todayIso();
    return h('div', { class: 'subsection', 'data-testid': 'plan' },
      h('div', { class: 'section-header' }, h('h3', null, 'Plan'),
        h('div', { class: 'actions' },
          h('button', {
            type: 'button', class: 'btn', 'data-testid': 'export-reminders',
            title: 'This partnership’s open actions with a due date, as calendar reminders',
            onclick: () => exportFile(() => api.saveRemindersIcs(partnershipId)),
          }, 'Export reminders (.ics)…'),
          h('button', { type: 'button', class: 'btn', 'data-testid': 'add-action', onclick: () => openActionForm(editor, null) }, 'Add action'))),
      data.actions.length === 0
        ? emptyState('No follow-up actions yet — agree who does what by when, so the partnership does not end with the exchange.')
        : h('table', { class: 'data compact', 'data-testid': 'action-table' },
          h('thead', null, h('tr', null, th('Due'), th('What'), th('Owner'), th('Channel'), th('Status'), th('', { className: 'actions-col' }))),
          h('tbody', null, data.actions.map((a) => {
            const overdue = a.due_date && a.due_date < today && (a.status === 'planned' || a.status === 'in_progress');
            const status = enumSelect('action_status', { 'aria-label': `Status of ${a.what}`, 'data-testid': 'action-status', onchange: async (/** @type {Event} */ e) => {
              try {
                await api.saveFollowUpAction(a.id, { ...actionData(a), status: /** @type {HTMLSelectElement} */ (e.target).value, closed_on: null });
                await after('Status changed.');
              } catch (err) { toast(api.toApiError(err).message, 'error'); }
            } }, a.status);
            return h('tr', { 'data-id': a.id, class: overdue ? 'is-overdue' : null },
              h('td', { class: 'num nowrap' }, a.due_date ? formatDate(a.due_date) : h('span', { class: 'muted' }, 'no date'), overdue ? h('span', { class: 'chip overdue-chip' }, 'overdue') : null),
              h('td', null, a.what,
                a.exchange_id ? h('div', { class: 'muted small' }, `Agreed at ${exchanges().find((x) => x.id === a.exchange_id)?.title ?? 'an exchange'}`) : null,
                a.outcome ? h('div', { class: 'muted small' }, a.outcome) : null),
              h('td', null, members().find((m) => m.id === a.owner_member_id)?.label ?? ''),
              h('td', { class: 'small' }, enumLabel('contact_channel', a.channel)),
              h('td', null, status),
              h('td', { class: 'row-actions' },
                h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-action', onclick: () => openActionForm(editor, a) }, 'Edit'),
                h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-action', onclick: () => removeRecord(`the action “${a.what}”`, () => api.deleteFollowUpAction(a.id)) }, 'Remove')));
          }))),
      editor);
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
    const agreedAt = h('select', { name: 'exchange_id' }, option('', 'Not tied to an exchange', !a?.exchange_id));
    for (const x of exchanges()) agreedAt.appendChild(option(x.id, `${x.title}${x.start_date ? ` (${formatDate(x.start_date)})` : ''}`, x.id === a?.exchange_id));
    const owner = memberOptions(h('select', { name: 'owner_member_id' }, option('', 'No member', !a?.owner_member_id)), members(), a?.owner_member_id);
    const form = formShell(
      { testid: 'action-form', saveLabel: a ? 'Save action' : 'Add action', className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-action', onclick: () => replace(slot) }, 'Cancel')] },
      h('fieldset', { class: 'grid' },
        h('legend', null, a ? 'Edit action' : 'New action'),
        field('What', textInput('what', a?.what ?? ''), { required: true, wide: true }),
        field('Owner', owner),
        field('Due date', dateInput('due_date', a?.due_date)),
        field('Channel', enumSelect('contact_channel', { name: 'channel' }, a?.channel ?? 'call')),
        field('Status', enumSelect('action_status', { name: 'status' }, a?.status ?? 'planned')),
        field('Agreed at', agreedAt, { wide: true, hint: 'The exchange where this was agreed (“after this exchange we agreed…”), if any.' }),
        field('Outcome', textArea('outcome', a?.outcome ?? '', { rows: 2 }), { wide: true })));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-action');
    const bound = bindForm(form, { record: 'follow_up_action',
      onSave: async () => {
        const values = readFields(form, { what: 'text', owner_member_id: 'optional', due_date: 'date', channel: 'text', status: 'text', exchange_id: 'optional', outcome: 'text' });
        const base = a ? actionData(a) : { partnership_id: partnershipId, reflection_answer_id: null, owner_person_id: null, closed_on: null };
        const result = await api.saveFollowUpAction(a?.id ?? null, /** @type {api.FollowUpActionData} */ ({ ...base, ...values }));
        bound.markClean();
        await after(a ? 'Action saved.' : 'Action added.');
        return result.warnings;
      },
    });
    replace(slot, form);
    /** @type {HTMLElement} */ (form.querySelector('input[name=what]')).focus();
  }

  // ---- contact log ----
  function renderContacts() {
    const editor = h('div', { class: 'editor-slot' });
    const label = (/** @type {string} */ id) => members().find((m) => m.id === id)?.label ?? 'an unknown member';
    const today = todayIso();
    return h('div', { class: 'subsection', 'data-testid': 'contacts' },
      h('div', { class: 'section-header' }, h('h3', null, 'Contact log'),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'add-contact', onclick: () => openContactForm(editor, null) }, 'Log contact')),
      editor,
      data.contacts.length === 0
        ? emptyState('No contacts logged yet — record each call, visit or email between the members after an exchange, and who started it.')
        : h('ol', { class: 'timeline contact-timeline', 'data-testid': 'contact-timeline' }, data.contacts.map((c) => h('li', { 'data-id': c.id, class: c.contact_date && c.contact_date > today ? 'planned' : null },
          h('span', { class: 'when num' }, formatDate(c.contact_date), c.contact_date && c.contact_date > today ? ' (planned)' : ''),
          h('span', { class: 'what' }, `${label(c.from_member_id)} → ${label(c.to_member_id)}`),
          h('span', { class: 'muted small' }, `${enumLabel('contact_channel', c.channel)} · ${enumLabel('contact_direction', c.direction)}${c.participants ? ` · ${c.participants}` : ''}`),
          c.summary ? h('span', { class: 'summary' }, c.summary) : null,
          h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-contact', onclick: () => openContactForm(editor, c) }, 'Edit'),
            h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-contact', onclick: () => removeRecord('this contact', () => api.deleteContact(c.id)) }, 'Remove'))))));
  }

  /**
   * @param {HTMLElement} slot
   * @param {api.Contact | null} c
   */
  function openContactForm(slot, c) {
    const ms = members();
    const from = memberOptions(h('select', { name: 'from_member_id' }, option('', 'Choose…', !c)), ms, c?.from_member_id ?? ms[0]?.id);
    const to = memberOptions(h('select', { name: 'to_member_id' }, option('', 'Choose…', !c)), ms, c?.to_member_id ?? ms[1]?.id);
    const form = formShell(
      { testid: 'contact-form', saveLabel: c ? 'Save contact' : 'Log contact', className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-contact', onclick: () => replace(slot) }, 'Cancel')] },
      h('fieldset', { class: 'grid' },
        h('legend', null, c ? 'Edit contact' : 'New contact'),
        field('Date', dateInput('contact_date', c?.contact_date ?? todayIso()), { required: true, hint: 'A date after today is a planned contact.' }),
        field('Channel', enumSelect('contact_channel', { name: 'channel' }, c?.channel ?? 'call')),
        field('From (initiated by)', from, { required: true }),
        field('To', to, { required: true }),
        field('Direction', enumSelect('contact_direction', { name: 'direction' }, c?.direction ?? 'both_ways'), { hint: 'Did learning flow both ways, or only from the initiator?' }),
        field('Who took part', textInput('participants', c?.participants ?? '')),
        field('What was shared or learned', textArea('summary', c?.summary ?? '', { rows: 2 }), { wide: true })));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-contact');
    const bound = bindForm(form, { record: 'contact',
      onSave: async () => {
        const values = readFields(form, { contact_date: 'date', channel: 'text', from_member_id: 'text', to_member_id: 'text', direction: 'text', participants: 'text', summary: 'text' });
        const result = await api.saveContact(c?.id ?? null, /** @type {api.ContactData} */ ({ partnership_id: partnershipId, ...values }));
        bound.markClean();
        await after(c ? 'Contact saved.' : 'Contact logged.');
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
      h('h3', null, 'Reflection checklist ', h('span', { class: 'muted small num' }, `${answered} of ${total} planned or in place`)),
      h('p', { class: 'muted small' }, 'The stage-C questions of the peer-learning guide: how the members will stay connected, engaged and committed after the foundational exchange.'),
      (headings ?? []).map((hd) => h('div', { class: 'checklist-group', 'data-heading': hd.key },
        h('h4', null, hd.title),
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
      const owner = memberOptions(h('select', { name: 'actions.0.owner_member_id', 'data-testid': 'answer-action-owner' }, option('', 'Choose who does it…', true)), members(), null);
      replace(actionSlot,
        field('Action', textInput('actions.0.what', ''), { wide: true, hint: 'Saved as a follow-up action in the plan, linked to this answer.' }),
        field('Owner', owner, { required: true }),
        field('Due date', dateInput('actions.0.due_date', '')));
      createButton.hidden = true;
      /** @type {HTMLElement} */ (actionSlot.querySelector('input')).focus();
    } }, 'Create action');
    const form = formShell(
      { testid: 'answer-form', saveLabel: 'Save', className: 'answer-form', extraActions: [createButton] },
      h('p', { class: 'question' }, q.text),
      h('div', { class: 'grid' },
        field('Status', enumSelect('reflection_status', { name: 'status' }, answer?.status ?? 'not_considered')),
        field('Note', textInput('note', answer?.note ?? '')),
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
            throw new api.ApiError('invalid', 'The action needs an owner', [{ field: 'actions.0.owner_member_id', message: 'choose the member who does it' }]);
          }
          newActions.push({ partnership_id: partnershipId, exchange_id: null, reflection_answer_id: null, what: a['actions.0.what'], owner_member_id: a['actions.0.owner_member_id'], owner_person_id: null, due_date: a['actions.0.due_date'], channel: 'call', status: 'planned', closed_on: null, outcome: '' });
        }
        const result = await api.saveReflectionAnswer(answer?.id ?? null, /** @type {api.ReflectionAnswerData} */ ({ partnership_id: partnershipId, question_key: q.key, ...values }), newActions);
        bound.markClean();
        await after(newActions.length ? 'Answer saved and action added to the plan.' : 'Answer saved.');
        return result.warnings;
      },
    });
    return form;
  }

  // ---- learning log ----
  function renderLearning() {
    const editor = h('div', { class: 'editor-slot' });
    const label = (/** @type {string} */ id) => members().find((m) => m.id === id)?.label ?? 'an unknown member';
    return h('div', { class: 'subsection', 'data-testid': 'learning' },
      h('div', { class: 'section-header' }, h('h3', null, 'Learning log'),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'add-learning', onclick: () => openLearningForm(editor, null) }, 'Add entry')),
      h('p', { class: 'muted small' }, 'Outcomes and lessons — failures as well as successes: accountability means sharing both.'),
      editor,
      data.learning.length === 0
        ? emptyState('No lessons logged yet — record what changed for the members and how you know.')
        : h('ul', { class: 'learning-list', 'data-testid': 'learning-list' }, data.learning.map((e) => h('li', { 'data-id': e.id, 'data-kind': e.kind },
          h('div', null, h('span', { class: `chip learning-${e.kind}` }, enumLabel('learning_kind', e.kind)), ' ', h('span', { class: 'num muted small' }, formatDate(e.entry_date)), ' ', h('strong', null, e.what_changed)),
          h('div', { class: 'muted small' }, [e.member_ids.length ? `Concerns ${e.member_ids.map(label).join(', ')}` : 'Concerns the partnership as a whole', e.significance && `Significance: ${e.significance}`, e.evidence && `Evidence: ${e.evidence}`].filter(Boolean).join(' · ')),
          h('div', { class: 'row-actions' },
            h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-learning', onclick: () => openLearningForm(editor, e) }, 'Edit'),
            h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-learning', onclick: () => removeRecord('this entry', () => api.deleteLearningEntry(e.id)) }, 'Remove'))))));
  }

  /**
   * @param {HTMLElement} slot
   * @param {api.LearningEntry | null} e
   */
  function openLearningForm(slot, e) {
    const boxes = h('div', { class: 'checks', role: 'group', 'aria-label': 'Members concerned' }, members().map((m) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'member_ids', value: m.id, checked: Boolean(e?.member_ids.includes(m.id)) }), ` ${m.label}`)));
    const form = formShell(
      { testid: 'learning-form', saveLabel: e ? 'Save entry' : 'Add entry', className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-learning', onclick: () => replace(slot) }, 'Cancel')] },
      h('fieldset', { class: 'grid' },
        h('legend', null, e ? 'Edit entry' : 'New entry'),
        field('Date', dateInput('entry_date', e?.entry_date ?? todayIso()), { required: true }),
        field('Success or failure', enumSelect('learning_kind', { name: 'kind' }, e?.kind ?? 'success')),
        field('What changed', textArea('what_changed', e?.what_changed ?? '', { rows: 2 }), { required: true, wide: true }),
        h('div', { class: 'field wide', 'data-field-wrap': 'member_ids' }, h('span', { class: 'label' }, 'Members concerned'), boxes,
          h('div', { class: 'field-error', 'data-field': 'member_ids', hidden: true })),
        field('Significance', textInput('significance', e?.significance ?? '')),
        field('Evidence', textInput('evidence', e?.evidence ?? ''))));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-learning');
    const bound = bindForm(form, { record: 'learning_entry',
      onSave: async () => {
        const values = readFields(form, { entry_date: 'date', kind: 'text', what_changed: 'text', significance: 'text', evidence: 'text' });
        const memberIds = [...form.querySelectorAll('input[name=member_ids]:checked')].map((el) => /** @type {HTMLInputElement} */ (el).value);
        const result = await api.saveLearningEntry(e?.id ?? null, /** @type {api.LearningEntryData} */ ({ partnership_id: partnershipId, ...values, member_ids: memberIds }));
        bound.markClean();
        await after(e ? 'Entry saved.' : 'Entry added.');
        return result.warnings;
      },
    });
    replace(slot, form);
  }

  /**
   * @param {string} what
   * @param {() => Promise<unknown>} remove
   */
  async function removeRecord(what, remove) {
    if (!(await confirmDialog(`Remove ${what}?`, { title: 'Remove?', confirmLabel: 'Remove', danger: true }))) return;
    try {
      await remove();
      await after('Removed.');
    } catch (err) {
      toast(api.toApiError(err).message, 'error');
    }
  }

  return { element, refresh };
}
