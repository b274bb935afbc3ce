// Small pieces shared by several pages: chips, empty states, paging, sortable headings,
// the confirmation dialog and the person picker.

import * as api from './api.js';
import { h, replace, debounce, uid } from './dom.js';
import { countryLabel, countrySelect, enumLabel, capClass } from './format.js';
import { t, lang, LANGUAGES } from './i18n.js';

/**
 * The language a document is written in, chosen beside its button (English, Français,
 * Español; the app's own by default): an officer in Dakar may send a Spanish summary to Bogotá.
 * @param {string} testid
 * @returns {HTMLSelectElement}
 */
export function documentLanguageSelect(testid) {
  const select = h('select', { class: 'doc-language', 'data-testid': testid, 'aria-label': t('widgets.document_language'), title: t('widgets.document_language') },
    LANGUAGES.map((code) => h('option', { value: code, selected: code === lang() }, t(`language.${code}`))));
  return /** @type {HTMLSelectElement} */ (select);
}

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
    err.code === 'not_found' ? t('widgets.error.not_found')
    : err.code === 'deleted' ? t('widgets.error.deleted')
    : err.message;
  return h('div', { class: 'error-panel', role: 'alert', 'data-testid': 'error-panel', 'data-code': err.code }, h('h2', null, t('widgets.error.title')), h('p', null, text));
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
    { class: 'pager', 'aria-label': t('widgets.pager.label') },
    h('button', { type: 'button', class: 'btn', 'data-testid': 'page-prev', disabled: offset <= 0, onclick: () => onPage(Math.max(0, offset - limit)) }, t('widgets.pager.previous')),
    h('span', { class: 'pager-info num', 'data-testid': 'page-info', 'aria-live': 'polite' }, t('widgets.pager.info', { from, to, total })),
    h('button', { type: 'button', class: 'btn', 'data-testid': 'page-next', disabled: to >= total, onclick: () => onPage(offset + limit) }, t('widgets.pager.next')),
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
  const { title = t('widgets.confirm.title'), confirmLabel = t('widgets.confirm.ok'), cancelLabel = t('common.cancel'), danger = false } = opts;
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
  // Three at most: a burst of saves does not pile up a tower of notes.
  while (region.children.length > 3) region.firstElementChild?.remove();
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
 * person's id under `name`, so forms read it like any other field. Whoever is typed and not
 * found can be added in place ("Add ‹name› as a new person"): by default a short form in the
 * picker creates the person; `onAddNew` lets a form take the name instead (the participant
 * form creates the person in the same save).
 * Enter always acts on the results of what is typed now: a lookup still on its way for an
 * earlier text never decides.
 * @param {{name: string, label: string, selected?: {id: string, name: string} | null,
 *   allowClear?: boolean, onChange?: (person: {id: string, name: string} | null) => void,
 *   onAddNew?: (name: string) => void}} opts
 */
