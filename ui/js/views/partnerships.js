// The partnership list: search, filters, sortable headings and paging. The backend pages
// (50 rows at a time), so the list stays fast with a whole network's history.

import * as api from '../api.js';
import { h, replace, debounce, option } from '../dom.js';
import { countries, enumSelect, enumLabel, formatDate, formatNumber } from '../format.js';
import { navigate, setQuery } from '../router.js';
import { statusChip, countryChip, emptyState, pager, th, clickableRow, errorPanel } from '../widgets.js';
import { loadExampleData } from '../example.js';
import { importFromFile } from './importer.js';
import { t } from '../i18n.js';

const PAGE = 50;
const SORTS = ['title', 'status', 'next_exchange', 'updated'];

/** @param {import('../router.js').Route} route */
export async function partnershipListView(route) {
  const q = route.query;
  /** The list's state; mirrored into the address so back and a restart return to it. */
  const state = {
    text: q.get('text') ?? '',
    status: q.get('status') ?? '',
    kind: q.get('kind') ?? '',
    country: q.get('country') ?? '',
    officer: q.get('officer') ?? '',
    archived: q.get('archived') === 'true',
    sort: SORTS.includes(q.get('sort') ?? '') ? /** @type {string} */ (q.get('sort')) : 'title',
    desc: q.get('desc') === 'true',
    offset: Math.max(0, Number(q.get('offset')) || 0),
  };

  const newButton = () => h('button', { type: 'button', class: 'btn primary', 'data-testid': 'new-partnership', onclick: () => navigate('#/partnerships/new') }, t('partnerships.new'));

  // ---- filters ----
  const text = h('input', { type: 'search', id: 'pl-text', name: 'text', value: state.text, 'data-testid': 'list-search', placeholder: t('partnerships.search_placeholder'), 'data-autofocus': true, autocomplete: 'off' });
  const status = enumSelect('partnership_status', { id: 'pl-status', name: 'status', 'data-testid': 'filter-status' }, state.status, t('partnerships.any_status'));
  const kind = enumSelect('partnership_kind', { id: 'pl-kind', name: 'kind', 'data-testid': 'filter-kind' }, state.kind, t('partnerships.any_kind'));
  const country = h('select', { id: 'pl-country', name: 'country', 'data-testid': 'filter-country' }, option('', t('partnerships.any_country'), !state.country));
  for (const c of countries()) country.appendChild(option(c.code, `${c.name} (${c.code})`, c.code === state.country));
  const officer = h('input', { type: 'search', id: 'pl-officer', name: 'officer', value: state.officer, 'data-testid': 'filter-officer', autocomplete: 'off' });
  const archived = h('input', { type: 'checkbox', id: 'pl-archived', name: 'include_archived', checked: state.archived, 'data-testid': 'filter-archived' });

  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('partnerships.filters_aria'), onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    h('div', { class: 'field grow' }, h('label', { for: 'pl-text' }, t('common.search')), text),
    h('div', { class: 'field' }, h('label', { for: 'pl-status' }, t('partnership.status')), status),
    h('div', { class: 'field' }, h('label', { for: 'pl-kind' }, t('partnership.kind')), kind),
    h('div', { class: 'field' }, h('label', { for: 'pl-country' }, t('partnership.country')), country),
    h('div', { class: 'field' }, h('label', { for: 'pl-officer' }, t('partnerships.officer')), officer),
    h('div', { class: 'field check' }, archived, h('label', { for: 'pl-archived' }, t('partnerships.show_archived'))),
  );

  const results = h('div', { class: 'list-region', 'aria-live': 'polite' });
  let seq = 0;

  const filtersActive = () => Boolean(state.text || state.status || state.kind || state.country || state.officer);

  async function load() {
    const mine = ++seq;
    setQuery(route.path, { text: state.text, status: state.status, kind: state.kind, country: state.country, officer: state.officer, archived: state.archived, sort: state.sort === 'title' ? '' : state.sort, desc: state.desc, offset: state.offset || '' });
    /** @type {api.Page<api.PartnershipSummary>} */
    let page;
    try {
      page = await api.listPartnerships({
        text: state.text.trim() || undefined,
        status: state.status || undefined,
        kind: state.kind || undefined,
        country: state.country || undefined,
        officer: state.officer.trim() || undefined,
        include_archived: state.archived,
        sort: /** @type {any} */ (state.sort),
        descending: state.desc,
        offset: state.offset,
        limit: PAGE,
      });
    } catch (e) {
      if (mine === seq) replace(results, errorPanel(e));
      return;
    }
    if (mine !== seq) return; // a newer query has been sent
    // Past the end (e.g. after a filter shrank the list): go back to the first page.
    if (page.rows.length === 0 && page.total > 0 && state.offset > 0) {
      state.offset = 0;
      return load();
    }
    replace(results, page.total === 0 ? renderEmpty() : renderTable(page));
  }

  function renderEmpty() {
    if (filtersActive() || state.archived) {
      return emptyState(t('partnerships.no_match'), h('button', { type: 'button', class: 'btn', 'data-testid': 'clear-filters', onclick: clearFilters }, t('partnerships.clear_filters')));
    }
    return emptyState(
      t('partnerships.empty'),
      h('button', { type: 'button', class: 'btn primary', 'data-testid': 'empty-new-partnership', onclick: () => navigate('#/partnerships/new') }, t('partnerships.create_first')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'load-example', onclick: async () => { if (await loadExampleData()) load(); } }, t('partnerships.load_example')),
    );
  }

  /** @param {string} key */
  function onSort(key) {
    if (state.sort === key) state.desc = !state.desc;
    else { state.sort = key; state.desc = key === 'updated'; } // newest first is what one wants
    state.offset = 0;
    load();
  }

  /** @param {api.Page<api.PartnershipSummary>} page */
  function renderTable(page) {
    const sortOpts = { sort: state.sort, descending: state.desc, onSort };
    const body = h('tbody');
    for (const p of page.rows) {
      const href = `#/partnerships/${encodeURIComponent(p.id)}`;
      body.appendChild(clickableRow(h(
        'tr',
        { 'data-id': p.id, class: p.archived ? 'archived' : null },
        h('td', { class: 'title-cell' },
          h('a', { href, class: 'row-link' }, p.title),
          p.archived ? h('span', { class: 'chip muted-chip' }, t('partnerships.archived')) : null,
          p.topic ? h('div', { class: 'muted small' }, p.topic) : null),
        h('td', { class: 'members-cell' }, h('div', { class: 'chips' }, p.countries.map(countryChip))),
        h('td', null, statusChip(p.status)),
        h('td', { class: 'small' }, enumLabel('partnership_kind', p.kind)),
        h('td', { class: 'num nowrap' }, p.next_exchange
          ? h('a', { href: `#/exchanges/${encodeURIComponent(p.next_exchange.id)}`, title: p.next_exchange.title }, formatDate(p.next_exchange.start_date) || t('partnerships.date_not_set'))
          : h('span', { class: 'muted' }, '—')),
        h('td', { class: 'num right' }, formatNumber(p.exchange_count)),
        h('td', { class: 'num nowrap small' }, formatDate(p.updated_at)),
      ), navigate, href));
    }
    return h('div', null,
      h('table', { class: 'data', 'data-testid': 'partnership-table' },
        h('thead', null, h('tr', null,
          th(t('partnership.title'), { sortKey: 'title', ...sortOpts }),
          th(t('partnership.members')),
          th(t('partnership.status'), { sortKey: 'status', ...sortOpts }),
          th(t('partnership.kind')),
          th(t('partnerships.col.next_exchange'), { sortKey: 'next_exchange', ...sortOpts }),
          th(t('exchanges.title'), { className: 'right' }),
          th(t('partnerships.col.updated'), { sortKey: 'updated', ...sortOpts }),
        )),
        body),
      pager({ offset: state.offset, limit: PAGE, total: page.total, onPage: (offset) => { state.offset = offset; load(); results.scrollIntoView({ block: 'start' }); } }),
    );
  }

  function clearFilters() {
    Object.assign(state, { text: '', status: '', kind: '', country: '', officer: '', archived: false, offset: 0 });
    text.value = ''; status.value = ''; kind.value = ''; country.value = ''; officer.value = ''; archived.checked = false;
    load();
  }

  const typed = debounce(() => { state.text = text.value; state.officer = officer.value; state.offset = 0; load(); }, 200);
  text.addEventListener('input', typed);
  officer.addEventListener('input', typed);
  for (const [el, key] of /** @type {[HTMLSelectElement, 'status'|'kind'|'country'][]} */ ([[status, 'status'], [kind, 'kind'], [country, 'country']])) {
    el.addEventListener('change', () => { state[key] = el.value; state.offset = 0; load(); });
  }
  archived.addEventListener('change', () => { state.archived = archived.checked; state.offset = 0; load(); });

  await load();
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('h1', null, t('partnerships.title')), h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'import-partnerships', title: t('partnerships.import_tooltip'), onclick: () => importFromFile({ kind: 'partnerships', title: t('partnerships.import_title'), onDone: () => load() }) }, t('partnerships.import_list')),
      newButton())),
    filters,
    results);
  return { title: t('partnerships.title'), node, crumbs: [] };
}
