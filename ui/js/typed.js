// Date and time fields that read what the officer types, and never reinterpret it silently.
//
// A date field is a text box that shows the order it expects ("DD/MM/YYYY"), takes the forms
// with one meaning in that order (ISO 2027-01-15, the order's numbers, "15 Jan 2027", French
// and Spanish month names), and says beside itself the date it understood, in words
// ("Friday 15 January 2027"). What it cannot read unambiguously is refused beside the field,
// keeping the text. The reading is the core's (`read_date`, `read_time`), so the app and the
// CLI read dates the same way.
//
// The order is the laptop's: the officer's choice in Settings, else that of the locale dates
// follow (the chosen language's, with the laptop's own variant of it: i18n `locale()`).

import * as api from './api.js';
import { h, replace } from './dom.js';
import { locale, t } from './i18n.js';

const ORDER_KEY = 'peerplan.dateOrder';

/**
 * How each order is shown to the officer ("DD/MM/YYYY"; "JJ/MM/AAAA" in French). Getters, so
 * the words are looked up when shown (the catalog loads after this module is evaluated).
 * @type {Record<api.DateOrder, string>}
 */
export const DATE_PATTERNS = {
  get day_first() { return t('typed.pattern.day_first'); },
  get month_first() { return t('typed.pattern.month_first'); },
  get year_first() { return t('typed.pattern.year_first'); },
};

/**
 * The order of the locale dates follow (how the laptop, in the chosen language, writes
 * 23 November 2026). @returns {api.DateOrder}
 */
