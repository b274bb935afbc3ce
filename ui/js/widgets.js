// Small pieces shared by several pages: chips, empty states, paging, sortable headings,
// the confirmation dialog and the person picker.

import * as api from './api.js';
import { h, replace, debounce, uid } from './dom.js';
import { countryLabel, enumLabel, formatNumber, capClass } from './format.js';

/**
 * A partnership's status as a coloured chip.
 * @param {string} status
 */
export function statusChip(status) {
  return h('span', { class: `chip status status-${status}`, 'data-status': status }, enumLabel('partnership_status', status));
}

/**
 * An exchange's status as a chip.
 * @param {string} status
 */
export function exchangeStatusChip(status) {
  return h('span', { class: `chip xstatus xstatus-${status}`, 'data-status': status }, enumLabel('exchange_status', status));
}

/**
 * A country as a chip: the full name and code in the text ("Kenya (KE)") so it reads well,
 * prints well and is found by the browser's find.
 * @param {string} code
 */
export function countryChip(code) {
  return h('span', { class: 'chip country', 'data-country': code, title: countryLabel(code) }, countryLabel(code));
}

/**
 * The empty state of a place: what it is for and its first action(s).
 * @param {string} text
 * @param {...Node} actions
 */
export function emptyState(text, ...actions) {
  return h('div', { class: 'empty-state', 'data-testid': 'empty-state' }, h('p', null, text), actions.length ? h('div', { class: 'actions' }, actions) : null);
}

/**
 * A message in place of a page that could not be shown.
 * @param {unknown} error
 */
export function errorPanel(error) {
  const err = api.toApiError(error);
  const text =
    err.code === 'not_found' ? 'This record does not exist (it may have been deleted on another computer and merged here).'
    : err.code === 'deleted' ? 'This record has been deleted.'
    : err.message;
  return h('div', { class: 'error-panel', role: 'alert', 'data-testid': 'error-panel', 'data-code': err.code }, h('h2', null, 'Could not show this page'), h('p', null, text));
}

/**
 * "1–50 of 10,000" with previous/next buttons.
 * @param {{offset: number, limit: number, total: number, onPage: (offset: number) => void}} opts
 */
export function pager({ offset, limit, total, onPage }) {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', class: 'btn', 'data-testid': 'page-prev', disabled: offset <= 0, onclick: () => onPage(Math.max(0, offset - limit)) }, '‹ Previous'),
    h('span', { class: 'pager-info num', 'data-testid': 'page-info', 'aria-live': 'polite' }, `${formatNumber(from)}–${formatNumber(to)} of ${formatNumber(total)}`),
    h('button', { type: 'button', class: 'btn', 'data-testid': 'page-next', disabled: to >= total, onclick: () => onPage(offset + limit) }, 'Next ›'),
  );
}

/**
 * A table heading; with `sortKey`, a button that sorts by it (click again to reverse).
 * @param {string} label
 * @param {{sortKey?: string, sort?: string, descending?: boolean, onSort?: (key: string) => void, className?: string}} [opts]
 */
export function th(label, opts = {}) {
  const { sortKey, sort, descending, onSort, className } = opts;
  if (!sortKey || !onSort) return h('th', { scope: 'col', class: className }, label);
  const active = sort === sortKey;
  return h(
    'th',
    { scope: 'col', class: className, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' },
    h(
      'button',
      { type: 'button', class: 'sort', 'data-testid': `sort-${sortKey}`, onclick: () => onSort(sortKey) },
      label,
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (descending ? ' ▼' : ' ▲') : ''),
    ),
  );
}

/**
 * Makes a table row open `href` when clicked anywhere (its first link stays the keyboard way).
 * @param {HTMLTableRowElement} row
 * @param {(href: string) => void} open
 * @param {string} href
 */
export function clickableRow(row, open, href) {
  row.classList.add('clickable');
  row.addEventListener('click', (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    // Links, buttons and controls inside the row keep their own behaviour.
    if (target.closest('a, button, input, select, textarea, label')) return;
    if (window.getSelection()?.toString()) return; // the user is selecting text to copy
    open(href);
  });
  return row;
}

/**
 * Asks a question in a modal dialog (an in-page <dialog>, so it looks like the app and
 * WebDriver can click it). Resolves true when confirmed.
 * @param {string | Node} message text, or a node (e.g. the fields of a small question)
 * @param {{title?: string, confirmLabel?: string, cancelLabel?: string | null, danger?: boolean}} [opts]
 *   `cancelLabel: null` shows only the confirm button (a message to acknowledge)
 * @returns {Promise<boolean>}
 */
export function confirmDialog(message, opts = {}) {
  const { title = 'Please confirm', confirmLabel = 'OK', cancelLabel = 'Cancel', danger = false } = opts;
  return new Promise((resolve) => {
    const titleId = uid('confirm-title');
    const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'confirm-cancel', value: 'cancel', hidden: cancelLabel === null }, cancelLabel ?? '');
    const ok = h('button', { type: 'button', class: danger ? 'btn danger' : 'btn primary', 'data-testid': 'confirm-ok', value: 'ok' }, confirmLabel);
    const dialog = h(
      'dialog',
      { class: 'confirm-dialog', 'aria-labelledby': titleId, 'data-testid': 'confirm-dialog' },
      h('h2', { id: titleId }, title),
      typeof message === 'string' ? h('p', null, message) : h('div', { class: 'dialog-body' }, message),
      h('div', { class: 'actions' }, cancel, ok),
    );
    let answered = false;
    const finish = (/** @type {boolean} */ answer) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => finish(false));
    ok.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); finish(false); }); // Escape
    document.body.appendChild(dialog);
    dialog.showModal();
    // The safe answer has the focus, so a stray Enter does not delete anything.
    (danger ? cancel : ok).focus();
  });
}