export function personPicker({ name, label, selected = null, allowClear = true, onChange, onAddNew }) {
  const inputId = uid('person-search');
  const hidden = h('input', { type: 'hidden', name, value: selected?.id ?? '' });
  const chosen = h('span', { class: 'picked-name', 'data-testid': 'picked-person' });
  const clearBtn = h('button', { type: 'button', class: 'btn small', 'data-testid': 'clear-person', hidden: !allowClear }, t('widgets.picker.clear'));
  const picked = h('div', { class: 'picked' }, chosen, clearBtn);
  const search = h('input', {
    type: 'search', id: inputId, class: 'picker-search', autocomplete: 'off', 'data-testid': 'person-search', 'data-not-data': true,
    placeholder: t('widgets.picker.placeholder'), 'aria-controls': `${inputId}-results`,
  });
  const results = h('ul', { id: `${inputId}-results`, class: 'picker-results', role: 'listbox', 'aria-label': t('widgets.picker.results'), hidden: true });
  const adder = h('div', { class: 'picker-adder', 'data-testid': 'new-person-inline', hidden: true });
  const lbl = h('label', { for: inputId }, label);

  /** @param {{id: string, name: string} | null} person */
  const set = (person) => {
    hidden.value = person?.id ?? '';
    replace(chosen, person ? person.name : t('widgets.picker.nobody_chosen'));
    chosen.classList.toggle('none', !person);
    clearBtn.hidden = !allowClear || !person;
    // Programmatic changes fire no event; tell the form (dirty tracking) and the caller.
    hidden.dispatchEvent(new Event('change', { bubbles: true }));
    onChange?.(person);
  };
  set(selected);

  const close = () => { search.value = ''; results.hidden = true; replace(results); shownFor = ''; };

  /** The short form that adds `typed` to the directory and picks them. @param {string} typed */
  const openAdder = (typed) => {
    if (onAddNew) { close(); onAddNew(typed); return; }
    const field = (/** @type {string} */ key, /** @type {string} */ text, /** @type {HTMLElement} */ control) => {
      control.id = uid(`new-${key}`);
      control.setAttribute('data-not-data', 'true');
      return h('div', { class: 'field' }, h('label', { for: control.id }, text), control,
        h('div', { class: 'field-error', 'data-field': key, hidden: true }));
    };
    const nameInput = h('input', { type: 'text', name: 'new_name', value: typed, autocomplete: 'off' });
    const organisation = h('input', { type: 'text', name: 'new_organisation', autocomplete: 'off' });
    const email = h('input', { type: 'email', name: 'new_email', autocomplete: 'off', spellcheck: 'false' });
    const country = countrySelect({ name: 'new_country_code' }, null, t('widgets.picker.country_not_set'));
    const problem = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const save = async () => {
      adder.querySelectorAll('.field-error').forEach((el) => { replace(el); /** @type {HTMLElement} */ (el).hidden = true; });
      try {
        const saved = await api.savePerson(null, /** @type {api.PersonData} */ ({
          name: /** @type {HTMLInputElement} */ (nameInput).value, organisation: /** @type {HTMLInputElement} */ (organisation).value,
          position: '', country_code: /** @type {HTMLSelectElement} */ (country).value || null,
          email: /** @type {HTMLInputElement} */ (email).value, phone: '', notes: '',
        }));
        set({ id: saved.record.id, name: saved.record.name });
        adder.hidden = true;
        replace(adder);
        toast(t('widgets.picker.added', { name: saved.record.name }));
        search.focus();
      } catch (e) {
        // Each problem beside its field; what was typed stays.
        const err = api.toApiError(e);
        for (const f of err.fields) {
          const key = { name: 'new_name', organisation: 'new_organisation', email: 'new_email', country_code: 'new_country_code' }[f.field];
          const slot = key ? adder.querySelector(`[name=${key}]`)?.parentElement?.querySelector('.field-error') : null;
          if (slot) { slot.appendChild(h('span', { class: capClass(f.message) }, f.message)); /** @type {HTMLElement} */ (slot).hidden = false; }
        }
        if (!err.fields.length) { problem.textContent = err.message; problem.hidden = false; }
      }
    };
    replace(adder,
      h('p', { class: 'small muted' }, t('widgets.picker.new_person')),
      h('div', { class: 'grid' },
        field('name', t('widgets.picker.name'), nameInput), field('organisation', t('widgets.picker.organisation'), organisation),
        field('country_code', t('widgets.picker.country'), country), field('email', t('widgets.picker.email'), email)),
      problem,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary small', 'data-testid': 'save-new-person', onclick: save }, t('widgets.picker.add_person')),
        h('button', { type: 'button', class: 'btn small', onclick: () => { adder.hidden = true; replace(adder); search.focus(); } }, t('common.cancel'))));
    // Enter in the short form adds the person (it must not submit the form around it).
    adder.onkeydown = (e) => { if (e.key === 'Enter' && e.target instanceof HTMLInputElement) { e.preventDefault(); e.stopPropagation(); save(); } };
    adder.hidden = false;
    close();
    /** @type {HTMLElement} */ (organisation).focus();
  };

  // The text the shown results are for, and the lookup of the latest text.
  let shownFor = '';
  let seq = 0;
  /** @type {Promise<void> | null} */
  let pending = null;
  const lookup = async () => {
    const text = search.value.trim();
    const mine = ++seq;
    if (!text) { results.hidden = true; replace(results); shownFor = ''; return; }
    try {
      const page = await api.listPeople({ text, limit: 8 });
      if (mine !== seq) return; // a newer query is on its way
      replace(results);
      for (const p of page.rows) {
        const detail = [p.organisation, countryLabel(p.country_code)].filter(Boolean).join(' · ');
        results.appendChild(h('li', { role: 'option' }, h(
          'button',
          {
            type: 'button', class: 'picker-option', 'data-testid': 'person-option', 'data-id': p.id,
            onclick: () => { set({ id: p.id, name: p.name }); close(); search.focus(); },
          },
          h('span', { class: 'name' }, p.name), detail ? h('span', { class: 'muted' }, ` — ${detail}`) : null,
        )));
      }
      if (!page.rows.length) results.appendChild(h('li', { class: 'picker-none' }, t('widgets.picker.nobody_found')));
      results.appendChild(h('li', { role: 'option' }, h('button', {
        type: 'button', class: 'picker-option add-new', 'data-testid': 'add-new-person', onclick: () => openAdder(text),
      }, t('widgets.picker.add_new', { text }))));
      shownFor = text;
      results.hidden = false;
    } catch (e) {
      replace(results, h('li', { class: 'picker-none' }, api.toApiError(e).message));
      results.hidden = false;
    }
  };
  const soon = debounce(() => { pending = lookup(); }, 150);
  search.addEventListener('input', () => { shownFor = ''; soon(); });
  // Arrow keys move between the results; Escape closes them.
  const wrap = h('div', { class: 'person-picker', 'data-field-wrap': name });
  wrap.addEventListener('keydown', async (e) => {
    const options = /** @type {HTMLButtonElement[]} */ ([...results.querySelectorAll('button.picker-option')]);
    const at = options.indexOf(/** @type {any} */ (document.activeElement));
    if (e.key === 'ArrowDown' && options.length) { e.preventDefault(); options[Math.min(at + 1, options.length - 1)].focus(); }
    else if (e.key === 'ArrowUp' && options.length) { e.preventDefault(); if (at <= 0) search.focus(); else options[at - 1].focus(); }
    else if (e.key === 'Escape' && !results.hidden) { e.preventDefault(); e.stopPropagation(); results.hidden = true; search.focus(); }
    else if (e.key === 'Enter' && document.activeElement === search) {
      // Enter picks the first result of what is typed now (never the previous search's),
      // instead of submitting the form: the lookup of the current text runs first if the
      // results shown are for another text.
      e.preventDefault();
      const text = search.value.trim();
      if (!text) return;
      if (shownFor !== text) { pending = lookup(); await pending; }
      if (shownFor !== text) return; // the officer typed on meanwhile
      /** @type {HTMLButtonElement | null} */ (results.querySelector('button.picker-option'))?.click();
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
  wrap.append(lbl, picked, search, results, adder, hidden);
  return { element: wrap, input: hidden, set, focus: () => search.focus() };
}
