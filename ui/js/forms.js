// Shared form handling. Every editable form in the app is bound here so that it behaves the
// same way: explicit Save (button, Enter in a text box, or Ctrl+S), the core's errors shown
// beside the fields they name plus a short summary at the top, norm warnings in amber, the
// user's input kept as typed when a save is refused, and unsaved edits tracked so that leaving
// the page asks first.

import * as api from './api.js';
import { h, replace, uid } from './dom.js';
import { capClass } from './format.js';
import { t } from './i18n.js';
import { dateField, settle, typedValue } from './typed.js';

/**
 * @typedef {object} BoundForm
 * @property {HTMLFormElement} form
 * @property {() => Promise<boolean>} save runs the form's save; resolves true when it saved
 * @property {() => boolean} isDirty
 * @property {() => void} markClean
 * @property {boolean} primary
 */

/** Forms currently bound; entries whose form left the document are dropped lazily. */
/** @type {Set<BoundForm>} */
const bound = new Set();

function live() {
  for (const b of bound) if (!b.form.isConnected) bound.delete(b);
  return [...bound];
}

/** Whether any form on the current page has edits that are not saved. */
export function anyDirty() {
  return live().some((b) => b.isDirty());
}

/**
 * Saves the form the user is working in (the one holding the focus), or else the page's
 * primary form. Used by Ctrl+S.
 * @returns {Promise<boolean>} whether a form was found (not whether it saved)
 */
export async function saveActive() {
  const forms = live();
  const focused = forms.find((b) => b.form.contains(document.activeElement));
  const target = focused ?? forms.find((b) => b.primary) ?? forms[0];
  if (!target) return false;
  await target.save();
  return true;
}

/**
 * Binds a form.
 * @param {HTMLFormElement} form must contain a `.form-summary` and a `.warnings` slot (see `formShell`)
 * @param {{onSave: () => Promise<api.Issue[] | void>, primary?: boolean, record?: string}} opts
 *   `onSave` reads the form and calls the backend; it resolves to the save's warnings (shown
 *   in amber) and rejects with the backend's error (shown beside the fields). `record`: the
 *   kind of record the form saves ("partnership"), whose text limits the fields show.
 * @returns {BoundForm}
 */
export function bindForm(form, { onSave, primary = false, record = '' }) {
  if (record) showLimits(form, record);
  let dirty = false;
  let busy = false;
  const setDirty = (/** @type {boolean} */ value) => {
    dirty = value;
    form.classList.toggle('is-dirty', value);
    const note = form.querySelector('.dirty-note');
    if (note) /** @type {HTMLElement} */ (note).hidden = !value;
  };

  /** @type {BoundForm} */
  const b = {
    form,
    primary,
    isDirty: () => dirty,
    markClean: () => setDirty(false),
    save: async () => {
      if (busy) return false;
      busy = true;
      form.setAttribute('aria-busy', 'true');
      const buttons = /** @type {HTMLButtonElement[]} */ ([...form.querySelectorAll('button[type=submit]')]);
      buttons.forEach((btn) => { btn.disabled = true; });
      clearMessages(form);
      try {
        // A date or time the core cannot read for sure refuses the save here, beside its
        // field, with the text kept: never a silent empty or a guessed date.
        const problems = await settle(form);
        if (problems.length) {
          // The save stops here, so also name what the core would: texts over their limit.
          problems.push(...overLimit(form));
          throw new api.ApiError('invalid', t('forms.unreadable_date'), problems);
        }
        const warnings = await onSave();
        setDirty(false);
        showWarnings(form, warnings || []);
        return true;
      } catch (error) {
        // Nothing is reset: what the user typed stays in the inputs.
        showError(form, error);
        return false;
      } finally {
        busy = false;
        form.removeAttribute('aria-busy');
        buttons.forEach((btn) => { btn.disabled = false; });
      }
    },
  };
  form.noValidate = true; // the core validates; one set of messages, in the app's words
  // Typing in a control that is not part of the data (a picker's search box) is not an edit.
  const onEdit = (/** @type {Event} */ e) => {
    if (!(/** @type {HTMLElement} */ (e.target).closest('[data-not-data]'))) setDirty(true);
  };
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    b.save();
  });
  bound.add(b);
  return b;
}

/** @type {Promise<Record<string, Record<string, number>>> | null} */
let limitsTable = null;

/**
 * Shows each text field's count as the officer nears the core's limit for it (from 80%), and
 * how far over a longer text is. Nothing is ever cut: the save refuses an over-long text
 * beside its field, and the text stays for the officer to shorten.
 * @param {HTMLFormElement} form
 * @param {string} record
 */
async function showLimits(form, record) {
  limitsTable ??= api.textLimits().catch(() => ({}));
  const limits = (await limitsTable)[record] ?? {};
  for (const [name, limit] of Object.entries(limits)) {
    const el = form.elements.namedItem(name);
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || el.dataset.limit) continue;
    el.dataset.limit = String(limit);
    const counter = h('div', { class: 'char-count', 'data-testid': 'char-count', 'data-for': name, 'aria-live': 'polite', hidden: true });
    el.after(counter);
    const update = () => {
      const length = [...el.value].length; // characters, as the core counts them
      const over = length - limit;
      counter.hidden = length < limit * 0.8;
      counter.classList.toggle('over', over > 0);
      replace(counter, over > 0
        ? t('forms.limit.over', { length, over, limit })
        : t('forms.limit.count', { length, limit }));
    };
    el.addEventListener('input', update);
    update();
  }
}

