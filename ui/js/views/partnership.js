// A partnership's page: its details form, members, goals, exchanges, the people who took part,
// its status history and the norm warnings; plus archive/restore and delete. The same module
// shows the "New partnership" form.

import * as api from '../api.js';
import { h, replace, option, uid } from '../dom.js';
import {
  enumSelect, enumLabel, countrySelect, countryLabel, formatDate, formatDateRange, formatNumber, timeZoneList,
} from '../format.js';
import { bindForm, formShell, field, textInput, textArea, dateInput, readFields, messageSlots } from '../forms.js';
import { navigate, setTitle } from '../router.js';
import {
  statusChip, exchangeStatusChip, countryChip, emptyState, confirmDialog, toast, warningList, personPicker, th, documentLanguageSelect,
} from '../widgets.js';
import { followUpSection, exportFile } from './followup.js';
import { t } from '../i18n.js';

/** @type {Record<string, import('../forms.js').FieldKind>} */
const PARTNERSHIP_FIELDS = {
  title: 'text', kind: 'text', status: 'text', topic: 'text', priorities: 'text', requested_by: 'text',
  learning_interest: 'text', start_date: 'date', end_date: 'date', officer: 'text', advisor: 'text', notes: 'text',
};

/**
 * The details form, shared by the new and existing partnership pages.
 * @param {Partial<api.PartnershipData>} p
 */
function detailsFields(p) {
  return [
    h('fieldset', { class: 'grid' },
      h('legend', null, t('partnership.legend')),
      field(t('partnership.title'), textInput('title', p.title), { required: true, wide: true }),
      field(t('partnership.kind'), enumSelect('partnership_kind', { name: 'kind' }, p.kind ?? 'peer_learning')),
      field(t('partnership.status'), enumSelect('partnership_status', { name: 'status' }, p.status ?? 'interest_expressed'), { hint: t('partnership.status_hint') }),
      field(t('partnership.topic'), textInput('topic', p.topic), { wide: true, hint: t('partnership.topic_hint') }),
      field(t('partnership.priorities'), textArea('priorities', p.priorities), { wide: true }),
      field(t('partnership.requested_by'), textInput('requested_by', p.requested_by), { hint: t('partnership.requested_by_hint') }),
      field(t('partnership.learning_interest'), textArea('learning_interest', p.learning_interest, { rows: 2 })),
      field(t('partnership.start_date'), dateInput('start_date', p.start_date)),
      field(t('partnership.end_date'), dateInput('end_date', p.end_date)),
      field(t('partnership.officer'), textInput('officer', p.officer)),
      field(t('partnership.advisor'), textInput('advisor', p.advisor)),
    ),
    h('fieldset', { class: 'grid' },
      h('legend', null, t('partnership.notes_legend')),
      field(t('partnership.notes'), textArea('notes', p.notes, { rows: 5 }), { wide: true, hint: t('partnership.notes_hint') }),
    ),
  ];
}

/** The "New partnership" page. */
export async function newPartnershipView() {
  const form = formShell({ testid: 'partnership-form', saveLabel: t('partnership.create') }, detailsFields({}));
  bindForm(form, { record: 'partnership',
    primary: true,
    onSave: async () => {
      const data = /** @type {api.PartnershipData} */ ({ ...readFields(form, PARTNERSHIP_FIELDS), archived: false });
      const result = await api.savePartnership(null, data);
      toast(t('partnership.created'));
      navigate(`#/partnerships/${encodeURIComponent(result.record.id)}`, { replace: true, force: true });
      return result.warnings;
    },
  });
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('h1', null, t('partnerships.new'))),
    form);
  return { title: t('partnerships.new'), node, crumbs: [{ label: t('partnerships.title'), href: '#/partnerships' }, { label: t('partnerships.new') }] };
}

