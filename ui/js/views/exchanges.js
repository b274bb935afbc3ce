// Exchanges across all partnerships: upcoming, past or all, with a search box and paging.

import * as api from '../api.js';
import { h, replace, debounce } from '../dom.js';
import { enumLabel, countryLabel, formatDateRange, formatNumber } from '../format.js';
import { navigate, setQuery } from '../router.js';
import { exchangeStatusChip, emptyState, pager, th, clickableRow, errorPanel } from '../widgets.js';
import { t } from '../i18n.js';

const PAGE = 50;
// The tabs' words are looked up when drawn (the catalog is not loaded yet at module load):
// keys exchanges.tab.upcoming, exchanges.tab.past, exchanges.tab.all.
const TABS = /** @type {const} */ ([['upcoming', 'exchanges.tab.upcoming'], ['past', 'exchanges.tab.past'], ['all', 'exchanges.tab.all']]);

/** @param {import('../router.js').Route} route */
export async function exchangeListView(route) {
  const q = route.query;
  const state = {
    when: /** @type {'upcoming'|'past'|'all'} */ (TABS.some(([k]) => k === q.get('when')) ? q.get('when') : 'upcoming'),
    text: q.get('text') ?? '',
    offset: Math.max(0, Number(q.get('offset')) || 0),
  };

  const tabs = h('div', { class: 'tabs', role: 'group', 'aria-label': t('exchanges.tabs_aria') });
  const renderTabs = () => replace(tabs, TABS.map(([key, label]) => h('button', {
    type: 'button', class: 'tab', 'data-testid': `tab-${key}`, 'aria-pressed': String(state.when === key),
    onclick: () => { state.when = key; state.offset = 0; renderTabs(); load(); },
  }, t(label))));
  renderTabs();

  const text = h('input', { type: 'search', id: 'xl-text', name: 'text', value: state.text, 'data-testid': 'list-search', placeholder: t('exchanges.search_placeholder'), autocomplete: 'off', 'data-autofocus': true });
  text.addEventListener('input', debounce(() => { state.text = text.value; state.offset = 0; load(); }, 200));

  const results = h('div', { class: 'list-region', 'aria-live': 'polite' });
  let seq = 0;

  async function load() {
    const mine = ++seq;
    setQuery(route.path, { when: state.when === 'upcoming' ? '' : state.when, text: state.text, offset: state.offset || '' });
    /** @type {api.Page<api.ExchangeSummary>} */
    let page;
    try {
      page = await api.listExchanges({ when: state.when, text: state.text.trim() || undefined, offset: state.offset, limit: PAGE });
    } catch (e) {
      if (mine === seq) replace(results, errorPanel(e));
      return;
    }
    if (mine !== seq) return;
    if (page.total === 0) {
      const goPartnerships = h('button', { type: 'button', class: 'btn', 'data-testid': 'go-partnerships', onclick: () => navigate('#/partnerships') }, t('exchanges.go_partnerships'));
      const what = state.text.trim() ? t('exchanges.no_match')
        : state.when === 'upcoming' ? t('exchanges.empty_upcoming')
        : state.when === 'past' ? t('exchanges.empty_past')
        : t('exchanges.empty_all');
      replace(results, emptyState(what, goPartnerships));
      return;
    }
    const body = h('tbody');
    for (const x of page.rows) {
      const href = `#/exchanges/${encodeURIComponent(x.id)}`;
      body.appendChild(clickableRow(h('tr', { 'data-id': x.id },
        h('td', { class: 'num nowrap' }, formatDateRange(x.start_date, x.end_date) || h('span', { class: 'muted' }, t('exchanges.dates_not_set'))),
        h('td', null, h('a', { href, class: 'row-link' }, x.title)),
        h('td', null, h('a', { href: `#/partnerships/${encodeURIComponent(x.partnership_id)}` }, x.partnership_title)),
        h('td', { class: 'small' }, enumLabel('exchange_format', x.format)),
        h('td', null, exchangeStatusChip(x.status)),
        h('td', { class: 'small' }, [x.city, countryLabel(x.country_code)].filter(Boolean).join(', ')),
        h('td', { class: 'num right' }, formatNumber(x.participant_count))), navigate, href));
    }
    replace(results,
      h('table', { class: 'data', 'data-testid': 'exchange-table' },
        h('thead', null, h('tr', null, th(t('exchanges.col.dates')), th(t('exchanges.col.exchange')), th(t('exchanges.col.partnership')), th(t('exchange.format')), th(t('partnership.status')), th(t('exchanges.col.place')), th(t('exchanges.col.people'), { className: 'right' }))),
        body),
      pager({ offset: state.offset, limit: PAGE, total: page.total, onPage: (offset) => { state.offset = offset; load(); } }));
  }

  await load();
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('h1', null, t('exchanges.title'))),
    h('div', { class: 'filters' },
      tabs,
      h('div', { class: 'field grow' }, h('label', { for: 'xl-text' }, t('common.search')), text)),
    results);
  return { title: t('exchanges.title'), node, crumbs: [] };
}
