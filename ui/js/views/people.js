// The people directory: everyone who has taken part or may take part, with a search box.

import * as api from '../api.js';
import { h, replace, debounce } from '../dom.js';
import { countryLabel, formatNumber } from '../format.js';
import { navigate, setQuery } from '../router.js';
import { emptyState, pager, th, clickableRow, errorPanel } from '../widgets.js';
import { importFromFile, pasteList } from './importer.js';
import { exportFile } from './followup.js';
import { t } from '../i18n.js';

const PAGE = 50;

/** @param {import('../router.js').Route} route */
export async function peopleListView(route) {
  const state = { text: route.query.get('text') ?? '', offset: Math.max(0, Number(route.query.get('offset')) || 0) };
  const text = h('input', { type: 'search', id: 'ppl-text', name: 'text', value: state.text, 'data-testid': 'list-search', placeholder: t('people.search_placeholder'), autocomplete: 'off', 'data-autofocus': true });
  text.addEventListener('input', debounce(() => { state.text = text.value; state.offset = 0; load(); }, 200));
  const results = h('div', { class: 'list-region', 'aria-live': 'polite' });
  const newPerson = () => navigate('#/people/new');
  let seq = 0;

  async function load() {
    const mine = ++seq;
    setQuery(route.path, { text: state.text, offset: state.offset || '' });
    /** @type {api.Page<api.PersonSummary>} */
    let page;
    try {
      page = await api.listPeople({ text: state.text.trim() || undefined, offset: state.offset, limit: PAGE });
    } catch (e) {
      if (mine === seq) replace(results, errorPanel(e));
      return;
    }
    if (mine !== seq) return;
    if (page.total === 0) {
      replace(results, state.text.trim()
        ? emptyState(t('people.no_match'))
        : emptyState(t('people.empty'),
          h('button', { type: 'button', class: 'btn primary', 'data-testid': 'empty-new-person', onclick: newPerson }, t('people.add_first'))));
      return;
    }
    const body = h('tbody');
    for (const p of page.rows) {
      const href = `#/people/${encodeURIComponent(p.id)}`;
      body.appendChild(clickableRow(h('tr', { 'data-id': p.id },
        h('td', null, h('a', { href, class: 'row-link' }, p.name)),
        h('td', null, p.organisation),
        h('td', { class: 'small' }, p.position),
        h('td', { class: 'small' }, countryLabel(p.country_code)),
        h('td', { class: 'small' }, p.email),
        h('td', { class: 'num right' }, formatNumber(p.exchange_count))), navigate, href));
    }
    replace(results,
      h('table', { class: 'data', 'data-testid': 'people-table' },
        h('thead', null, h('tr', null, th(t('people.col.name')), th(t('people.col.organisation')), th(t('people.col.position')), th(t('people.col.country')), th(t('people.col.email')), th(t('people.col.exchanges'), { className: 'right' }))),
        body),
      pager({ offset: state.offset, limit: PAGE, total: page.total, onPage: (offset) => { state.offset = offset; load(); } }));
  }

  await load();
  const importOpts = { kind: /** @type {const} */ ('people'), title: t('people.import_title'), onDone: () => load() };
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('h1', null, t('people.title')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-people-xlsx', title: t('people.export_xlsx_hint'), onclick: () => exportFile(() => api.saveListExport(null, 'xlsx')) }, t('people.export_xlsx')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-people-csv', onclick: () => exportFile(() => api.saveListExport(null, 'csv')) }, t('people.export_csv')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'import-people', title: t('people.import_hint'), onclick: () => importFromFile(importOpts) }, t('people.import')),
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'new-person', onclick: newPerson }, t('person.new')))),
    h('div', { class: 'filters', role: 'search' }, h('div', { class: 'field grow' }, h('label', { for: 'ppl-text' }, t('common.search')), text)),
    results);
  // Rows copied from Excel or Word and pasted on the page open the same preview.
  node.addEventListener('paste', (e) => pasteList(/** @type {ClipboardEvent} */ (e), importOpts));
  return { title: t('people.title'), node, crumbs: [] };
}
