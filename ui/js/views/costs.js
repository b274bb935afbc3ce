// An exchange's logistics costs: lines grouped by category, estimate against actual with the
// variance, cost per participant, totals in the reporting currency with the rates used (or
// which rate is missing), the exchange's fixed budget rates, and "estimate from delegation",
// whose proposals the officer reviews before anything is saved.

import * as api from '../api.js';
import { h, replace, option, uid } from '../dom.js';
import {
  enumLabel, enumSelect, formatDate, formatDateRange, groupDigits as grouped, formatMoney as money, formatPercent, rateUsedText as rateText, missingRateText,
} from '../format.js';
import { bindForm, formShell, field, textInput, dateInput, readFields, messageSlots } from '../forms.js';
import { setTitle } from '../router.js';
import { emptyState, confirmDialog, toast } from '../widgets.js';
import { t } from '../i18n.js';

/** @param {import('../router.js').Route} route */
export async function exchangeCostsView(route) {
  const id = route.params.id;
  let [costs, detail, currencies, funders] = await Promise.all([
    api.getExchangeCosts(id), api.getExchange(id), api.listCurrencies(), api.listFunders(),
  ]);
  const exchangeHref = `#/exchanges/${encodeURIComponent(id)}`;
  const crumbs = () => [
    { label: t('costs.crumb_partnerships'), href: '#/partnerships' },
    { label: detail.partnership.title, href: `#/partnerships/${encodeURIComponent(detail.exchange.partnership_id)}` },
    { label: detail.exchange.title, href: exchangeHref },
    { label: t('costs.crumb_costs') },
  ];
  const R = () => costs.reporting_currency;
  /** The currency of the last line saved on this page: the next line likely uses it too. */
  let lastCurrency = costs.lines[costs.lines.length - 1]?.line.currency ?? R();

  const header = h('header', { class: 'page-header' });
  const summary = h('section', { class: 'section', 'aria-label': t('costs.totals_label'), 'data-testid': 'cost-totals' });
  const editor = h('div', { class: 'editor-slot' });
  const proposals = h('div', { class: 'editor-slot', 'data-testid': 'estimate-slot' });
  const linesSection = h('section', { class: 'section', 'aria-labelledby': 'lines-h', 'data-testid': 'cost-lines' });
  const ratesSection = h('section', { class: 'section', 'aria-labelledby': 'rates-h', 'data-testid': 'cost-rates' });

  async function refresh() {
    costs = await api.getExchangeCosts(id);
    render();
  }

  function renderHeader() {
    const x = detail.exchange;
    if (header.isConnected) setTitle(t('costs.page_title', { title: x.title }), crumbs());
    replace(header,
      h('div', { class: 'title-block' },
        h('h1', { 'data-testid': 'page-title' }, t('costs.heading', { title: x.title })),
        h('p', { class: 'muted small num' },
          [formatDateRange(x.start_date, x.end_date) || t('costs.dates_not_set'), t('costs.participant_count', { count: costs.participants }),
            t('costs.totals_in', { currency: R() })].join(' · '), ' · ', h('a', { href: '#/rates' }, t('costs.rates_link')), ' · ', h('a', { href: '#/budget' }, t('costs.portfolio_budget')))),
      h('div', { class: 'actions' },
        h('a', { class: 'btn', href: exchangeHref }, t('costs.exchange')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'estimate-from-delegation', onclick: openEstimate }, t('costs.estimate_from_delegation')),
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'add-cost-line', onclick: () => openLineForm(null) }, t('costs.add_cost_line'))));
  }

  /**
   * One big figure, styled like the portfolio budget's.
   * @param {string} label @param {string | null} amount "4,487.52 USD", or null for "—"
   * @param {string} testid @param {string} note @param {string} [cls]
   */
  const figure = (label, amount, testid, note, cls) => h('div', { class: ['budget-figure', cls], 'data-testid': testid },
    h('div', { class: 'budget-figure-label' }, label),
    h('div', { class: 'budget-figure-value num' }, amount === null ? '—' : [
      h('span', { class: 'amount' }, amount.slice(0, amount.lastIndexOf(' '))), ' ',
      h('span', { class: 'currency' }, amount.slice(amount.lastIndexOf(' ') + 1))]),
    h('div', { class: 'budget-figure-note muted small num' }, note));

  function renderSummary() {
    const tot = costs.totals;
    const per = costs.per_participant;
    // Before anything is paid a variance only repeats the estimate: it is shown once actuals exist.
    const hasActuals = tot.actual.minor !== 0;
    const sign = tot.variance.minor > 0 ? 'over' : tot.variance.minor < 0 ? 'under' : 'even';
    const unconvertedLines = costs.lines.filter((l) => !l.converted).length;
    replace(summary,
      h('div', { class: 'figures' },
        figure(t('costs.estimate'), money(tot.estimate, R()), 'total-estimate', t('costs.line_count', { count: tot.lines })),
        figure(t('costs.committed'), money(tot.committed, R()), 'total-committed', t('costs.committed_note')),
        figure(t('costs.actual'), money(tot.actual, R()), 'total-actual', t('costs.paid')),
        figure(t('costs.variance'), hasActuals ? money(tot.variance, R(), { plus: true }) : null, 'total-variance',
          !hasActuals ? t('costs.no_actual_yet') : tot.variance_percent ? t('costs.of_the_estimate', { percent: formatPercent(tot.variance_percent) }) : t('costs.no_estimate_to_compare'),
          hasActuals ? `variance-${sign}` : ''),
        per ? figure(t('costs.per_participant'), money(per.actual.minor ? per.actual : per.estimate, R()), 'per-participant',
          per.actual.minor ? t('costs.per_participant_actual', { count: costs.participants }) : t('costs.per_participant_estimate', { count: costs.participants })) : null),
      costs.complete ? null : h('div', { class: 'notice', 'data-testid': 'missing-rates' },
        h('div', null,
          h('strong', null, `${t('costs.incomplete')} `),
          t('costs.lines_not_converted', { count: unconvertedLines, currency: R() }),
          h('ul', null, costs.missing_rates.map((m) => h('li', { 'data-testid': 'missing-rate' }, missingRateText(m))))),
        h('a', { class: 'btn small', href: '#/rates' }, t('costs.add_a_rate'))));
  }

  /** Lines of a category group left out of its totals for want of a rate. @param {{lines: number[]}} group */
  const unconverted = (group) => group.lines.filter((i) => !costs.lines[i].converted).length;

  function renderLines() {
    replace(linesSection,
      h('div', { class: 'section-header' }, h('h2', { id: 'lines-h' }, t('costs.cost_lines'))),
      editor,
      proposals,
      costs.lines.length === 0
        ? emptyState(t('costs.empty'))
        : costs.categories.map((group) => h('div', { class: 'group', 'data-testid': 'cost-category', 'data-category': group.category },
          h('div', { class: 'group-header' },
            h('h3', null, enumLabel('cost_category', group.category) || group.label),
            h('span', { class: 'count num' }, t('costs.group_totals', { estimate: money(group.totals.estimate, R()), actual: money(group.totals.actual, R()) }),
              unconverted(group) ? h('span', { class: 'warn-text' }, ` · ${t('costs.lines_without_rate', { count: unconverted(group) })}`) : null)),
          h('table', { class: 'data compact cost-table' },
            h('thead', null, h('tr', null,
              h('th', null, t('costs.col_description')), h('th', { class: 'num' }, t('costs.col_quantity_unit')), h('th', { class: 'num' }, t('costs.col_amount')),
              h('th', { class: 'num' }, R()), h('th', null, t('costs.col_stage')), h('th', null, t('costs.col_funder')), h('th', null, t('costs.col_date')), h('th', { class: 'actions-col' }, ''))),
            h('tbody', null, group.lines.map((i) => renderLine(costs.lines[i])))))),
      costs.by_currency.length > 1 || (costs.by_currency[0] && costs.by_currency[0].currency !== R())
        ? h('div', { class: 'subsection' },
          h('h3', null, t('costs.by_currency')),
          h('table', { class: 'data compact cost-table', 'data-testid': 'by-currency' },
            h('thead', null, h('tr', null, h('th', null, t('costs.col_currency')), h('th', { class: 'num' }, t('costs.estimate')), h('th', { class: 'num' }, t('costs.committed')), h('th', { class: 'num' }, t('costs.actual')))),
            h('tbody', null, costs.by_currency.map((c) => h('tr', null,
              h('td', null, c.currency), h('td', { class: 'num' }, grouped(c.totals.estimate.text)),
              h('td', { class: 'num' }, grouped(c.totals.committed.text)), h('td', { class: 'num' }, grouped(c.totals.actual.text)))))))
        : null);
  }

  /** @param {api.CostLineView} v */
  function renderLine(v) {
    const l = v.line;
    return h('tr', { 'data-id': l.id, 'data-testid': 'cost-line', class: v.converted ? null : 'unconverted' },
      h('td', null, l.description || enumLabel('cost_category', l.category), v.participant_name ? h('div', { class: 'muted small' }, t('costs.for_traveller', { name: v.participant_name })) : null,
        l.reference ? h('div', { class: 'muted small' }, t('costs.reference', { reference: l.reference })) : null),
      h('td', { class: 'num' }, `${l.quantity} × ${grouped(l.unit_amount)} ${l.currency}`),
      h('td', { class: 'num' }, money(v.total, l.currency)),
      h('td', { class: 'num', 'data-testid': 'converted', title: v.rate_used || null },
        v.converted ? grouped(v.converted.text) : h('span', { class: 'warn-text' }, t('costs.no_rate'))),
      h('td', null, h('span', { class: ['chip', `stage-${l.stage}`] }, enumLabel('cost_stage', l.stage))),
      h('td', null, l.funder),
      h('td', { class: 'num' }, l.cost_date ? formatDate(l.cost_date) : ''),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-cost-line', onclick: () => openLineForm(v) }, t('common.edit')),
        h('button', {
          type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-cost-line',
          onclick: async () => {
            if (!(await confirmDialog(t('costs.delete_line_confirm', { line: l.description || enumLabel('cost_category', l.category), amount: money(v.total, l.currency) }), { title: t('costs.delete_line_title'), confirmLabel: t('common.delete'), danger: true }))) return;
            try { await api.deleteCostLine(l.id); await refresh(); } catch (e) { toast(api.toApiError(e).message, 'error'); }
          },
        }, t('common.delete'))));
  }

  function renderRates() {
    const foreign = costs.by_currency.map((c) => c.currency).filter((c) => c !== R());
    replace(ratesSection,
      h('h2', { id: 'rates-h' }, t('costs.rates')),
      costs.rates_used.length
        ? h('ul', { class: 'rates-used', 'data-testid': 'rates-used' }, costs.rates_used.map((r) => h('li', { class: 'num' }, rateText(r))))
        : h('p', { class: 'muted small' }, foreign.length ? t('costs.no_rate_applied') : t('costs.nothing_to_convert', { currency: R() })),
      foreign.length ? h('div', { class: 'subsection' },
        h('h3', null, t('costs.fixed_rates')),
        h('p', { class: 'muted small' }, t('costs.fixed_rates_hint')),
        foreign.map(budgetRateRow)) : null);
  }

  /** @param {string} currency */
  function budgetRateRow(currency) {
    const current = costs.budget_rates.find((b) => b.currency === currency);
    const input = textInput('rate', current?.rate ?? '', { class: 'num rate-input', 'aria-label': t('costs.fixed_rate_label', { currency, reporting: R() }), 'data-testid': `budget-rate-${currency}`, placeholder: t('costs.fixed_rate_placeholder') });
    const form = formShell({ testid: 'budget-rate-form', saveLabel: current ? t('costs.save_rate') : t('costs.set_rate'), className: 'inline-form' },
      h('div', { class: 'field-inline' }, h('span', null, `1 ${currency} = `), input, h('span', null, ` ${R()}`), ...messageSlots('rate')));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', `save-budget-rate-${currency}`);
    bindForm(form, { record: 'budget_rate',
      onSave: async () => {
        const text = input.value.trim();
        await api.setBudgetRate(id, currency, text === '' ? null : text);
        toast(text === '' ? t('costs.fixed_rate_cleared', { currency }) : t('costs.fixed_rate_set', { currency }));
        await refresh();
        return [];
      },
    });
    return form;
  }

  /** The add/edit line form. @param {api.CostLineView | null} v */
  function openLineForm(v) {
    const l = v?.line;
    const currency = h('select', { name: 'currency' });
    for (const c of currencies) currency.appendChild(option(c.code, `${c.code} — ${c.name}`, c.code === (l?.currency ?? lastCurrency)));
    const traveller = h('select', { name: 'participant_id' }, option('', t('costs.nobody_in_particular'), !l?.participant_id));
    for (const p of detail.participants) {
      traveller.appendChild(option(p.participant.id, `${p.person.name} — ${p.member_label}`, p.participant.id === l?.participant_id));
    }
    // Who pays: the network or the funder named above, or one member's own budget (so the
    // budget can show that a partnership is not one-sided in money either).
    const paidBy = h('select', { name: 'paid_by_member_id' }, option('', t('costs.network_or_funder'), !l?.paid_by_member_id));
    for (const m of detail.members) {
      paidBy.appendChild(option(m.id, t('costs.member_own_budget', { member: m.label }), m.id === l?.paid_by_member_id));
    }
    const fundersId = uid('funders');
    const form = formShell(
      { testid: 'cost-line-form', saveLabel: l ? t('costs.save_line') : t('costs.add_line'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-cost-line', onclick: () => replace(editor) }, t('common.cancel'))] },
      h('fieldset', { class: 'grid' },
        h('legend', null, l ? t('costs.edit_cost_line') : t('costs.new_cost_line')),
        field(t('costs.field_category'), enumSelect('cost_category', { name: 'category' }, l?.category ?? 'international_travel')),
        field(t('costs.col_stage'), enumSelect('cost_stage', { name: 'stage' }, l?.stage ?? 'estimate'), { hint: t('costs.stage_hint') }),
        field(t('costs.col_description'), textInput('description', l?.description ?? ''), { wide: true }),
        field(t('costs.field_traveller'), traveller, { hint: t('costs.traveller_hint') }),
        field(t('costs.field_quantity'), h('input', { type: 'number', name: 'quantity', min: '1', step: '1', value: String(l?.quantity ?? 1), class: 'num' }), { hint: t('costs.quantity_hint'), required: true }),
        field(t('costs.field_unit_amount'), textInput('unit_amount', l?.unit_amount ?? '', { class: 'num', inputmode: 'decimal', placeholder: '145.50' }), { required: true }),
        field(t('costs.col_currency'), currency, { required: true }),
        field(t('costs.col_funder'), textInput('funder', l?.funder ?? '', { list: fundersId }), { hint: t('costs.funder_hint') }),
        h('datalist', { id: fundersId }, funders.map((f) => option(f, f))),
        field(t('costs.field_paid_from'), paidBy, { hint: t('costs.paid_from_hint') }),
        field(t('costs.col_date'), dateInput('cost_date', l?.cost_date ?? null), { hint: t('costs.date_hint') }),
        field(t('costs.field_reference'), textInput('reference', l?.reference ?? ''))));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-cost-line');
    const bound = bindForm(form, { record: 'cost_line',
      onSave: async () => {
        const data = /** @type {api.CostLineData} */ ({
          exchange_id: id,
          ...readFields(form, {
            category: 'text', stage: 'text', description: 'text', participant_id: 'optional', quantity: 'int',
            unit_amount: 'text', currency: 'text', funder: 'text', cost_date: 'date', reference: 'text',
            paid_by_member_id: 'optional',
          }),
        });
        if (!Number.isInteger(data.quantity)) {
          // Said here: the backend cannot even read a quantity that is not a number.
          throw new api.ApiError('invalid', t('costs.field_quantity'), [{ field: 'quantity', message: t('costs.quantity_invalid') }]);
        }
        const result = await api.saveCostLine(l?.id ?? null, data);
        lastCurrency = data.currency;
        toast(l ? t('costs.line_saved') : t('costs.line_added'));
        bound.markClean();
        replace(editor);
        await refresh();
        return result.warnings;
      },
    });
    replace(editor, form);
    /** @type {HTMLElement} */ (form.querySelector('select[name=category]')).focus();
  }

  /** Proposes lines from the delegation; the officer ticks, corrects and saves them. */
  async function openEstimate() {
    let estimate;
    try {
      estimate = await api.estimateFromDelegation(id);
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
      return;
    }
    const rows = estimate.proposals.map((p, i) => {
      const tick = h('input', { type: 'checkbox', id: uid('proposal'), checked: p.rate_found && !p.already_estimated, 'data-index': String(i), 'aria-label': t('costs.keep_proposal', { line: p.line.description }) });
      const amount = textInput(`proposals.${i}.unit_amount`, p.line.unit_amount, { class: 'num rate-input', 'aria-label': t('costs.proposal_unit_amount', { line: p.line.description }) });
      const quantity = h('input', { type: 'number', min: '1', step: '1', name: `proposals.${i}.quantity`, value: String(p.line.quantity), class: 'num qty-input', 'aria-label': t('costs.proposal_quantity', { line: p.line.description }) });
      return { p, tick, amount, quantity };
    });
    const form = formShell(
      { testid: 'estimate-form', saveLabel: t('costs.save_ticked'), className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', onclick: () => replace(proposals) }, t('common.close'))] },
      h('p', { class: 'muted small' },
        t('costs.estimate_intro', {
          travellers: t('costs.traveller_count', { count: estimate.travellers }),
          nights: t('costs.night_count', { count: estimate.nights }),
          days: t('costs.per_diem_day_count', { count: estimate.days }),
        })),
      estimate.notes.length ? h('ul', { class: 'warnings' }, estimate.notes.map((n) => h('li', null, n))) : null,
      rows.length === 0 ? emptyState(t('costs.nothing_to_propose')) : h('table', { class: 'data compact', 'data-testid': 'proposals' },
        h('thead', null, h('tr', null, h('th', null, ''), h('th', null, t('costs.col_line')), h('th', { class: 'num' }, t('costs.field_quantity')), h('th', { class: 'num' }, t('costs.field_unit_amount')), h('th', null, t('costs.col_currency')), h('th', null, t('costs.col_based_on')))),
        h('tbody', null, rows.map(({ p, tick, amount, quantity }, i) => h('tr', { 'data-testid': 'proposal', class: p.rate_found ? null : 'unconverted' },
          h('td', null, tick),
          h('td', null, h('label', { for: tick.id }, p.line.description), h('div', { class: 'muted small' }, p.traveller),
            p.already_estimated ? h('div', { class: 'warn-text small' }, t('costs.already_estimated')) : null,
            ...messageSlots(`lines.${i}.unit_amount`)),
          h('td', null, quantity),
          h('td', null, amount),
          h('td', null, p.line.currency),
          h('td', { class: 'muted small' }, p.basis))))));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-proposals');
    bindForm(form, {
      onSave: async () => {
        const chosen = rows.filter((r) => r.tick.checked).map(({ p, amount, quantity }) => ({ ...p.line, unit_amount: amount.value, quantity: Number(quantity.value) }));
        if (chosen.length === 0) throw new api.ApiError('invalid', t('costs.nothing_ticked'), [{ field: 'lines', message: t('costs.tick_at_least_one') }]);
        const saved = await api.saveCostLines(chosen);
        toast(t('costs.lines_added', { count: saved.length }));
        replace(proposals);
        await refresh();
        return [];
      },
    });
    replace(proposals, form);
  }

  function render() {
    renderHeader();
    renderSummary();
    renderLines();
    renderRates();
  }

  render();
  const node = h('div', { class: 'page costs-page' }, header, summary, linesSection, ratesSection);
  return { title: t('costs.page_title', { title: detail.exchange.title }), node, crumbs: crumbs() };
}