/**
 * The fields of `form` whose text is over its limit, worded as the core words it.
 * @param {HTMLFormElement} form
 * @returns {{field: string, message: string}[]}
 */
function overLimit(form) {
  return [...form.querySelectorAll('[data-limit]')].flatMap((el) => {
    const input = /** @type {HTMLInputElement} */ (el);
    const length = [...input.value].length;
    const limit = Number(input.dataset.limit);
    return length > limit
      ? [{ field: input.name, message: t('forms.limit.too_long', { length, limit }) }]
      : [];
  });
}

/**
 * Removes every error and warning shown in a form.
 * @param {HTMLElement} form
 */
export function clearMessages(form) {
  form.querySelectorAll('.field-error, .field-warning').forEach((el) => {
    replace(el);
    /** @type {HTMLElement} */ (el).hidden = true;
  });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field.has-error').forEach((el) => el.classList.remove('has-error'));
  const summary = form.querySelector('.form-summary');
  if (summary) {
    replace(summary);
    /** @type {HTMLElement} */ (summary).hidden = true;
  }
  showWarnings(form, []);
}

/**
 * The control of a form that holds the field `name` (visible control first).
 * @param {HTMLElement} form
 * @param {string} name
 * @returns {HTMLElement | null}
 */
function controlFor(form, name) {
  const controls = /** @type {HTMLElement[]} */ ([...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)]);
  const visible = controls.find((c) => /** @type {HTMLInputElement} */ (c).type !== 'hidden');
  if (visible) return visible;
  // A hidden input (e.g. a picker's value): point at the picker's search box instead.
  const wrap = form.querySelector(`[data-field-wrap="${CSS.escape(name)}"]`);
  return /** @type {HTMLElement | null} */ (wrap?.querySelector('input:not([type=hidden]), select, button') ?? null);
}

/**
 * The words the user sees for a field: its label, else the field name made readable.
 * @param {HTMLElement} form
 * @param {string} name
 */
function fieldLabel(form, name) {
  const control = controlFor(form, name);
  const label = control?.id ? form.querySelector(`label[for="${CSS.escape(control.id)}"]`) : null;
  const text = label?.textContent?.replace(/\s*\*\s*$/, '').trim();
  return text || name.replace(/_id$/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * Shows a refused save: each field message beside its input, and a summary at the top.
 * @param {HTMLElement} form
 * @param {unknown} error
 */
export function showError(form, error) {
  const err = api.toApiError(error);
  const summary = /** @type {HTMLElement | null} */ (form.querySelector('.form-summary'));
  const items = [];
  if (err.code === 'invalid' && err.fields.length) {
    for (const f of err.fields) {
      const slot = /** @type {HTMLElement | null} */ (form.querySelector(`.field-error[data-field="${CSS.escape(f.field)}"]`));
      const control = controlFor(form, f.field);
      if (slot) {
        // Several rules can fail for one field: keep each message on its own line (once:
        // the field may already show it, from when the officer left it).
        if (![...slot.children].some((c) => c.textContent === f.message)) slot.appendChild(h('span', { class: capClass(f.message) }, f.message));
        slot.hidden = false;
        slot.closest('.field')?.classList.add('has-error');
      }
      control?.setAttribute('aria-invalid', 'true');
      const label = fieldLabel(form, f.field);
      items.push(h('li', null, control
        ? h('a', { href: '#', 'data-field': f.field, onclick: (/** @type {Event} */ e) => { e.preventDefault(); control.focus(); } }, label)
        : h('strong', null, label), `: ${f.message}`));
    }
  } else {
    items.push(h('li', null, err.message || t('forms.save_failed')));
  }
  if (summary) {
    const n = items.length;
    replace(
      summary,
      h('p', null, err.code === 'invalid' ? t('forms.not_saved_count', { count: n }) : t('forms.not_saved')),
      h('ul', null, items),
    );
    summary.hidden = false;
  }
  // Warnings that came with the refusal still explain the norms.
  if (err.warnings.length) showWarnings(form, err.warnings);
  // Take the user to the first problem (without scrolling the summary away on a long form).
  const first = err.fields.length ? controlFor(form, err.fields[0].field) : null;
  (first ?? summary)?.focus?.();
}

/**
 * Shows norm warnings: all of them in the form's `.warnings` list, and each beside its field
 * when the form has a `.field-warning` slot for it.
 * @param {HTMLElement} form
 * @param {api.Issue[]} warnings
 */
export function showWarnings(form, warnings) {
  const list = /** @type {HTMLElement | null} */ (form.querySelector(':scope .warnings'));
  const only = warnings.filter((w) => !w.severity || w.severity === 'warning');
  if (list) {
    replace(list, only.map((w) => h('li', { 'data-field': w.field, 'data-code': w.code ?? '', class: capClass(w.message) }, w.message)));
    list.hidden = only.length === 0;
  }
  form.querySelectorAll('.field-warning').forEach((el) => { replace(el); /** @type {HTMLElement} */ (el).hidden = true; });
  for (const w of only) {
    const slot = /** @type {HTMLElement | null} */ (form.querySelector(`.field-warning[data-field="${CSS.escape(w.field)}"]`));
    if (slot) { slot.appendChild(h('span', { class: capClass(w.message) }, w.message)); slot.hidden = false; }
  }
}

// ---- building forms ----

/**
 * A <form> with its message slots: a summary of errors at the top, the warnings list, then
 * `children`, then an actions row with a Save button and an "unsaved changes" note.
 * @param {{testid: string, saveLabel?: string, extraActions?: Node[], className?: string}} opts
 * @param {...import('./dom.js').Child} children
 */
export function formShell({ testid, saveLabel = t('common.save'), extraActions = [], className = '' }, ...children) {
  return h(
    'form',
    { class: `form ${className}`, 'data-testid': testid },
    h('div', { class: 'form-summary', role: 'alert', tabindex: '-1', 'data-testid': 'form-summary', hidden: true }),
    h('ul', { class: 'warnings', role: 'status', 'data-testid': 'warnings', hidden: true }),
    children,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'save' }, saveLabel),
      extraActions,
      h('span', { class: 'dirty-note', hidden: true }, t('forms.unsaved')),
    ),
  );
}

