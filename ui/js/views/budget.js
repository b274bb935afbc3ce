// The portfolio budget (#/budget, issue 6): logistics costs of every exchange converted into
// the reporting currency, with filters kept in the address, the totals by stage, charts (by
// category, per exchange, by month), a table by funder, the rates used and the exports.
// Money is never a float here: the core sends each amount as minor units and decimal text,
// and the text is only regrouped for display. Minor units are used only to size bars.

import * as api from '../api.js';
import { h, replace, debounce, option, uid } from '../dom.js';
import {
  countrySelect, enumLabel, enumSelect, formatDate, groupDigits, formatMoney, formatPercent, rateUsedText, missingRateText,
} from '../format.js';
import { setQuery } from '../router.js';
import { emptyState, errorPanel, documentLanguageSelect } from '../widgets.js';
import { exportFile } from './followup.js';
import { dateField, reread, typedValue } from '../typed.js';
import { t, locale } from '../i18n.js';

const PATH = '/budget';
const FILTER_KEYS = /** @type {const} */ (['from', 'to', 'partnership', 'country', 'funder', 'category', 'stage']);

// The month formatters are made on first use, in the chosen language (the language is known
// only once the catalog is loaded; changing it reloads the page).
/** @type {Intl.DateTimeFormat | null} */
let monthFormat = null;
/** @type {Intl.DateTimeFormat | null} */
let shortMonthFormat = null;

/** "2026-06" → "Jun 2026"; "undated" → "Undated". @param {string} month */
function monthLabel(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return t('budget.undated');
  monthFormat ??= new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short' });
  return monthFormat.format(new Date(Number(m[1]), Number(m[2]) - 1, 1));
}

/**
 * A month's column label: "Jun", with the year underneath where it starts or changes.
 * @param {string} month "2026-06" or "undated"
 * @param {string | null} previous the column before, if any
 */
function shortMonth(month, previous) {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return [h('span', null, t('budget.undated')), h('span', { class: 'bcol-year' }, '\u00a0')];
  const year = previous?.slice(0, 4) === m[1] ? '\u00a0' : m[1];
  shortMonthFormat ??= new Intl.DateTimeFormat(locale(), { month: 'short' });
  return [h('span', null, shortMonthFormat.format(new Date(Number(m[1]), Number(m[2]) - 1, 1))), h('span', { class: 'bcol-year' }, year)];
}

/** Bar width (percent of the largest value of its chart); a sliver for any non-zero value. */
function share(/** @type {number} */ minor, /** @type {number} */ max) {
  if (max <= 0 || minor <= 0) return 0;
  return Math.max(0.6, Math.min(100, (minor / max) * 100));
}

/** @param {string} text */
const srOnly = (text) => h('span', { class: 'visually-hidden' }, text);