/** @param {import('../router.js').Route} route */
export async function partnershipView(route) {
  const id = route.params.id;
  /** @type {api.PartnershipDetail} */
  let detail = await api.getPartnership(id);

  // ---- header ----
  const header = h('header', { class: 'page-header' });
  const pageWarnings = h('div', { class: 'page-warnings' });

  const crumbs = () => [{ label: t('partnerships.title'), href: '#/partnerships' }, { label: detail.partnership.title }];

  function renderHeader() {
    const p = detail.partnership;
    // Once shown, a rename also renames the window and the breadcrumbs.
    if (header.isConnected) setTitle(p.title, crumbs());
    replace(header,
      h('div', { class: 'title-block' },
        h('h1', { 'data-testid': 'page-title' }, p.title),
        h('div', { class: 'chips' },
          statusChip(p.status),
          h('span', { class: 'chip kind' }, enumLabel('partnership_kind', p.kind)),
          p.archived ? h('span', { class: 'chip muted-chip', 'data-testid': 'archived-badge' }, t('partnerships.archived')) : null,
          detail.members.length ? h('span', { class: 'muted small' }, detail.members.map((m) => m.label).join(' · ')) : null)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'plan-exchange', onclick: planExchange }, t('partnership.plan_exchange')),
        h('span', { class: 'button-group' },
          h('button', {
            type: 'button', class: 'btn', 'data-testid': 'summary-pdf',
            title: t('partnership.summary_tooltip'),
            onclick: () => exportFile(() => api.saveSummaryPdf(id, paper.value === 'letter', null, summaryLanguage.value)),
          }, t('partnership.summary_pdf')),
          paper,
          summaryLanguage),
        p.archived
          ? h('button', { type: 'button', class: 'btn', 'data-testid': 'restore', onclick: () => setArchived(false) }, t('common.restore'))
          : h('button', { type: 'button', class: 'btn', 'data-testid': 'archive', onclick: () => setArchived(true) }, t('partnership.archive')),
        h('button', { type: 'button', class: 'btn danger-outline', 'data-testid': 'delete', onclick: remove }, t('partnership.delete_button'))));
    // Warnings about the members are shown in the members section instead.
    replace(pageWarnings, warningList(detail.warnings.filter((w) => w.severity !== 'error' && w.field !== 'members'), 'partnership-warnings'));
  }

  // The paper size of the summary PDF; kept across re-draws of the header.
  const paper = h('select', { class: 'paper-size', 'aria-label': t('partnership.paper_aria'), 'data-testid': 'summary-paper' },
    option('a4', 'A4', true), option('letter', t('partnership.paper_letter'), false));
  // …and its language, chosen apart from the app's (a summary for the Bogotá member in Spanish).
  const summaryLanguage = documentLanguageSelect('summary-language');

  const planExchange = () => navigate(`#/exchanges/new?partnership=${encodeURIComponent(id)}`);

  /** @param {boolean} archived */
  async function setArchived(archived) {
    try {
      await api.setPartnershipArchived(id, archived);
      toast(archived ? t('partnership.archived_toast') : t('partnership.restored_toast'));
      await refresh();
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  async function remove() {
    const p = detail.partnership;
    const ok = await confirmDialog(
      // Three counts in one sentence: each count is its own plural phrase, the sentence one message.
      t('partnership.delete_body', {
        title: p.title,
        members: t('partnership.n_members', { count: detail.members.length }),
        goals: t('partnership.n_goals', { count: detail.goals.length }),
        exchanges: t('partnership.n_exchanges', { count: detail.exchanges.length }),
      }),
      { title: t('partnership.delete_title'), confirmLabel: t('partnership.delete_confirm'), danger: true },
    );
    if (!ok) return;
    try {
      await api.deletePartnership(id);
      toast(t('partnership.deleted', { title: p.title }));
      navigate('#/partnerships', { replace: true, force: true });
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  // ---- details form ----
  const form = formShell({ testid: 'partnership-form' }, detailsFields(detail.partnership));
  bindForm(form, { record: 'partnership',
    primary: true,
    onSave: async () => {
      const data = /** @type {api.PartnershipData} */ ({ ...readFields(form, PARTNERSHIP_FIELDS), archived: detail.partnership.archived });
      const result = await api.savePartnership(id, data);
      toast(t('partnership.saved'));
      await refresh();
      return result.warnings;
    },
  });

  // ---- sections below the form, re-drawn from `detail` after every change ----
  const membersSection = h('section', { class: 'section', 'aria-labelledby': 'members-h', 'data-testid': 'members-section' });
  const goalsSection = h('section', { class: 'section', 'aria-labelledby': 'goals-h', 'data-testid': 'goals-section' });
  const exchangesSection = h('section', { class: 'section', 'aria-labelledby': 'exchanges-h', 'data-testid': 'exchanges-section' });
  const peopleSection = h('section', { class: 'section', 'aria-labelledby': 'people-h', 'data-testid': 'people-section' });
  const historySection = h('section', { class: 'section', 'aria-labelledby': 'history-h', 'data-testid': 'history-section' });
  const followUp = followUpSection(id, () => detail.members.map((m) => ({ id: m.id, label: m.label })), () => detail.exchanges);

  /** Re-reads the partnership and re-draws everything but the details form (which may hold edits). */
  async function refresh() {
    detail = await api.getPartnership(id);
    await renderAll();
  }

  async function renderAll() {
    renderHeader();
    await renderMembers();
    renderGoals();
    renderExchanges();
    renderPeople();
    renderHistory();
    await followUp.refresh();
  }

  // ---- members ----
  /** The focal points' names: from the people who took part, else looked up one by one. */
  async function focalPointNames() {
    /** @type {Map<string, string>} */
    const names = new Map(detail.people.map((p) => [p.id, p.name]));
    const missing = [...new Set(detail.members.map((m) => m.focal_point_id).filter((fid) => fid && !names.has(fid)))];
    await Promise.all(missing.map(async (fid) => {
      try { names.set(/** @type {string} */ (fid), (await api.getPerson(/** @type {string} */ (fid))).person.name); } catch { /* deleted: shown as unknown */ }
    }));
    return names;
  }

  async function renderMembers() {
    const names = await focalPointNames();
    const editor = h('div', { class: 'editor-slot' });
    const addButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'add-member', onclick: () => openMemberForm(editor, null, null) }, t('partnership.add_member'));
    const memberWarnings = detail.warnings.filter((w) => w.field === 'members' && w.severity !== 'error');
    replace(membersSection,
      h('div', { class: 'section-header' }, h('h2', { id: 'members-h' }, t('partnership.members')), h('div', { class: 'actions' }, addButton)),
      memberWarnings.length ? warningList(memberWarnings, 'member-warnings') : null,
      detail.members.length === 0
        ? emptyState(t('partnership.members_empty'))
        : h('table', { class: 'data', 'data-testid': 'member-table' },
          h('thead', null, h('tr', null, th(t('partnership.member')), th(t('partnership.level')), th(t('partnership.role')), th(t('partnership.focal_point')), th('', { className: 'actions-col' }))),
          h('tbody', null, detail.members.map((m) => h('tr', { 'data-id': m.id },
            h('td', null, m.name ? h('span', { class: 'member-name' }, m.name, ' ') : null, countryChip(m.country_code)),
            h('td', { class: 'small' }, enumLabel('member_level', m.level)),
            h('td', null, m.role),
            h('td', null, m.focal_point_id
              ? h('a', { href: `#/people/${encodeURIComponent(m.focal_point_id)}` }, names.get(m.focal_point_id) ?? t('partnership.unknown_person'))
              : h('span', { class: 'muted' }, '—')),
            h('td', { class: 'row-actions' },
              h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-member', onclick: () => openMemberForm(editor, m, m.focal_point_id ? { id: m.focal_point_id, name: names.get(m.focal_point_id) ?? t('partnership.unknown_person') } : null) }, t('common.edit')),
              h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-member', onclick: () => removeMember(m) }, t('common.remove'))))))),
      editor);
  }

  /**
   * Opens the add/edit member form under the members table.
   * @param {HTMLElement} slot
   * @param {api.Member | null} m
   * @param {{id: string, name: string} | null} focal
   */
  function openMemberForm(slot, m, focal) {
    const picker = personPicker({ name: 'focal_point_id', label: t('partnership.focal_point'), selected: focal });
    const level = enumSelect('member_level', { name: 'level' }, m?.level ?? 'country');
    const zoneListId = uid('zones');
    const nameField = field(t('partnership.name'), textInput('name', m?.name ?? ''), { hint: t('partnership.member_name_hint') });
    const memberForm = formShell(
      { testid: 'member-form', saveLabel: m ? t('partnership.save_member') : t('partnership.add_member'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-member', onclick: () => replace(slot) }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, m ? t('partnership.edit_member', { member: m.label }) : t('partnership.new_member')),
        field(t('partnership.country'), countrySelect({ name: 'country_code' }, m?.country_code ?? null, t('partnership.choose_country')), { required: true }),
        field(t('partnership.level'), level),
        nameField,
        field(t('partnership.member_role'), textInput('role', m?.role ?? ''), { hint: t('partnership.member_role_hint') }),
        field(t('partnership.time_zone'), textInput('time_zone', m?.time_zone ?? '', { placeholder: t('partnership.time_zone_placeholder'), spellcheck: 'false', list: zoneListId }), { hint: t('partnership.time_zone_hint') }),
        timeZoneList(zoneListId),
        h('div', { class: 'field wide' }, picker.element, ...messageSlots('focal_point_id'))),
    );
    memberForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-member');
    const bound = bindForm(memberForm, { record: 'member',
      onSave: async () => {
        const data = /** @type {api.MemberData} */ ({ partnership_id: id, ...readFields(memberForm, { country_code: 'text', level: 'text', name: 'text', role: 'text', time_zone: 'text', focal_point_id: 'optional' }) });
        const result = await api.saveMember(m?.id ?? null, data);
        toast(m ? t('partnership.member_saved') : t('partnership.member_added'));
        bound.markClean();
        await refresh(); // re-draws the table and closes this form
        // Norm warnings (e.g. a peer learning partnership of 4 countries) show at the top of the section.
        return result.warnings;
      },
    });
    replace(slot, memberForm);
    /** @type {HTMLElement} */ (memberForm.querySelector('select[name=country_code]')).focus();
  }

  /** @param {api.Member} m */
  async function removeMember(m) {
    if (!(await confirmDialog(t('partnership.remove_member_body', { member: m.label }), { title: t('partnership.remove_member_title'), confirmLabel: t('partnership.remove_member_confirm'), danger: true }))) return;
    try {
      await api.deleteMember(m.id);
      toast(t('partnership.member_removed', { member: m.label }));
      await refresh();
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  // ---- goals ----
  function renderGoals() {
    const editor = h('div', { class: 'editor-slot' });
    replace(goalsSection,
      h('div', { class: 'section-header' },
        h('h2', { id: 'goals-h' }, t('partnership.goals')),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', 'data-testid': 'add-goal', onclick: () => openGoalForm(editor, null) }, t('partnership.add_goal')))),
      h('p', { class: 'muted small' }, t('partnership.goals_intro')),
      detail.goals.length === 0
        ? emptyState(t('partnership.goals_empty'))
        : h('ul', { class: 'goal-list', 'data-testid': 'goal-list' }, detail.goals.map((g) => h('li', { 'data-id': g.id },
          h('div', { class: 'goal-text' }, g.text),
          h('div', { class: 'goal-meta muted small' }, g.proposed_by_member_id ? t('partnership.proposed_by_member', { member: g.proposed_by_label }) : t('partnership.proposed_jointly')),
          h('div', { class: 'row-actions' },
            h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-goal', onclick: () => openGoalForm(editor, g) }, t('common.edit')),
            h('button', { type: 'button', class: 'btn small danger-outline', 'data-testid': 'remove-goal', onclick: () => removeGoal(g) }, t('common.remove')))))),
      editor);
  }

  /**
   * @param {HTMLElement} slot
   * @param {api.Goal | null} g
   */
  function openGoalForm(slot, g) {
    const proposer = h('select', { name: 'proposed_by_member_id' }, option('', t('partnership.jointly_option'), !g?.proposed_by_member_id));
    for (const m of detail.members) proposer.appendChild(option(m.id, m.label, g?.proposed_by_member_id === m.id));
    const goalForm = formShell(
      { testid: 'goal-form', saveLabel: g ? t('partnership.save_goal') : t('partnership.add_goal'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-goal', onclick: () => replace(slot) }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, g ? t('partnership.edit_goal') : t('partnership.new_goal')),
        field(t('partnership.goal'), textArea('text', g?.text ?? '', { rows: 2 }), { required: true, wide: true }),
        field(t('partnership.proposed_by'), proposer)),
    );
    goalForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-goal');
    const bound = bindForm(goalForm, { record: 'goal',
      onSave: async () => {
        const data = /** @type {api.GoalData} */ ({ partnership_id: id, ...readFields(goalForm, { text: 'text', proposed_by_member_id: 'optional' }) });
        const result = await api.saveGoal(g?.id ?? null, data);
        toast(g ? t('partnership.goal_saved') : t('partnership.goal_added'));
        bound.markClean();
        await refresh();
        return result.warnings;
      },
    });
    replace(slot, goalForm);
    /** @type {HTMLElement} */ (goalForm.querySelector('textarea')).focus();
  }

  /** @param {api.Goal} g */
  async function removeGoal(g) {
    if (!(await confirmDialog(t('partnership.remove_goal_body', { goal: g.text }), { title: t('partnership.remove_goal_title'), confirmLabel: t('partnership.remove_goal_confirm'), danger: true }))) return;
    try {
      await api.deleteGoal(g.id);
      await refresh();
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  // ---- exchanges, people, history ----
  function renderExchanges() {
    replace(exchangesSection,
      h('div', { class: 'section-header' },
        h('h2', { id: 'exchanges-h' }, t('exchanges.title')),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', 'data-testid': 'plan-exchange-section', onclick: planExchange }, t('partnership.plan_exchange')))),
      detail.exchanges.length === 0
        ? emptyState(t('partnership.exchanges_empty'))
        : h('ol', { class: 'timeline', 'data-testid': 'exchange-timeline' }, [...detail.exchanges]
          .sort((a, b) => (a.start_date ?? '9999').localeCompare(b.start_date ?? '9999'))
          .map((x) => h('li', { 'data-id': x.id },
            h('span', { class: 'when num' }, formatDateRange(x.start_date, x.end_date) || t('partnership.date_not_set')),
            h('a', { href: `#/exchanges/${encodeURIComponent(x.id)}`, class: 'what' }, x.title),
            h('span', { class: 'muted small' }, [enumLabel('exchange_format', x.format), [x.city, countryLabel(x.country_code)].filter(Boolean).join(', ')].filter(Boolean).join(' · ')),
            exchangeStatusChip(x.status),
            h('span', { class: 'muted small num' }, t('exchange.n_participants', { count: x.participant_count }))))));
  }

  function renderPeople() {
    replace(peopleSection,
      h('h2', { id: 'people-h' }, t('partnership.people')),
      detail.people.length === 0
        ? h('p', { class: 'muted' }, t('partnership.people_empty'))
        : h('table', { class: 'data compact', 'data-testid': 'people-table' },
          h('thead', null, h('tr', null, th(t('partnership.name')), th(t('partnership.organisation')), th(t('partnership.country')), th(t('exchanges.title'), { className: 'right' }))),
          h('tbody', null, detail.people.map((p) => h('tr', { 'data-id': p.id },
            h('td', null, h('a', { href: `#/people/${encodeURIComponent(p.id)}` }, p.name)),
            h('td', null, p.organisation),
            h('td', null, countryLabel(p.country_code)),
            h('td', { class: 'num right' }, formatNumber(p.exchanges)))))));
  }

  function renderHistory() {
    replace(historySection,
      h('h2', { id: 'history-h' }, t('partnership.history')),
      detail.status_history.length === 0
        ? h('p', { class: 'muted' }, t('partnership.history_empty'))
        : h('table', { class: 'data compact', 'data-testid': 'status-history' },
          h('thead', null, h('tr', null, th(t('partnership.date')), th(t('partnership.status')), th(t('partnership.note')))),
          h('tbody', null, [...detail.status_history]
            .sort((a, b) => b.changed_on.localeCompare(a.changed_on))
            .map((s) => h('tr', { 'data-id': s.id },
              h('td', { class: 'num nowrap' }, formatDate(s.changed_on)),
              h('td', null, statusChip(s.status)),
              h('td', null, s.note))))));
  }

  await renderAll();
  const node = h('div', { class: 'page' },
    header,
    pageWarnings,
    h('section', { class: 'section', 'aria-label': t('partnership.details_aria') }, form),
    membersSection,
    goalsSection,
    exchangesSection,
    followUp.element,
    h('div', { class: 'two-col' }, peopleSection, historySection));
  return {
    title: detail.partnership.title,
    node,
    crumbs: crumbs(),
  };
}