/**
 * A labelled field: label, control, optional hint, and the slots for its error and warning.
 * @param {string} label
 * @param {HTMLElement} control must carry the `name` of the data field
 * @param {{hint?: string, wide?: boolean, required?: boolean, field?: string}} [opts]
 *   `field`: the data field the messages are about, when the control's name differs
 */
export function field(label, control, opts = {}) {
  const name = opts.field ?? control.getAttribute('name') ?? '';
  if (!control.id) control.id = uid(`f-${name}`);
  const hintId = opts.hint ? `${control.id}-hint` : null;
  const errorId = `${control.id}-error`;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h(
    'div',
    { class: ['field', opts.wide && 'wide'], 'data-field-wrap': name },
    h('label', { for: control.id }, label, opts.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    opts.hint ? h('div', { class: 'hint', id: hintId }, opts.hint) : null,
    h('div', { class: 'field-error', 'data-field': name, id: errorId, hidden: true }),
    h('div', { class: 'field-warning', 'data-field': name, hidden: true }),
  );
}

/**
 * Error and warning slots for a control built elsewhere (e.g. the person picker).
 * @param {string} name
 */
export function messageSlots(name) {
  return [
    h('div', { class: 'field-error', 'data-field': name, hidden: true }),
    h('div', { class: 'field-warning', 'data-field': name, hidden: true }),
  ];
}

/**
 * @param {string} name
 * @param {string | null | undefined} value
 * @param {Record<string, any>} [attrs]
 */
export function textInput(name, value, attrs = {}) {
  return h('input', { type: 'text', name, value: value ?? '', autocomplete: 'off', ...attrs });
}

/**
 * @param {string} name
 * @param {string | null | undefined} value
 * @param {Record<string, any>} [attrs]
 */
export function textArea(name, value, attrs = {}) {
  return h('textarea', { name, rows: 3, ...attrs, value: value ?? '' });
}

/**
 * A date field (see typed.js): typed in the laptop's order, read by the core, the date it
 * understood shown in words beside it; `readFields` gives back YYYY-MM-DD.
 * @param {string} name
 * @param {string | null | undefined} value
 */
export function dateInput(name, value) {
  return dateField(name, value);
}

/**
 * @typedef {'text' | 'optional' | 'date' | 'time' | 'int' | 'bool'} FieldKind
 *   text: string as typed; optional: '' becomes null (optional ids, country codes);
 *   date: YYYY-MM-DD (a typed date field's reading) or null; time: HH:MM (likewise); int: a whole number (NaN when not one, for the core to refuse);
 *   bool: a checkbox.
 */

/**
 * Reads named fields of a form into a data object for the backend.
 * @param {HTMLFormElement} form
 * @param {Record<string, FieldKind>} spec
 * @returns {Record<string, any>}
 */
export function readFields(form, spec) {
  /** @type {Record<string, any>} */
  const data = {};
  for (const [name, kind] of Object.entries(spec)) {
    const el = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name));
    if (!el) continue;
    const raw = el.value ?? '';
    switch (kind) {
      case 'bool': data[name] = el.checked; break;
      case 'optional': data[name] = raw.trim() === '' ? null : raw.trim(); break;
      case 'date': data[name] = (el.dataset.typed ? typedValue(el) : raw) || null; break;
      // A time the core could not read is sent as typed, for the save to name the problem.
      case 'time': data[name] = (el.dataset.typed && typedValue(el)) || raw; break;
      case 'int': data[name] = raw.trim() === '' ? null : Number(raw); break;
      default: data[name] = raw;
    }
  }
  return data;
}
