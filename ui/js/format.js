// Reference data (enum labels, countries) loaded once at start-up, and how values are shown:
// dates in the user's locale, countries as "Kenya (KE)", enum values by their label.

import * as api from './api.js';
import { h, option } from './dom.js';
import { t, has, locale, lang } from './i18n.js';

/** @type {api.Enums | null} */
let enumData = null;
/** @type {api.Country[]} */
let countryList = [];
/** @type {Map<string, api.Country>} */
const countryByCode = new Map();

/** Loads enums and countries; called once before the first page is shown. */
export async function loadReferenceData() {
  const [e, c] = await Promise.all([api.enums(), api.listCountries()]);
  enumData = e;
  // Named and sorted in the app's language by the backend ("Égypte" with the E's).
  countryList = [...c];
  countryByCode.clear();
  for (const country of countryList) countryByCode.set(country.code, country);
}

/**
 * The allowed values of an enum, with labels, in the backend's order.
 * @param {keyof api.Enums} name
 * @returns {api.EnumValue[]}
 */
export function enumValues(name) {
  return enumData?.[name] ?? [];
}

/**
 * The label of one enum value ("active" → "Active exchanges"); the raw value if unknown.
 * @param {keyof api.Enums} name
 * @param {string | null | undefined} value
 */
export function enumLabel(name, value) {
  if (!value) return '';
  return enumValues(name).find((v) => v.value === value)?.label ?? value;
}

/** @returns {api.Country[]} every country, sorted by name */
export function countries() {
  return countryList;
}

/**
 * "Kenya (KE)"; just the code when it is not in the list.
 * @param {string | null | undefined} code
 */
export function countryLabel(code) {
  if (!code) return '';
  const c = countryByCode.get(code);
  return c ? `${c.name} (${c.code})` : code;
}

/**
 * A <select> of countries showing "Kenya (KE)"; with `emptyLabel`, a first option for none.
 * @param {Record<string, any>} attrs attributes for the select (name, id, …)
 * @param {string | null} selected
 * @param {string | null} [emptyLabel]
 */
export function countrySelect(attrs, selected, emptyLabel = null) {
  const select = h('select', attrs);
  if (emptyLabel !== null) select.appendChild(option('', emptyLabel, !selected));
  for (const c of countryList) select.appendChild(option(c.code, `${c.name} (${c.code})`, c.code === selected));
  // A code the list does not know still shows, so saving does not silently change it.
  if (selected && !countryByCode.has(selected)) select.appendChild(option(selected, selected, true));
  return select;
}

/**
 * A <select> of an enum's values.
 * @param {keyof api.Enums} name
 * @param {Record<string, any>} attrs
 * @param {string | null} selected
 * @param {string | null} [emptyLabel] a first option meaning "any" / "none"
 */
export function enumSelect(name, attrs, selected, emptyLabel = null) {
  const select = h('select', attrs);
  if (emptyLabel !== null) select.appendChild(option('', emptyLabel, !selected));
  for (const v of enumValues(name)) select.appendChild(option(v.value, v.label, v.value === selected));
  return select;
}

// ---- dates ----

/**
 * Reads "YYYY-MM-DD" (or the date part of a timestamp) as a local calendar date, so a date is
 * never shifted by the time zone (new Date("2026-03-02") would be UTC midnight).
 * @param {string | null | undefined} iso
 * @returns {Date | null}
 */
function calendarDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

// What follows speaks the chosen language. (Imported here, not at the top, while the part
// above is being changed separately; fold into one import of i18n.js when integrating.)

// Made on first use, in the language's locale: the catalog (and so the language) is only known
// after the modules are evaluated. Changing the language reloads the page, so caching is safe.
/** @type {Intl.DateTimeFormat | null} */
let cachedDateFormat = null;
/** @type {Intl.DateTimeFormat | null} */
let cachedLongDateFormat = null;
/** @type {Intl.DateTimeFormat | null} */
let cachedTimestampFormat = null;
function dateFormat() {
  return (cachedDateFormat ??= new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric' }));
}
function longDateFormat() {
  return (cachedLongDateFormat ??= new Intl.DateTimeFormat(locale(), { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }));
}
function timestampFormat() {
  return (cachedTimestampFormat ??= new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }));
}