export function localeDateOrder() {
  const parts = new Intl.DateTimeFormat(locale(), { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(2026, 10, 23));
  const first = parts.find((p) => p.type === 'year' || p.type === 'month' || p.type === 'day')?.type;
  return first === 'year' ? 'year_first' : first === 'month' ? 'month_first' : 'day_first';
}

/** The order date fields read numbers in: the officer's choice, else the locale's. @returns {api.DateOrder} */
export function dateOrder() {
  const chosen = localStorage.getItem(ORDER_KEY);
  return chosen === 'day_first' || chosen === 'month_first' || chosen === 'year_first' ? chosen : localeDateOrder();
}

/**
 * Remembers the officer's choice of order for this laptop ('' goes back to the locale's).
 * @param {api.DateOrder | ''} order
 */
export function setDateOrder(order) {
  if (order) localStorage.setItem(ORDER_KEY, order);
  else localStorage.removeItem(ORDER_KEY);
}

/** The officer's own choice, or '' when the locale decides. @returns {api.DateOrder | ''} */
export function chosenDateOrder() {
  const chosen = localStorage.getItem(ORDER_KEY);
  return chosen === 'day_first' || chosen === 'month_first' || chosen === 'year_first' ? chosen : '';
}

/**
 * An ISO date written in `order`: "2027-01-15" → "15/01/2027".
 * @param {string} iso
 * @param {api.DateOrder} order
 */
export function writeDate(iso, order) {
  const [y, m, d] = iso.split('-');
  if (!y || !m || !d) return iso;
  if (order === 'day_first') return `${d}/${m}/${y}`;
  if (order === 'month_first') return `${m}/${d}/${y}`;
  return iso;
}

/**
 * The words slot beside a typed field (made on first use, right after the input).
 * @param {HTMLInputElement} input
 */
function wordsSlot(input) {
  const id = `${input.id || input.name}-words`;
  let slot = /** @type {HTMLElement | null} */ (input.parentElement?.querySelector(`.typed-words[data-for="${CSS.escape(input.name)}"]`) ?? null);
  if (!slot) {
    slot = h('div', { class: 'typed-words small', 'data-for': input.name, 'data-testid': 'typed-words', id, 'aria-live': 'polite' });
    input.after(slot);
    const described = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', [described, id].filter(Boolean).join(' '));
  }
  return slot;
}

/**
 * The field's own error slot (forms.field makes one), for a problem shown beside the field.
 * @param {HTMLInputElement} input
 */
function problemSlot(input) {
  const own = input.closest('.field')?.querySelector(`.field-error[data-field="${CSS.escape(input.name)}"]`);
  if (own) return /** @type {HTMLElement} */ (own);
  // Outside a `field`: the first error slot after the input, before the next control.
  for (let el = input.nextElementSibling; el && !el.matches('input, select, textarea'); el = el.nextElementSibling) {
    if (el.matches('.field-error')) return /** @type {HTMLElement} */ (el);
  }
  return null;
}

/**
 * Shows or clears a reading's problem beside the field.
 * @param {HTMLInputElement} input
 * @param {string | null} problem
 */
function showProblem(input, problem) {
  const slot = problemSlot(input);
  if (problem) {
    input.setAttribute('aria-invalid', 'true');
    if (slot && ![...slot.children].some((c) => c.textContent === problem)) {
      replace(slot, h('span', { 'data-typed-problem': '' }, problem));
    }
    if (slot) {
      slot.hidden = false;
      slot.closest('.field')?.classList.add('has-error');
    }
  } else if (slot?.querySelector('[data-typed-problem]')) {
    replace(slot);
    slot.hidden = true;
    slot.closest('.field')?.classList.remove('has-error');
    input.removeAttribute('aria-invalid');
  }
}

/**
 * Reads the field's current text through the core and records the result on the input
 * (`data-value`: what a save sends; `data-problem`). Only the latest text's reading counts:
 * an answer for text the officer has since changed is dropped.
 * @param {HTMLInputElement} input
 * @param {{show?: boolean}} [opts] show a problem beside the field now (on leaving it, on save)
 * @returns {Promise<api.Reading>}
 */
export async function reread(input, { show = false } = {}) {
  const text = input.value;
  const reading = input.dataset.typed === 'time'
    ? await api.readTime(text)
    : await api.readDate(text, /** @type {api.DateOrder} */ (input.dataset.dateOrder || dateOrder()));
  if (input.value !== text) return reread(input, { show });
  input.dataset.value = reading.value ?? '';
  input.dataset.problem = reading.problem ?? '';
  const words = wordsSlot(input);
  // The words only when they add something (a time typed as 08:30 needs no echo).
  replace(words, reading.value && reading.words !== text.trim() ? reading.words : '');
  if (show || !reading.problem) showProblem(input, reading.problem);
  return reading;
}

/**
 * Makes `input` a typed field of `kind`.
 * @param {HTMLInputElement} input
 * @param {'date' | 'time'} kind
 */
function typed(input, kind) {
  input.dataset.typed = kind;
  input.addEventListener('input', () => { reread(input).catch(() => {}); });
  input.addEventListener('change', () => { reread(input, { show: true }).catch(() => {}); });
  // The words for a value already there, once the field is in the page.
  if (input.value) queueMicrotask(() => { reread(input).catch(() => {}); });
  return input;
}

/**
 * A date field: a text box in the laptop's order, with the date it understood beside it.
 * @param {string} name
 * @param {string | null | undefined} iso the stored date (YYYY-MM-DD) or empty
 * @param {Record<string, any>} [attrs]
 */
export function dateField(name, iso, attrs = {}) {
  const order = dateOrder();
  const input = /** @type {HTMLInputElement} */ (h('input', {
    type: 'text', name, class: 'num date-input', autocomplete: 'off', spellcheck: 'false',
    value: iso ? writeDate(iso, order) : '', placeholder: DATE_PATTERNS[order], 'data-date-order': order, ...attrs,
  }));
  input.dataset.value = iso ?? '';
  input.dataset.problem = '';
  return typed(input, 'date');
}

/**
 * A time field: "0830", "8:30", "8.30", "08h30", "8:30 pm" all mean a time.
 * @param {string} name
 * @param {string | null | undefined} value "HH:MM" or empty
 * @param {Record<string, any>} [attrs]
 */
export function timeField(name, value, attrs = {}) {
  const input = /** @type {HTMLInputElement} */ (h('input', {
    type: 'text', name, class: 'num time-input', autocomplete: 'off', spellcheck: 'false', inputmode: 'numeric',
    value: value ?? '', placeholder: t('typed.pattern.time'), ...attrs,
  }));
  input.dataset.value = value ?? '';
  input.dataset.problem = '';
  return typed(input, 'time');
}

/**
 * What a typed field holds for a save: its reading's value ("2027-01-15", "08:30"), '' when
 * empty. Call `settle` first so the reading is of the current text.
 * @param {HTMLInputElement} input
 */
export function typedValue(input) {
  return input.value.trim() === '' ? '' : (input.dataset.value ?? '');
}

/**
 * Reads every typed field in `root` afresh (the text as it is now, whatever answers are still
 * on their way) and returns the problems, one per field, for the form to refuse the save.
 * @param {ParentNode} root
 * @returns {Promise<{field: string, message: string}[]>}
 */
export async function settle(root) {
  const inputs = /** @type {HTMLInputElement[]} */ ([...root.querySelectorAll('input[data-typed]')]);
  const readings = await Promise.all(inputs.map((i) => reread(i, { show: true })));
  return inputs.flatMap((input, k) => (readings[k].problem ? [{ field: input.name, message: readings[k].problem ?? '' }] : []));
}