/** @param {import('../router.js').Route} route */
export async function budgetView(route) {
  const q = route.query;
  /** @type {Record<typeof FILTER_KEYS[number], string>} */
  const state = /** @type {any} */ (Object.fromEntries(FILTER_KEYS.map((k) => [k, q.get(k) ?? ''])));

  const [partnerships, funders] = await Promise.all([
    api.listPartnerships({ include_archived: true, sort: 'title', limit: 1000 }).catch(() => ({ rows: [], total: 0 })),
    api.listFunders().catch(() => /** @type {string[]} */ ([])),
  ]);

  // ---- filters ----
  const from = dateField('from', state.from, { id: 'bf-from', 'data-testid': 'budget-from' });
  const to = dateField('to', state.to, { id: 'bf-to', 'data-testid': 'budget-to' });
  const partnership = h('select', { id: 'bf-partnership', name: 'partnership', 'data-testid': 'budget-partnership' }, option('', t('budget.all_partnerships'), !state.partnership));
  for (const p of partnerships.rows) partnership.appendChild(option(p.id, p.title, p.id === state.partnership));
  if (state.partnership && !partnerships.rows.some((p) => p.id === state.partnership)) partnership.appendChild(option(state.partnership, t('budget.partnership_not_listed'), true));
  const country = countrySelect({ id: 'bf-country', name: 'country', 'data-testid': 'budget-country' }, state.country || null, t('budget.all_countries'));
  const funderListId = uid('funders');
  const funder = h('input', { type: 'text', id: 'bf-funder', name: 'funder', value: state.funder, list: funderListId, autocomplete: 'off', placeholder: t('budget.any_funder'), 'data-testid': 'budget-funder' });
  const funderList = h('datalist', { id: funderListId }, funders.map((f) => h('option', { value: f })));
  const category = enumSelect('cost_category', { id: 'bf-category', name: 'category', 'data-testid': 'budget-category' }, state.category || null, t('budget.all_categories'));
  const stage = enumSelect('cost_stage', { id: 'bf-stage', name: 'stage', 'data-testid': 'budget-stage' }, state.stage || null, t('budget.all_stages'));
  const clear = h('button', { type: 'button', class: 'btn', 'data-testid': 'budget-clear', onclick: () => clearFilters() }, t('budget.clear_filters'));

  /** @param {string} id @param {string} label @param {HTMLElement} control */
  const fld = (id, label, control) => h('div', { class: 'field' }, h('label', { for: id }, label), control,
    h('div', { class: 'field-error', 'data-field': control.getAttribute('name') ?? '', hidden: true }));
  const filters = h('form', { class: 'filters budget-filters', role: 'search', 'aria-label': t('budget.filter_label'), onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    fld('bf-from', t('budget.from'), from),
    fld('bf-to', t('budget.to'), to),
    fld('bf-partnership', t('budget.partnership'), partnership),
    fld('bf-country', t('budget.country'), country),
    h('div', { class: 'field' }, h('label', { for: 'bf-funder' }, t('budget.funder')), funder, funderList),
    fld('bf-category', t('budget.category'), category),
    fld('bf-stage', t('budget.stage'), stage),
    h('div', { class: 'field budget-clear-field' }, clear));

  const filtersActive = () => FILTER_KEYS.some((k) => state[k].trim() !== '');

  /** @returns {api.BudgetFilter} */
  const currentFilter = () => ({
    from: state.from || null,
    to: state.to || null,
    partnership_id: state.partnership || null,
    country: state.country || null,
    funder: state.funder.trim() || null,
    category: state.category || null,
    stage: state.stage || null,
  });

  const subtitle = h('p', { class: 'muted small', 'data-testid': 'budget-subtitle' });
  const results = h('div', { class: 'budget-results', 'aria-live': 'polite' });
  let seq = 0;

  async function load() {
    const mine = ++seq;
    setQuery(PATH, { ...state, funder: state.funder.trim() });
    clear.disabled = !filtersActive();
    /** @type {api.Budget} */
    let budget;
    try {
      budget = await api.getBudget(currentFilter());
    } catch (e) {
      if (mine === seq) replace(results, errorPanel(e));
      return;
    }
    if (mine !== seq) return; // a newer query has been sent
    replace(subtitle, t('budget.subtitle', { currency: budget.reporting_currency }));
    const anyLines = budget.totals.lines + budget.unconverted_lines > 0;
    for (const b of exportButtons) b.disabled = !anyLines;
    const shown = anyLines || filtersActive() ? render(budget) : await renderNoCosts();
    if (mine === seq) replace(results, shown);
  }

  /** The empty state: what the place is for, and the way to an exchange's Costs page. */
  async function renderNoCosts() {
    /** @type {api.ExchangeSummary | undefined} */
    let first;
    try {
      first = (await api.listExchanges({ when: 'upcoming', limit: 1 })).rows[0]
        ?? (await api.listExchanges({ when: 'all', limit: 1 })).rows[0];
    } catch { first = undefined; }
    return emptyState(
      t('budget.empty'),
      first
        ? h('a', { class: 'btn primary', href: `#/exchanges/${encodeURIComponent(first.id)}/costs`, 'data-testid': 'empty-open-costs' }, t('budget.enter_costs_of', { title: first.title }))
        : h('a', { class: 'btn primary', href: '#/exchanges', 'data-testid': 'empty-open-costs' }, t('budget.open_exchanges')),
      first ? h('a', { class: 'btn', href: '#/exchanges' }, t('budget.all_exchanges')) : null,
      h('a', { class: 'btn', href: '#/rates' }, t('budget.set_rates')));
  }

  /** @param {api.Budget} b */
  function render(b) {
    const cur = b.reporting_currency;
    const anyLines = b.totals.lines + b.unconverted_lines > 0;
    if (!anyLines) {
      return emptyState(t('budget.no_match'),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'clear-filters', onclick: () => clearFilters() }, t('budget.clear_filters')));
    }
    return h('div', null,
      b.complete ? null : missingNotice(b),
      totals(b.totals, cur, b),
      h('p', { class: 'muted small budget-rule', 'data-testid': 'budget-comparison-rule' }, t('costs_doc.rule.comparison')),
      h('div', { class: 'budget-grid' },
        categoryChart(b, cur),
        monthChart(b, cur)),
      exchangeChart(b, cur),
      h('div', { class: 'budget-grid budget-grid-wide' },
        funderTable(b, cur),
        payerTable(b, cur, { testid: 'budget-by-payer', title: t('budget.who_pays') })),
      ratesUsed(b));
  }

  /** @param {api.Budget} b */
  function missingNotice(b) {
    return h('aside', { class: 'budget-notice', role: 'status', 'data-testid': 'budget-missing-rates' },
      h('strong', null, t('budget.lines_left_out', { count: b.unconverted_lines })),
      ` ${t('budget.totals_incomplete')}`,
      h('ul', null, b.missing_rates.map((m) => h('li', { 'data-from': m.from_currency, 'data-to': m.to_currency, class: 'num' }, missingRateText(m)))),
      h('a', { href: '#/rates', 'data-testid': 'missing-rates-link' }, t('budget.enter_missing_rates')));
  }

  /**
   * @param {api.StageTotals} tot
   * @param {string} cur
   * @param {api.Budget} b
   */
  /**
   * The headline figures. The variance compares only the exchanges with something paid: an
   * exchange not paid yet (a visit still ahead) would count its whole estimate as "under".
   * @param {api.StageTotals} tot
   * @param {string} cur
   * @param {api.Budget} b
   */
  function totals(tot, cur, b) {
    const paid = b.paid;
    const v = paid.totals;
    const sign = v.variance.minor > 0 ? 'over' : v.variance.minor < 0 ? 'under' : 'even';
    /** @param {string} key @param {string} label @param {string|null} value @param {import('../dom.js').Child} note @param {string} [cls] */
    const card = (key, label, value, note, cls) => h('div', { class: ['budget-figure', cls], 'data-figure': key },
      h('div', { class: 'budget-figure-label' }, label),
      h('div', { class: 'budget-figure-value num', 'data-testid': `budget-total-${key}` },
        value === null ? h('span', { class: 'amount muted' }, '—')
          : [h('span', { class: 'amount' }, value.slice(0, value.lastIndexOf(' '))), ' ', h('span', { class: 'currency' }, value.slice(value.lastIndexOf(' ') + 1))]),
      h('div', { class: 'budget-figure-note muted small num' }, note));
    const compared = paid.exchanges === 0
      ? t('budget.nothing_paid_yet')
      : [h('span', { 'data-testid': 'budget-variance-percent' },
        // budget.of_their_estimate_{over,under,even}
        // i18n-dynamic: budget.of_their_estimate_
        v.variance_percent !== null ? t(`budget.of_their_estimate_${sign}`, { percent: formatPercent(v.variance_percent) }) : t('budget.no_estimate_to_compare')),
      h('div', { 'data-testid': 'budget-variance-scope' },
        paid.unpaid_exchanges
          ? `${t('budget.exchanges_compared', { count: paid.exchanges })} · ${t('budget.not_paid_left_out', { count: paid.unpaid_exchanges })}`
          : t('budget.exchanges_compared', { count: paid.exchanges }))];
    const section = h('section', { class: 'budget-totals', 'aria-label': t('budget.totals_label') },
      card('estimate', t('budget.estimate'), formatMoney(tot.estimate, cur), `${t('budget.exchange_count', { count: b.exchange_count })} · ${t('budget.line_count', { count: tot.lines })}`),
      card('committed', t('budget.committed'), formatMoney(tot.committed, cur), t('budget.committed_note')),
      card('actual', t('budget.actual'), formatMoney(tot.actual, cur), t('budget.paid')),
      card('variance', t('budget.variance_paid_exchanges'),
        paid.exchanges === 0 ? null : formatMoney(v.variance, cur, { plus: true }),
        compared,
        paid.exchanges === 0 ? '' : `variance-${sign}`));
    section.querySelector('[data-figure=variance]')?.setAttribute('title',
      t('budget.variance_title'));
    return section;
  }

  // ---- charts ----

  /** @param {string} caption */
  const legend = (caption) => h('div', { class: 'bchart-legend small muted', 'aria-hidden': 'true' },
    h('span', null, h('span', { class: 'swatch estimate' }), t('budget.estimate')),
    h('span', null, h('span', { class: 'swatch actual' }), t('budget.actual')),
    h('span', { class: 'bchart-unit' }, caption));

  /**
   * Two horizontal bars (estimate above actual), sized against `max`.
   * @param {api.StageTotals} tot @param {number} max
   */
  const pairBars = (tot, max) => {
    const est = h('span', { class: 'bchart-bar estimate' });
    const act = h('span', { class: ['bchart-bar actual', tot.actual.minor > tot.estimate.minor && 'over'] });
    est.style.width = `${share(tot.estimate.minor, max)}%`;
    act.style.width = `${share(tot.actual.minor, max)}%`;
    return h('span', { class: 'bchart-bars', 'aria-hidden': 'true' }, h('span', { class: 'bchart-track' }, est), h('span', { class: 'bchart-track' }, act));
  };
  /** @param {api.StageTotals} tot @param {string} cur */
  const pairValues = (tot, cur) => h('span', { class: 'bchart-values num' },
    h('span', { class: 'v-estimate' }, srOnly(`${t('budget.estimate')} `), formatMoney(tot.estimate, cur)),
    h('span', { class: 'v-actual' }, srOnly(`, ${t('budget.sr_actual')} `), formatMoney(tot.actual, cur)));
  /** @param {api.StageTotals} tot */
  const maxOf = (tot) => Math.max(tot.estimate.minor, tot.actual.minor);

  /** @param {api.Budget} b @param {string} cur */
  function categoryChart(b, cur) {
    const rows = b.by_category;
    const max = Math.max(0, ...rows.map((r) => maxOf(r.totals)));
    return h('section', { class: 'section budget-chart', 'aria-labelledby': 'bc-cat-h' },
      h('div', { class: 'section-header' }, h('h2', { id: 'bc-cat-h' }, t('budget.spend_by_category'))),
      legend(t('budget.in_currency', { currency: cur })),
      rows.length === 0 ? h('p', { class: 'muted' }, t('budget.no_converted_costs'))
        : h('div', { class: 'bchart', 'data-testid': 'chart-by-category', role: 'list', 'aria-label': t('budget.by_category_label', { currency: cur }) },
          rows.map((r) => h('div', { class: 'bchart-row', role: 'listitem', 'data-category': r.category },
            h('span', { class: 'bchart-label' }, enumLabel('cost_category', r.category) || r.label),
            pairBars(r.totals, max),
            pairValues(r.totals, cur)))));
  }

  /** @param {api.Budget} b @param {string} cur */
  function exchangeChart(b, cur) {
    const rows = b.by_exchange;
    const max = Math.max(0, ...rows.map((r) => maxOf(r.totals)));
    const more = b.exchange_count > rows.length
      ? h('p', { class: 'muted small' }, t('budget.largest_of', { shown: rows.length, total: b.exchange_count }))
      : null;
    return h('section', { class: 'section budget-chart', 'aria-labelledby': 'bc-ex-h' },
      h('div', { class: 'section-header' }, h('h2', { id: 'bc-ex-h' }, t('budget.per_exchange')), h('span', { class: 'muted small num' }, t('budget.exchange_count', { count: b.exchange_count }))),
      legend(t('budget.per_exchange_caption', { currency: cur })),
      more,
      rows.length === 0 ? h('p', { class: 'muted' }, t('budget.no_converted_costs'))
        : h('div', { class: 'bchart bchart-exchanges', 'data-testid': 'chart-by-exchange', role: 'list', 'aria-label': t('budget.per_exchange_label', { currency: cur }) },
          rows.map((r) => {
            const tot = r.totals;
            const sign = tot.variance.minor > 0 ? 'over' : tot.variance.minor < 0 ? 'under' : 'even';
            return h('div', { class: 'bchart-row', role: 'listitem', 'data-exchange-id': r.exchange_id },
              h('span', { class: 'bchart-label' },
                h('a', { href: `#/exchanges/${encodeURIComponent(r.exchange_id)}/costs`, 'data-testid': 'exchange-costs-link' }, r.title),
                h('span', { class: 'muted small bchart-sub' }, [r.partnership_title, formatDate(r.start_date)].filter(Boolean).join(' · '))),
              pairBars(tot, max),
              pairValues(tot, cur),
              h('span', { class: `bchart-variance num small variance-${sign}`, title: t('budget.actual_minus_estimate') },
                srOnly(`, ${t('budget.sr_variance')} `),
                !r.paid ? h('span', { class: 'muted', title: t('budget.not_paid_title') }, t('budget.not_paid_yet'))
                  : tot.variance_percent !== null ? formatPercent(tot.variance_percent) : formatMoney(tot.variance, cur, { plus: true })));
          })));
  }

  /** @param {api.Budget} b @param {string} cur */
  function monthChart(b, cur) {
    const rows = b.by_month;
    const max = Math.max(0, ...rows.map((r) => maxOf(r.totals)));
    const chartId = uid('bc-month');
    const columns = rows.map((r, i) => {
      const est = h('span', { class: 'bcol-bar estimate' });
      // Months are the exchanges' months, so a month's actual is set against its own estimate.
      const act = h('span', { class: ['bcol-bar actual', r.compared.lines > 0 && r.compared.actual.minor > r.compared.estimate.minor && 'over'] });
      est.style.height = `${share(r.totals.estimate.minor, max)}%`;
      act.style.height = `${share(r.totals.actual.minor, max)}%`;
      return h('div', {
        class: 'bcol', 'data-month': r.month,
        title: t('budget.month_tooltip', { month: monthLabel(r.month), estimate: formatMoney(r.totals.estimate, cur), actual: formatMoney(r.totals.actual, cur) }),
      }, h('div', { class: 'bcol-bars' }, est, act), h('div', { class: 'bcol-label muted' }, shortMonth(r.month, i === 0 ? null : rows[i - 1].month)));
    });
    const table = h('table', { class: 'visually-hidden' },
      h('caption', null, t('budget.by_month_label', { currency: cur })),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('budget.month')), h('th', { scope: 'col' }, t('budget.estimate')), h('th', { scope: 'col' }, t('budget.actual')))),
      h('tbody', null, rows.map((r) => h('tr', null, h('th', { scope: 'row' }, monthLabel(r.month)), h('td', null, formatMoney(r.totals.estimate, cur)), h('td', null, formatMoney(r.totals.actual, cur))))));
    const maxRow = rows.find((r) => maxOf(r.totals) === max);
    const maxText = maxRow ? formatMoney(maxRow.totals.estimate.minor >= maxRow.totals.actual.minor ? maxRow.totals.estimate : maxRow.totals.actual, cur) : '';
    return h('section', { class: 'section budget-chart', 'aria-labelledby': 'bc-month-h' },
      h('div', { class: 'section-header' }, h('h2', { id: 'bc-month-h' }, t('budget.spend_over_time'))),
      legend(t('budget.by_month_caption', { currency: cur })),
      h('p', { class: 'muted small', 'data-testid': 'budget-month-rule' }, t('costs_doc.rule.months')),
      rows.length === 0 ? h('p', { class: 'muted' }, t('budget.no_converted_costs'))
        : h('div', { class: 'bmonths', 'data-testid': 'chart-by-month' },
          h('div', { class: 'bmonths-scale small muted num', 'aria-hidden': 'true' }, h('span', null, maxText), h('span', null, '0')),
          h('div', { class: 'bmonths-plot', id: chartId, 'aria-hidden': 'true' }, columns),
          table));
  }

  /** @param {api.Budget} b @param {string} cur */
  function funderTable(b, cur) {
    return h('section', { class: 'section', 'aria-labelledby': 'bc-fund-h' },
      h('h2', { id: 'bc-fund-h' }, t('budget.by_funder')),
      b.by_funder.length === 0 ? h('p', { class: 'muted' }, t('budget.no_converted_costs'))
        : h('div', { class: 'table-scroll' }, h('table', { class: 'data compact budget-funders', 'data-testid': 'budget-by-funder' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('budget.funder')),
            h('th', { scope: 'col', class: 'right' }, t('budget.estimate')),
            h('th', { scope: 'col', class: 'right' }, t('budget.committed')),
            h('th', { scope: 'col', class: 'right' }, t('budget.actual')),
            h('th', { scope: 'col', class: 'right' }, t('budget.variance_paid')))),
          h('tbody', null, b.by_funder.map((f) => h('tr', { 'data-funder': f.name },
            h('th', { scope: 'row' }, f.name || h('span', { class: 'muted' }, t('budget.no_funder_named'))),
            h('td', { class: 'num right nowrap' }, groupDigits(f.totals.estimate.text)),
            h('td', { class: 'num right nowrap' }, groupDigits(f.totals.committed.text)),
            h('td', { class: 'num right nowrap' }, groupDigits(f.totals.actual.text)),
            comparedCell(f.compared)))),
          h('tfoot', null, h('tr', null,
            h('th', { scope: 'row' }, t('budget.total_in', { currency: cur })),
            h('td', { class: 'num right nowrap' }, groupDigits(b.totals.estimate.text)),
            h('td', { class: 'num right nowrap' }, groupDigits(b.totals.committed.text)),
            h('td', { class: 'num right nowrap' }, groupDigits(b.totals.actual.text)),
            comparedCell(b.paid.totals)))),
        h('p', { class: 'muted small' }, t('budget.variance_note'))));
  }

  /**
   * The variance of a breakdown row, by the headline's rule (paid exchanges only); a dash
   * when none of the row's exchanges has anything paid.
   * @param {api.StageTotals} c
   */
  function comparedCell(c) {
    if (c.lines === 0) return h('td', { class: 'num right nowrap muted', title: t('budget.nothing_paid_on_these') }, '—');
    const sign = c.variance.minor > 0 ? 'over' : c.variance.minor < 0 ? 'under' : 'even';
    return h('td', { class: `num right nowrap variance-${sign}`, title: c.variance_percent !== null ? formatPercent(c.variance_percent) : null },
      groupDigits(c.variance.text, { plus: true }));
  }

  /**
   * Who pays: the network and named funders, or each member's own budget, with its share.
   * @param {api.Budget} b @param {string} cur @param {{testid: string, title: string}} opts
   */
  function payerTable(b, cur, opts) {
    return h('section', { class: 'section', 'aria-labelledby': 'bc-payer-h' },
      h('h2', { id: 'bc-payer-h' }, opts.title),
      b.by_payer.length === 0 ? h('p', { class: 'muted' }, t('budget.no_converted_costs'))
        : h('div', { class: 'table-scroll' }, h('table', { class: 'data compact', 'data-testid': opts.testid },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('budget.paid_from')),
            h('th', { scope: 'col', class: 'right' }, t('budget.estimate')),
            h('th', { scope: 'col', class: 'right' }, t('budget.share')),
            h('th', { scope: 'col', class: 'right' }, t('budget.actual')),
            h('th', { scope: 'col', class: 'right' }, t('budget.share')))),
          h('tbody', null, b.by_payer.map((p) => h('tr', { 'data-payer': p.member_id ?? 'network' },
            h('th', { scope: 'row' }, p.member_id ? t('budget.member_own_budget', { member: p.name }) : t('costs_doc.section.network_and_funders'),
              p.partnership_title ? h('div', { class: 'muted small' }, p.partnership_title) : null),
            h('td', { class: 'num right nowrap' }, groupDigits(p.totals.estimate.text)),
            h('td', { class: 'num right nowrap' }, p.estimate_share !== null ? t('budget.percent', { percent: groupDigits(p.estimate_share) }) : '—'),
            h('td', { class: 'num right nowrap' }, groupDigits(p.totals.actual.text)),
            h('td', { class: 'num right nowrap' }, p.actual_share !== null ? t('budget.percent', { percent: groupDigits(p.actual_share) }) : '—')))))),
        h('p', { class: 'muted small' }, t('budget.payer_note', { currency: cur })));
  }

  /** @param {api.Budget} b */
  function ratesUsed(b) {
    return h('section', { class: 'section', 'aria-labelledby': 'bc-rates-h' },
      h('div', { class: 'section-header' }, h('h2', { id: 'bc-rates-h' }, t('budget.rates_used')), h('a', { href: '#/rates', class: 'small' }, t('budget.rates_link'))),
      b.rates_used.length === 0
        ? h('p', { class: 'muted', 'data-testid': 'budget-rates-used' }, t('budget.no_conversion', { currency: b.reporting_currency }))
        : h('ul', { class: 'budget-rates num', 'data-testid': 'budget-rates-used' },
          b.rates_used.map((r) => h('li', { 'data-from': r.from_currency, 'data-budget-rate': r.budget_rate ? 'true' : null }, rateUsedText(r)))));
  }

  // ---- wiring ----

  function clearFilters() {
    for (const k of FILTER_KEYS) state[k] = '';
    from.value = ''; to.value = ''; reread(from).catch(() => {}); reread(to).catch(() => {}); partnership.value = ''; country.value = ''; funder.value = ''; category.value = ''; stage.value = '';
    load();
  }

  /** @type {[HTMLInputElement | HTMLSelectElement, typeof FILTER_KEYS[number]][]} */
  const controls = [[partnership, 'partnership'], [country, 'country'], [category, 'category'], [stage, 'stage']];
  for (const [el, key] of controls) {
    el.addEventListener('change', () => { state[key] = el.value; load(); });
  }
  // A date the core cannot read keeps the last filter and says why beside the field.
  for (const [el, key] of /** @type {[HTMLInputElement, 'from' | 'to'][]} */ ([[from, 'from'], [to, 'to']])) {
    el.addEventListener('change', async () => {
      const reading = await reread(el, { show: true });
      if (reading.problem) return;
      const value = typedValue(el);
      if (state[key] !== value) { state[key] = value; load(); }
    });
  }
  const typed = debounce(() => { state.funder = funder.value; load(); }, 300);
  funder.addEventListener('input', typed);
  // Picking a suggestion from the datalist: no need to wait.
  funder.addEventListener('change', () => { if (state.funder !== funder.value) { state.funder = funder.value; load(); } });

  const exportButton = (/** @type {'csv'|'xlsx'} */ fmt, /** @type {string} */ label) => h('button', {
    type: 'button', class: 'btn', 'data-testid': `export-costs-${fmt}`,
    title: t('budget.export_title'),
    onclick: () => exportFile(() => api.saveCostsExport(currentFilter(), fmt, null, exportLanguage.value)),
  }, label);

  // The workbook's and the CSV's language, chosen apart from the app's (finance may read French).
  const exportLanguage = documentLanguageSelect('costs-export-language');
  const exportButtons = [exportButton('csv', t('budget.export_csv')), exportButton('xlsx', t('budget.export_xlsx'))];
  await load();
  const node = h('div', { class: 'page budget-page' },
    h('header', { class: 'page-header' },
      h('div', { class: 'title-block' }, h('h1', null, t('budget.title')), subtitle),
      h('div', { class: 'actions' },
        h('a', { class: 'btn', href: '#/rates', 'data-testid': 'open-rates' }, t('budget.rates_link')),
        exportButtons, exportLanguage)),
    filters,
    results);
  return { title: t('budget.title'), node, crumbs: [] };
}