/**
 * A calendar date in the user's locale ("2 Mar 2026"); '' for none.
 * @param {string | null | undefined} iso
 */
export function formatDate(iso) {
  const d = calendarDate(iso);
  return d ? dateFormat().format(d) : '';
}

/** @param {string | null | undefined} iso */
export function formatLongDate(iso) {
  const d = calendarDate(iso);
  return d ? longDateFormat().format(d) : '';
}

/**
 * "2–4 Mar 2026" (or one date when they are equal or the end is missing).
 * @param {string | null | undefined} start
 * @param {string | null | undefined} end
 */
export function formatDateRange(start, end) {
  const a = calendarDate(start);
  const b = calendarDate(end);
  if (!a) return b ? dateFormat().format(b) : '';
  if (!b || b.getTime() === a.getTime()) return dateFormat().format(a);
  const f = /** @type {any} */ (dateFormat());
  return typeof f.formatRange === 'function' ? f.formatRange(a, b) : `${f.format(a)} – ${f.format(b)}`;
}

/**
 * A stored timestamp (RFC 3339) in the user's locale and time zone.
 * @param {string | null | undefined} ts
 */
export function formatTimestamp(ts) {
  if (!ts) return '';
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : timestampFormat().format(d);
}

/** Today as "YYYY-MM-DD" in the user's time zone (what date inputs and the backend use). */
export function todayIso() {
  const d = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A time zone named by its city, as an officer says it: "Africa/Monrovia" → "Monrovia",
 * "America/Argentina/Buenos_Aires" → "Buenos Aires" (sentences read "Monrovia time", "heure
 * de Monrovia"; the zone's full name stays in the exchange form).
 * @param {string} zone
 */
export function zoneCity(zone) {
  return (zone.split('/').pop() || zone).replaceAll('_', ' ');
}

/** The user's own IANA time zone, to name a venue's zone only where it differs. */
export function localTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The core writes messages in lower case to fit inside sentences ("the end date … is before
 * …"). Shown on their own they should start with a capital, but the text itself stays exactly
 * the core's (tests and copy-paste see the real message): this returns the class that raises
 * the first letter in CSS, and only for a plain letter, so a quoted value the user typed
 * ('akosua@') is never changed.
 * @param {string} message
 * @returns {string | null}
 */
export function capClass(message) {
  return /^[a-z]/.test(message) ? 'cap' : null;
}

/** @type {Intl.NumberFormat | null} */
let cachedNumberFormat = null;
/** @param {number} n */
export function formatNumber(n) {
  return (cachedNumberFormat ??= new Intl.NumberFormat(locale())).format(n);
}

/** Time zones offered as suggestions; any IANA name may be typed (the core checks it). */
const COMMON_ZONES = [
  'UTC', 'Africa/Abidjan', 'Africa/Accra', 'Africa/Addis_Ababa', 'Africa/Cairo', 'Africa/Dakar',
  'Africa/Dar_es_Salaam', 'Africa/Johannesburg', 'Africa/Kampala', 'Africa/Kigali', 'Africa/Lagos',
  'Africa/Maputo', 'Africa/Nairobi', 'America/Bogota', 'America/Guatemala', 'America/La_Paz',
  'America/Lima', 'America/Mexico_City', 'America/New_York', 'America/Santiago', 'America/Sao_Paulo',
  'America/Toronto', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Ho_Chi_Minh', 'Asia/Jakarta', 'Asia/Kathmandu',
  'Asia/Kolkata', 'Asia/Manila', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/Berlin', 'Europe/Brussels',
  'Europe/London', 'Europe/Madrid', 'Europe/Paris', 'Pacific/Fiji', 'Pacific/Port_Moresby',
];

/**
 * Suggestions for a time-zone text input (`list` attribute): common IANA names; any other
 * may be typed, and the core checks it.
 * @param {string} id
 */
export function timeZoneList(id) {
  const list = document.createElement('datalist');
  list.id = id;
  for (const zone of COMMON_ZONES) {
    const o = document.createElement('option');
    o.value = zone;
    list.appendChild(o);
  }
  return list;
}

// ---- money (issue 6): amounts come from the core as decimal text; they are regrouped for
// reading, never turned into floating-point numbers.

/** @type {{group: string, decimal: string} | null} */
let cachedSeparators = null;
/** The language's digit grouping and decimal separators (e.g. "," and "."), read on first use. */
function separators() {
  if (!cachedSeparators) {
    const parts = new Intl.NumberFormat(locale(), { useGrouping: true }).formatToParts(12345.5);
    cachedSeparators = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
  }
  return cachedSeparators;
}

/**
 * Groups the digits of a decimal text as the core wrote it ("-12480.00" → "−12,480.00"),
 * without ever turning it into a number.
 * @param {string} text
 * @param {{plus?: boolean}} [opts] plus: write "+" before a positive amount (variances)
 */
export function groupDigits(text, opts = {}) {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(String(text ?? '').trim());
  if (!m) return String(text ?? '');
  const [, sign, whole, frac] = m;
  const sep = separators();
  // Spanish groups thousands only from five digits on ("9460,00", "12.345,50").
  const groups = !(lang() === 'es' && whole.length <= 4);
  const grouped = groups ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep.group) : whole;
  const isZero = /^0+$/.test(whole) && (!frac || /^0+$/.test(frac));
  const prefix = sign === '-' && !isZero ? '−' : opts.plus && !isZero ? '+' : '';
  return `${prefix}${grouped}${frac !== undefined ? sep.decimal + frac : ''}`;
}

/**
 * "12,480.00 USD".
 * @param {{text: string}} amount
 * @param {string} currency
 * @param {{plus?: boolean}} [opts]
 */
export function formatMoney(amount, currency, opts = {}) {
  return `${groupDigits(amount.text, opts)} ${currency}`;
}

/**
 * A variance percentage as the core wrote it ("+12.5", "-2.2") with a real minus sign.
 * @param {string} text
 */
export function formatPercent(text) {
  // French and Spanish set the sign apart: "+3,8 %".
  const space = lang() === 'fr' ? '\u202f' : lang() === 'es' ? '\u00a0' : '';
  return `${groupDigits(text, { plus: true })}${space}%`;
}

/**
 * A rate as the officer entered it: "1 EUR = 1.08 USD (rate of 2026-01-02)".
 * @param {{budget_rate: boolean, rate_date: string|null, entered_as: string, from_currency: string, to_currency: string, leg_of?: string|null}} r
 */
export function rateUsedText(r) {
  const when = r.budget_rate ? t('format.rate_when.budget') : r.rate_date ? t('format.rate_when.dated', { date: r.rate_date }) : t('format.rate_when.plain');
  const inverse = !r.entered_as.startsWith(`${r.from_currency} `);
  // One whole message per shape (used the other way round, as a leg of a cross rate), so
  // each language orders its own words.
  // i18n-dynamic: format.rate_used
  const key = `format.rate_used${inverse ? '_inverse' : ''}${r.leg_of ? '_leg' : ''}`;
  return t(key, { rate: r.entered_as, when, from: r.from_currency, to: r.to_currency, leg: r.leg_of });
}

/**
 * Words for a stage of a merge or sync (`sync-progress` events): "Checking the file"; the
 * stage's own name when the catalog has no words for it.
 * @param {string} stage copying, checking, validating, backing_up, merging, saving, finished
 */
export function syncStage(stage) {
  // i18n-dynamic: format.sync_stage. (every stage the core reports has an entry)
  const key = `format.sync_stage.${stage}`;
  return has(key) ? t(key) : stage;
}

/**
 * A conversion that had no rate, in the app's language: "XOF→EUR on or before 2026-03-02"
 * (the date as the Rates page writes it, so it can be looked up there).
 * @param {{from_currency: string, to_currency: string, on_or_before: string|null}} m
 */
export function missingRateText(m) {
  // English keeps the date as the Rates page writes it (ISO); French and Spanish read it in words.
  const date = m.on_or_before && lang() !== 'en' ? formatDate(m.on_or_before) : m.on_or_before ?? '';
  const words = { from: m.from_currency, to: m.to_currency, date };
  return m.on_or_before ? t('costs_doc.rate.missing_on', words) : t('costs_doc.rate.missing_any', words);
}