/**
 * A short message that disappears by itself (e.g. "Saved").
 * @param {string} text
 * @param {'info'|'error'} [kind]
 */
export function toast(text, kind = 'info') {
  let region = document.getElementById('toasts');
  if (!region) {
    region = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(region);
  }
  const item = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast' }, text);
  region.appendChild(item);
  window.setTimeout(() => item.remove(), kind === 'error' ? 8000 : 3000);
}

/**
 * A list of norm warnings (amber). Empty and hidden when there are none.
 * @param {api.Issue[]} warnings
 * @param {string} [testid]
 */
export function warningList(warnings, testid = 'warnings') {
  const list = h('ul', { class: 'warnings', 'data-testid': testid, role: 'status', hidden: warnings.length === 0 });
  for (const w of warnings) list.appendChild(h('li', { 'data-field': w.field, 'data-code': w.code ?? '', class: capClass(w.message) }, w.message));
  return list;
}

/**
 * A person picker: a search box over the directory and a hidden input carrying the chosen
 * person's id under `name`, so forms read it like any other field.
 * @param {{name: string, label: string, selected?: {id: string, name: string} | null,
 *   allowClear?: boolean, onChange?: (person: {id: string, name: string} | null) => void}} opts
 */
export function personPicker({ name, label, selected = null, allowClear = true, onChange }) {
  const inputId = uid('person-search');
  const hidden = h('input', { type: 'hidden', name, value: selected?.id ?? '' });
  const chosen = h('span', { class: 'picked-name', 'data-testid': 'picked-person' });
  const clearBtn = h('button', { type: 'button', class: 'btn small', 'data-testid': 'clear-person', hidden: !allowClear }, 'Clear');
  const picked = h('div', { class: 'picked' }, chosen, clearBtn);
  const search = h('input', {
    type: 'search', id: inputId, class: 'picker-search', autocomplete: 'off', 'data-testid': 'person-search', 'data-not-data': true,
    placeholder: 'Type a name, organisation or email', 'aria-controls': `${inputId}-results`,
  });
  const results = h('ul', { id: `${inputId}-results`, class: 'picker-results', role: 'listbox', 'aria-label': 'People found', hidden: true });
  const lbl = h('label', { for: inputId }, label);

  /** @param {{id: string, name: string} | null} person */
  const set = (person) => {
    hidden.value = person?.id ?? '';
    replace(chosen, person ? person.name : 'Nobody chosen');
    chosen.classList.toggle('none', !person);
    clearBtn.hidden = !allowClear || !person;
    // Programmatic changes fire no event; tell the form (dirty tracking) and the caller.
    hidden.dispatchEvent(new Event('change', { bubbles: true }));
    onChange?.(person);
  };
  set(selected);

  let seq = 0;
  const lookup = debounce(async () => {
    const text = search.value.trim();
    const mine = ++seq;
    if (!text) { results.hidden = true; replace(results); return; }
    try {
      const page = await api.listPeople({ text, limit: 8 });
      if (mine !== seq) return; // a newer query is on its way
      replace(results, page.rows.length ? null : h('li', { class: 'picker-none' }, 'Nobody found'));
      for (const p of page.rows) {
        const detail = [p.organisation, countryLabel(p.country_code)].filter(Boolean).join(' · ');
        results.appendChild(h('li', { role: 'option' }, h(
          'button',
          {
            type: 'button', class: 'picker-option', 'data-testid': 'person-option', 'data-id': p.id,
            onclick: () => { set({ id: p.id, name: p.name }); search.value = ''; results.hidden = true; search.focus(); },
          },
          h('span', { class: 'name' }, p.name), detail ? h('span', { class: 'muted' }, ` — ${detail}`) : null,
        )));
      }
      results.hidden = false;
    } catch (e) {
      replace(results, h('li', { class: 'picker-none' }, api.toApiError(e).message));
      results.hidden = false;
    }
  }, 150);

  search.addEventListener('input', lookup);
  // Arrow keys move between the results; Escape closes them.
  const wrap = h('div', { class: 'person-picker', 'data-field-wrap': name });
  wrap.addEventListener('keydown', (e) => {
    const options = /** @type {HTMLButtonElement[]} */ ([...results.querySelectorAll('button.picker-option')]);
    const at = options.indexOf(/** @type {any} */ (document.activeElement));
    if (e.key === 'ArrowDown' && options.length) { e.preventDefault(); options[Math.min(at + 1, options.length - 1)].focus(); }
    else if (e.key === 'ArrowUp' && options.length) { e.preventDefault(); if (at <= 0) search.focus(); else options[at - 1].focus(); }
    else if (e.key === 'Escape' && !results.hidden) { e.preventDefault(); e.stopPropagation(); results.hidden = true; search.focus(); }
    else if (e.key === 'Enter' && document.activeElement === search) {
      // Enter in the search box picks the first result instead of submitting the form.
      e.preventDefault();
      options[0]?.click();
    }
  });
  // A click on a result must not take the focus out of the picker first (WebKit on macOS does
  // not focus buttons on click, so the focusout below would hide the list before the click).
  results.addEventListener('mousedown', (e) => e.preventDefault());
  // Leaving the picker (Tab away, click elsewhere) closes the list of results.
  wrap.addEventListener('focusout', (e) => {
    if (!wrap.contains(/** @type {Node | null} */ (e.relatedTarget))) results.hidden = true;
  });
  clearBtn.addEventListener('click', () => set(null));
  wrap.append(lbl, picked, search, results, hidden);
  return { element: wrap, input: hidden, set, focus: () => search.focus() };
}
