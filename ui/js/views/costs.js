// An exchange's logistics costs: lines grouped by category, estimate against actual with the
// variance, cost per participant, totals in the reporting currency with the rates used (or
// which rate is missing), the exchange's fixed budget rates, and "estimate from delegation",
// whose proposals the officer reviews before anything is saved.

import * as api from '../api.js';
import { h, replace, option, uid } from '../dom.js';
import {
  enumSelect, formatDate, formatDateRange, plural, groupDigits as grouped, formatMoney as money, formatPercent, rateUsedText as rateText,
} from '../format.js';
import { bindForm, formShell, field, textInput, dateInput, readFields, messageSlots } from '../forms.js';
import { setTitle } from '../router.js';
import { emptyState, confirmDialog, toast } from '../widgets.js';

/** @param {import('../router.js').Route} route */
export async function exchangeCostsView(route) {
  const id = route.params.id;
  let [costs, detail, currencies, funders] = await Promise.all([
    api.getExchangeCosts(id), api.getExchange(id), api.listCurrencies(), api.listFunders(),
  ]);
  const exchangeHref = `#/exchanges/${encodeURIComponent(id)}`;
  const crumbs = () => [
    { label: 'Partnerships', href: '#/partnerships' },
    { label: detail.partnership.title, href: `#/partnerships/${encodeURIComponent(detail.exchange.partnership_id)}` },
    { label: detail.exchange.title, href: exchangeHref },
    { label: 'Costs' },
  ];
  const R = () => costs.reporting_currency;
  /** The currency of the last line saved on this page: the next line likely uses it too. */
  let lastCurrency = costs.lines[costs.lines.length - 1]?.line.currency ?? R();

  const header = h('header', { class: 'page-header' });
  const summary = h('section', { class: 'section', 'aria-label': 'Totals', 'data-testid': 'cost-totals' });
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
    if (header.isConnected) setTitle(`Costs — ${x.title}`, crumbs());
    replace(header,
      h('div', { class: 'title-block' },
        h('h1', { 'data-testid': 'page-title' }, `Costs: ${x.title}`),
        h('p', { class: 'muted small num' },
          [formatDateRange(x.start_date, x.end_date) || 'Dates not set', plural(costs.participants, 'participant'),
            `totals in ${R()}`].join(' · '), ' · ', h('a', { href: '#/rates' }, 'Rates…'), ' · ', h('a', { href: '#/budget' }, 'Portfolio budget'))),
      h('div', { class: 'actions' },
        h('a', { class: 'btn', href: exchangeHref }, 'Exchange'),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'estimate-from-delegation', onclick: openEstimate }, 'Estimate from delegation…'),
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'add-cost-line', onclick: () => openLineForm(null) }, 'Add cost line')));
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
    const t = costs.totals;
    const per = costs.per_participant;
    // Before anything is paid a variance only repeats the estimate: it is shown once actuals exist.
    const hasActuals = t.actual.minor !== 0;
    const sign = t.variance.minor > 0 ? 'over' : t.variance.minor < 0 ? 'under' : 'even';
    replace(summary,
      h('div', { class: 'figures' },
        figure('Estimate', money(t.estimate, R()), 'total-estimate', plural(t.lines, 'line')),
        figure('Committed', money(t.committed, R()), 'total-committed', 'Contracted or invoiced, not yet paid'),
        figure('Actual', money(t.actual, R()), 'total-actual', 'Paid'),
        figure('Variance (actual − estimate)', hasActuals ? money(t.variance, R(), { plus: true }) : null, 'total-variance',
          !hasActuals ? 'No actual yet' : t.variance_percent ? `${formatPercent(t.variance_percent)} of the estimate` : 'No estimate to compare with',
          hasActuals ? `variance-${sign}` : ''),
        per ? figure('Per participant', money(per.actual.minor ? per.actual : per.estimate, R()), 'per-participant',
          `${per.actual.minor ? 'actual' : 'estimate'} ÷ ${costs.participants}`) : null),
      costs.complete ? null : h('div', { class: 'notice', 'data-testid': 'missing-rates' },
        h('div', null,
          h('strong', null, 'Incomplete: '),
          `${plural(costs.lines.filter((l) => !l.converted).length, 'line')} could not be converted to ${R()} and ${costs.lines.filter((l) => !l.converted).length === 1 ? 'is' : 'are'} left out of the totals. Missing:`,
          h('ul', null, costs.missing_rates.map((m) => h('li', { 'data-testid': 'missing-rate' }, m.text)))),
        h('a', { class: 'btn small', href: '#/rates' }, 'Add a rate…')));
  }

  /** Lines of a category group left out of its totals for want of a rate. @param {{lines: number[]}} group */
  const unconverted = (group) => group.lines.filter((i) => !costs.lines[i].converted).length;

  function renderLines() {
    replace(linesSection,
      h('div', { class: 'section-header' }, h('h2', { id: 'lines-h' }, 'Cost lines')),
      editor,
      proposals,
      costs.lines.length === 0
        ? emptyState('No cost yet. Add lines by hand, or estimate travel, accommodation and per diem from the delegation and the rate table.')
        : costs.categories.map((group) => h('div', { class: 'group', 'data-testid': 'cost-category', 'data-category': group.category },
          h('div', { class: 'group-header' },
            h('h3', null, group.label),
            h('span', { class: 'count num' }, `estimate ${money(group.totals.estimate, R())} · actual ${money(group.totals.actual, R())}`,
              unconverted(group) ? h('span', { class: 'warn-text' }, ` · ${plural(unconverted(group), 'line')} without a rate`) : null)),
          h('table', { class: 'data compact cost-table' },
            h('thead', null, h('tr', null,
              h('th', null, 'Description'), h('th', { class: 'num' }, 'Quantity × unit'), h('th', { class: 'num' }, 'Amount'),
              h('th', { class: 'num' }, R()), h('th', null, 'Stage'), h('th', null, 'Funder'), h('th', null, 'Date'), h('th', { class: 'actions-col' }, ''))),
            h('tbody', null, group.lines.map((i) => renderLine(costs.lines[i])))))),
      costs.by_currency.length > 1 || (costs.by_currency[0] && costs.by_currency[0].currency !== R())
        ? h('div', { class: 'subsection' },
          h('h3', null, 'In each currency paid'),
          h('table', { class: 'data compact cost-table', 'data-testid': 'by-currency' },
            h('thead', null, h('tr', null, h('th', null, 'Currency'), h('th', { class: 'num' }, 'Estimate'), h('th', { class: 'num' }, 'Committed'), h('th', { class: 'num' }, 'Actual'))),
            h('tbody', null, costs.by_currency.map((c) => h('tr', null,
              h('td', null, c.currency), h('td', { class: 'num' }, grouped(c.totals.estimate.text)),
              h('td', { class: 'num' }, grouped(c.totals.committed.text)), h('td', { class: 'num' }, grouped(c.totals.actual.text)))))))
        : null);
  }

  /** @param {api.CostLineView} v */
  function renderLine(v) {
    const l = v.line;
    return h('tr', { 'data-id': l.id, 'data-testid': 'cost-line', class: v.converted ? null : 'unconverted' },
      h('td', null, l.description || v.category_label, v.participant_name ? h('div', { class: 'muted small' }, `for ${v.participant_name}`) : null,
        l.reference ? h('div', { class: 'muted small' }, `Ref. ${l.reference}`) : null),
      h('td', { class: 'num' }, `${l.quantity} × ${grouped(l.unit_amount)} ${l.currency}`),
      h('td', { class: 'num' }, money(v.total, l.currency)),
      h('td', { class: 'num', 'data-testid': 'converted', title: v.rate_used || null },
        v.converted ? grouped(v.converted.text) : h('span', { class: 'warn-text' }, 'no rate')),
      h('td', null, h('span', { class: ['chip', `stage-${l.stage}`] }, v.stage_label)),
      h('td', null, l.funder),
      h('td', { class: 'num' }, l.cost_date ? formatDate(l.cost_date) : ''),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn small', 'data-testid': 'edit-cost-line', onclick: () => openLineForm(v) }, 'Edit'),
        h('button', {
          type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-cost-line',
          onclick: async () => {
            if (!(await confirmDialog(`Delete the line “${l.description || v.category_label}” (${money(v.total, l.currency)})?`, { title: 'Delete cost line?', confirmLabel: 'Delete', danger: true }))) return;
            try { await api.deleteCostLine(l.id); await refresh(); } catch (e) { toast(api.toApiError(e).message, 'error'); }
          },
        }, 'Delete')));
  }

  function renderRates() {
    const foreign = costs.by_currency.map((c) => c.currency).filter((c) => c !== R());
    replace(ratesSection,
      h('h2', { id: 'rates-h' }, 'Rates'),
      costs.rates_used.length
        ? h('ul', { class: 'rates-used', 'data-testid': 'rates-used' }, costs.rates_used.map((r) => h('li', { class: 'num' }, rateText(r))))
        : h('p', { class: 'muted small' }, foreign.length ? 'No rate applied yet.' : `Every line is in ${R()}: nothing to convert.`),
      foreign.length ? h('div', { class: 'subsection' },
        h('h3', null, 'Fixed budget rates of this exchange'),
        h('p', { class: 'muted small' }, `A fixed rate replaces the dated rates for this exchange's lines in that currency (e.g. the rate agreed in the budget). Leave empty to use the dated rates.`),
        foreign.map(budgetRateRow)) : null);
  }

  /** @param {string} currency */
  function budgetRateRow(currency) {
    const current = costs.budget_rates.find((b) => b.currency === currency);
    const input = textInput('rate', current?.rate ?? '', { class: 'num rate-input', 'aria-label': `Fixed rate: 1 ${currency} in ${R()}`, 'data-testid': `budget-rate-${currency}`, placeholder: 'e.g. 0.0077' });
    const form = formShell({ testid: 'budget-rate-form', saveLabel: current ? 'Save rate' : 'Set rate', className: 'inline-form' },
      h('div', { class: 'field-inline' }, h('span', null, `1 ${currency} = `), input, h('span', null, ` ${R()}`), ...messageSlots('rate')));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', `save-budget-rate-${currency}`);
    bindForm(form, { record: 'budget_rate',
      onSave: async () => {
        const text = input.value.trim();
        await api.setBudgetRate(id, currency, text === '' ? null : text);
        toast(text === '' ? `Fixed ${currency} rate cleared.` : `Fixed ${currency} rate set.`);
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
    const traveller = h('select', { name: 'participant_id' }, option('', 'Nobody in particular (a shared cost)', !l?.participant_id));
    for (const p of detail.participants) {
      traveller.appendChild(option(p.participant.id, `${p.person.name} — ${p.member_label}`, p.participant.id === l?.participant_id));
    }
    // Who pays: the network or the funder named above, or one member's own budget (so the
    // budget can show that a partnership is not one-sided in money either).
    const paidBy = h('select', { name: 'paid_by_member_id' }, option('', 'The network or the funder named', !l?.paid_by_member_id));
    for (const m of detail.members) {
      paidBy.appendChild(option(m.id, `${m.label}’s own budget`, m.id === l?.paid_by_member_id));
    }
    const fundersId = uid('funders');
    const form = formShell(
      { testid: 'cost-line-form', saveLabel: l ? 'Save line' : 'Add line', className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-cost-line', onclick: () => replace(editor) }, 'Cancel')] },
      h('fieldset', { class: 'grid' },
        h('legend', null, l ? 'Edit cost line' : 'New cost line'),
        field('Category', enumSelect('cost_category', { name: 'category' }, l?.category ?? 'international_travel')),
        field('Stage', enumSelect('cost_stage', { name: 'stage' }, l?.stage ?? 'estimate'), { hint: 'Estimate before, committed once booked, actual once paid' }),
        field('Description', textInput('description', l?.description ?? ''), { wide: true }),
        field('Traveller', traveller, { hint: 'For a traveller’s own fare, nights or per diem' }),
        field('Quantity', h('input', { type: 'number', name: 'quantity', min: '1', step: '1', value: String(l?.quantity ?? 1), class: 'num' }), { hint: 'e.g. 6 travellers × 4 nights = 24', required: true }),
        field('Unit amount', textInput('unit_amount', l?.unit_amount ?? '', { class: 'num', inputmode: 'decimal', placeholder: '145.50' }), { required: true }),
        field('Currency', currency, { required: true }),
        field('Funder', textInput('funder', l?.funder ?? '', { list: fundersId }), { hint: 'Who pays' }),
        h('datalist', { id: fundersId }, funders.map((f) => option(f, f))),
        field('Paid from', paidBy, { hint: 'A member’s own budget, or the network / funder' }),
        field('Date', dateInput('cost_date', l?.cost_date ?? null), { hint: 'Required for an actual; chooses the exchange rate' }),
        field('Receipt or reference', textInput('reference', l?.reference ?? ''))));
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
          throw new api.ApiError('invalid', 'Quantity', [{ field: 'quantity', message: 'the quantity must be a whole number of at least 1 (e.g. 6 travellers × 4 nights = 24)' }]);
        }
        const result = await api.saveCostLine(l?.id ?? null, data);
        lastCurrency = data.currency;
        toast(l ? 'Line saved.' : 'Line added.');
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
      const tick = h('input', { type: 'checkbox', id: uid('proposal'), checked: p.rate_found && !p.already_estimated, 'data-index': String(i), 'aria-label': `Keep: ${p.line.description}` });
      const amount = textInput(`proposals.${i}.unit_amount`, p.line.unit_amount, { class: 'num rate-input', 'aria-label': `${p.line.description}: unit amount` });
      const quantity = h('input', { type: 'number', min: '1', step: '1', name: `proposals.${i}.quantity`, value: String(p.line.quantity), class: 'num qty-input', 'aria-label': `${p.line.description}: quantity` });
      return { p, tick, amount, quantity };
    });
    const form = formShell(
      { testid: 'estimate-form', saveLabel: 'Save the ticked lines', className: 'subform', extraActions: [h('button', { type: 'button', class: 'btn', onclick: () => replace(proposals) }, 'Close')] },
      h('p', { class: 'muted small' },
        `${plural(estimate.travellers, 'traveller')}, ${plural(estimate.nights, 'night')}, ${plural(estimate.days, 'per-diem day')}. Nothing is saved until you save; untick what you do not want, correct any amount.`),
      estimate.notes.length ? h('ul', { class: 'warnings' }, estimate.notes.map((n) => h('li', null, n))) : null,
      rows.length === 0 ? emptyState('Nothing to propose.') : h('table', { class: 'data compact', 'data-testid': 'proposals' },
        h('thead', null, h('tr', null, h('th', null, ''), h('th', null, 'Line'), h('th', { class: 'num' }, 'Quantity'), h('th', { class: 'num' }, 'Unit amount'), h('th', null, 'Currency'), h('th', null, 'Based on'))),
        h('tbody', null, rows.map(({ p, tick, amount, quantity }, i) => h('tr', { 'data-testid': 'proposal', class: p.rate_found ? null : 'unconverted' },
          h('td', null, tick),
          h('td', null, h('label', { for: tick.id }, p.line.description), h('div', { class: 'muted small' }, p.traveller),
            p.already_estimated ? h('div', { class: 'warn-text small' }, 'Already estimated for this traveller') : null,
            ...messageSlots(`lines.${i}.unit_amount`)),
          h('td', null, quantity),
          h('td', null, amount),
          h('td', null, p.line.currency),
          h('td', { class: 'muted small' }, p.basis))))));
    form.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-proposals');
    bindForm(form, {
      onSave: async () => {
        const chosen = rows.filter((r) => r.tick.checked).map(({ p, amount, quantity }) => ({ ...p.line, unit_amount: amount.value, quantity: Number(quantity.value) }));
        if (chosen.length === 0) throw new api.ApiError('invalid', 'Nothing ticked', [{ field: 'lines', message: 'tick at least one proposed line, or close' }]);
        const saved = await api.saveCostLines(chosen);
        toast(`${plural(saved.length, 'line')} added.`);
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
  return { title: `Costs — ${detail.exchange.title}`, node, crumbs: crumbs() };
}
