// Tiny helpers to build DOM nodes safely. Text always goes in through textContent (text
// nodes), never through innerHTML, so data from the database can never become markup.

/**
 * @typedef {Node | string | number | null | undefined | false | any[]} Child
 *   (an array holds more children, flattened)
 */

/**
 * Creates an element. `attrs` keys:
 * - `class`: class name(s); `for`: the label's target id;
 * - `dataset` / `data-*`: data attributes (e.g. `"data-testid": "save"`);
 * - `on<event>` with a function: an event listener (`onclick`, `oninput`, …);
 * - boolean values set or remove the attribute (`hidden`, `disabled`, `required`, …);
 * - `value`, `checked`, `selected`: set as properties (what the user sees);
 * - anything else: set as an attribute when not null/undefined.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'for') {
      /** @type {HTMLLabelElement} */ (el).htmlFor = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      /** @type {any} */ (el)[key] = value;
    } else if (typeof value === 'boolean') {
      el.toggleAttribute(key, value);
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * Appends children (strings become text nodes; null/false are skipped; arrays are flattened).
 * @param {Node} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Replaces every child of `parent` with `children`.
 * @param {Node} parent
 * @param {...Child} children
 */
export function replace(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/**
 * An <option>.
 * @param {string} value
 * @param {string} label
 * @param {boolean} [selected]
 */
export function option(value, label, selected = false) {
  const o = h('option', { value }, label);
  o.selected = selected;
  return o;
}

/**
 * Returns a function that runs `fn` once `ms` have passed without another call: for search
 * boxes, so typing a word makes one query, not one per key.
 * @template {any[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {(...args: A) => void}
 */
export function debounce(fn, ms) {
  /** @type {number | undefined} */
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}

let idCounter = 0;
/**
 * A fresh element id, for pairing a <label> with its control.
 * @param {string} prefix
 */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
