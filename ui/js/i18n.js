// PeerPlan's words: one catalog per language (ui/i18n/{en,fr,es}.json), shared with the Rust
// side (menus, core messages, documents, CLI). Only the chosen language's catalog is fetched,
// once, before the first page is shown; changing the language reloads the page so that every
// screen, formatter and cached label is rebuilt in the new one.
//
// Messages are flat keys ("people.title") with {name} placeholders; an entry may be an object
// of plural forms ({"one": "…", "other": "…"}) chosen by the `count` parameter.

/** @typedef {'en'|'fr'|'es'} Lang */

/** The languages PeerPlan speaks, in the order Settings offers them. */
export const LANGUAGES = /** @type {const} */ (['en', 'fr', 'es']);

/** @type {Record<string, string | Record<string, string>>} */
let catalog = {};
/** @type {Lang} */
let current = 'en';
/** @type {Intl.PluralRules | null} */
let pluralRules = null;
/** @type {Intl.NumberFormat | null} */
let numberFormat = null;

/**
 * Fetches and installs a language's catalog. A language PeerPlan does not speak reads as
 * English.
 * @param {string} lang
 */
export async function loadLanguage(lang) {
  const chosen = /** @type {Lang} */ (LANGUAGES.includes(/** @type {any} */ (lang)) ? lang : 'en');
  const response = await fetch(`i18n/${chosen}.json`);
  catalog = await response.json();
  current = chosen;
  pluralRules = new Intl.PluralRules(locale());
  numberFormat = new Intl.NumberFormat(locale());
  document.documentElement.lang = chosen;
}

/** The language of the screens ("fr"). */
export function lang() {
  return current;
}

/**
 * The locale that dates, numbers and sorting follow: the language's, with the laptop's own
 * English variant kept (an officer in the US reads "Jan 15, 2027", in Ghana "15 Jan 2027").
 */
export function locale() {
  const system = typeof navigator !== 'undefined' ? navigator.language || '' : '';
  if (current === 'en') return system.toLowerCase().startsWith('en') ? system : 'en-GB';
  if (system.toLowerCase().startsWith(current)) return system;
  return current === 'fr' ? 'fr-FR' : 'es-ES';
}

/**
 * The message `key` with its placeholders filled. Numbers given as parameters are written in
 * the language's digits ("1 234"). A missing key shows as the key itself (the completeness
 * tests keep that from shipping).
 * @param {string} key
 * @param {Record<string, string | number | null | undefined>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  let entry = catalog[key];
  if (entry === undefined) return key;
  if (typeof entry === 'object') {
    const count = Number(params.count ?? 0);
    const form = pluralRules ? pluralRules.select(count) : count === 1 ? 'one' : 'other';
    entry = entry[form] ?? entry.other ?? '';
  }
  return entry.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return typeof value === 'number' ? (numberFormat ?? new Intl.NumberFormat()).format(value) : String(value);
  });
}

/** Whether the catalog has a message for `key` (for values that may or may not be worded). */
export function has(/** @type {string} */ key) {
  return Object.prototype.hasOwnProperty.call(catalog, key);
}

/** Compares two names in the language's alphabetical order ("Égypte" with the E's). */
export function compareNames(/** @type {string} */ a, /** @type {string} */ b) {
  return collator().compare(a, b);
}

/** @type {Intl.Collator | null} */
let cachedCollator = null;
function collator() {
  if (!cachedCollator || cachedCollator.resolvedOptions().locale !== new Intl.Collator(locale()).resolvedOptions().locale) {
    cachedCollator = new Intl.Collator(locale(), { sensitivity: 'base', numeric: true });
  }
  return cachedCollator;
}

/**
 * Words the static parts of the page (index.html) from their data-i18n attributes:
 * data-i18n (text), data-i18n-title, data-i18n-aria-label, data-i18n-placeholder.
 * @param {ParentNode} root
 */
export function translateStatic(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '');
  });
  for (const attr of ['title', 'aria-label', 'placeholder']) {
    root.querySelectorAll(`[data-i18n-${attr}]`).forEach((el) => {
      el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`) ?? ''));
    });
  }
}
