// The global search (Ctrl/Cmd+K, Ctrl/Cmd+F, menu "find"): one box that finds partnerships,
// exchanges and people by any word in their names, countries, cities or topics.

import * as api from './api.js';
import { h, replace, debounce } from './dom.js';
import { navigate } from './router.js';
import { t } from './i18n.js';

/** @type {HTMLDialogElement | null} */
let dialog = null;
/** @type {HTMLInputElement} */
let input;
/** @type {HTMLElement} */
let results;
let seq = 0;

/** The kinds of results, their headings (worded when shown: the catalog loads after this module) and where a hit opens. */
const GROUPS = /** @type {const} */ ([
  ['partnerships', 'search.group.partnerships', '#/partnerships/'],
  ['exchanges', 'search.group.exchanges', '#/exchanges/'],
  ['people', 'search.group.people', '#/people/'],
]);

function build() {
  input = h('input', {
    type: 'search', id: 'global-search', name: 'search', autocomplete: 'off', 'data-testid': 'search-input',
    placeholder: t('search.placeholder'),
    'aria-controls': 'global-search-results',
  });
  results = h('div', { id: 'global-search-results', class: 'search-results', 'data-testid': 'search-results', 'aria-live': 'polite' });
  dialog = h(
    'dialog',
    { class: 'search-dialog', 'aria-label': t('common.search'), 'data-testid': 'search-dialog' },
    h('label', { for: 'global-search', class: 'search-label' }, t('search.label')),
    input,
    results,
    h('p', { class: 'hint' }, t('search.keys_hint')),
  );
  input.addEventListener('input', debounce(run, 120));
  dialog.addEventListener('keydown', onKey);
  // A click on the backdrop (outside the box) closes it.
  dialog.addEventListener('click', (e) => { if (e.target === dialog) close(); });
  document.body.appendChild(dialog);
}

/** Opens the search box (again, if it is open: then it only takes the focus). */
export function openSearch() {
  if (!dialog) build();
  const d = /** @type {HTMLDialogElement} */ (dialog);
  if (!d.open) d.showModal();
  input.focus();
  input.select();
}

function close() {
  dialog?.close();
}

async function run() {
  const text = input.value.trim();
  const mine = ++seq;
  if (!text) { replace(results); return; }
  try {
    const found = await api.search(text);
    if (mine !== seq) return;
    replace(results);
    let any = false;
    for (const [key, titleKey, base] of GROUPS) {
      const hits = found[key] ?? [];
      if (!hits.length) continue;
      any = true;
      results.appendChild(h('section', { class: 'search-group' },
        h('h3', null, t(titleKey)),
        h('ul', null, hits.map((hit) => h('li', null, h(
          'a',
          { href: `${base}${encodeURIComponent(hit.id)}`, class: 'search-hit', 'data-testid': 'search-result', 'data-kind': key, 'data-id': hit.id, onclick: () => close() },
          h('span', { class: 'hit-title' }, hit.title),
          hit.subtitle ? h('span', { class: 'hit-sub muted' }, hit.subtitle) : null,
        )))),
      ));
    }
    if (!any) results.appendChild(h('p', { class: 'muted' }, t('search.nothing_found', { text })));
    markActive(0);
  } catch (e) {
    replace(results, h('p', { class: 'error-text' }, api.toApiError(e).message));
  }
}

function hits() {
  return /** @type {HTMLAnchorElement[]} */ ([...results.querySelectorAll('a.search-hit')]);
}

/** @param {number} i */
function markActive(i) {
  hits().forEach((a, j) => a.classList.toggle('active', j === i));
}

/** @param {KeyboardEvent} e */
function onKey(e) {
  const all = hits();
  const at = all.findIndex((a) => a.classList.contains('active'));
  if (e.key === 'Escape') {
    // One Escape closes, even when the search box has text (a search input would clear first).
    e.preventDefault();
    close();
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    if (!all.length) return;
    const next = e.key === 'ArrowDown' ? Math.min(at + 1, all.length - 1) : Math.max(at - 1, 0);
    markActive(next);
    all[next].scrollIntoView({ block: 'nearest' });
  } else if (e.key === 'Enter' && document.activeElement === input) {
    e.preventDefault();
    const target = all[at >= 0 ? at : 0];
    if (target) { close(); navigate(/** @type {string} */ (target.getAttribute('href'))); }
  }
}
