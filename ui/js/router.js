// Hash-based routing: every page has a stable address (#/partnerships/ID, …) so links,
// back/forward and a restart land on the same place. Navigation asks first when the page has
// unsaved edits, including browser-style back/forward.

import * as api from './api.js';
import { h, replace } from './dom.js';
import { anyDirty } from './forms.js';
import { confirmDialog, errorPanel } from './widgets.js';
import { has, t } from './i18n.js';

/**
 * @typedef {{label: string, href?: string}} Crumb
 * @typedef {{title: string, node: HTMLElement, crumbs?: Crumb[]}} ViewResult
 * @typedef {{params: Record<string, string>, query: URLSearchParams, path: string}} Route
 * @typedef {(route: Route) => Promise<ViewResult>} View
 */

/** @type {{pattern: RegExp, keys: string[], view: View}[]} */
const routes = [];
/** @type {HTMLElement} */
let outlet;
/** @type {HTMLElement} */
let crumbsEl;
/** @type {(route: Route) => void} */
let onRouted = () => {};
const DEFAULT = '#/partnerships';
/** Where the last page shown is remembered: per database (`start`'s `database`), so a fresh
 * data folder or another database file never opens on a page of the previous one. */
let LAST_KEY = 'peerplan.lastRoute';

/** Index of the current history entry, to know which way a back/forward went. */
let index = 0;
let ignoreNextPop = false;
/** Increases with each render, so a slow page load cannot replace a newer page. */
let renderSeq = 0;

/**
 * Registers a page. `path` uses `:name` for parameters: "/partnerships/:id".
 * @param {string} path
 * @param {View} view
 */
export function add(path, view) {
  /** @type {string[]} */
  const keys = [];
  const source = path.replace(/:([a-z_]+)/g, (_, key) => { keys.push(key); return '([^/]+)'; });
  routes.push({ pattern: new RegExp(`^${source}$`), keys, view });
}

/**
 * @param {string} hash "#/path?query"
 * @returns {Route}
 */
function parse(hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, qs = ''] = raw.split('?');
  return { path, query: new URLSearchParams(qs), params: {} };
}

/**
 * Starts routing: shows the current address (or the last one used, after a restart).
 * @param {{outlet: HTMLElement, breadcrumbs: HTMLElement, onRouted?: (route: Route) => void, database?: string}} opts
 *   `database`: the id of the database shown, whose last page is the one to come back to
 * @returns {Promise<void>} settles when the first page has been rendered
 */
export function start(opts) {
  if (opts.database) LAST_KEY = `peerplan.lastRoute.${opts.database}`;
  outlet = opts.outlet;
  crumbsEl = opts.breadcrumbs;
  if (opts.onRouted) onRouted = opts.onRouted;
  let hash = location.hash;
  if (!hash || hash === '#' || hash === '#/') {
    hash = localStorage.getItem(LAST_KEY) || DEFAULT;
  }
  history.replaceState({ idx: 0 }, '', hash);
  window.addEventListener('popstate', onPopState);
  // In-app links navigate through the router (so the unsaved-edits guard applies).
  document.addEventListener('click', onLinkClick);
  window.addEventListener('beforeunload', (e) => {
    if (anyDirty()) e.preventDefault();
  });
  return render();
}

/** @param {MouseEvent} e */
function onLinkClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = /** @type {HTMLElement} */ (e.target).closest('a');
  const href = a?.getAttribute('href');
  if (!a || !href || !href.startsWith('#/')) return;
  e.preventDefault();
  navigate(href);
}

/** Asks whether to drop unsaved edits; true when there are none or the user agrees. */
async function mayLeave() {
  if (!anyDirty()) return true;
  return confirmDialog(t('router.unsaved.body'), {
    title: t('router.unsaved.title'),
    confirmLabel: t('router.unsaved.leave'),
    cancelLabel: t('router.unsaved.stay'),
    danger: true,
  });
}

/**
 * Goes to an address inside the app.
 * @param {string} hash e.g. "#/partnerships/0190…"
 * @param {{replace?: boolean, force?: boolean}} [opts] replace: no new history entry;
 *   force: skip the unsaved-edits question (after a delete, say)
 */
export async function navigate(hash, opts = {}) {
  if (!opts.force && !(await mayLeave())) return;
  if (opts.replace) {
    history.replaceState({ idx: index }, '', hash);
  } else {
    index += 1;
    history.pushState({ idx: index }, '', hash);
  }
  // Resolves once the page is shown, for callers that act on it (File › Sync now).
  await render();
}

/**
 * Changes the query of the current address without showing the page again (list filters,
 * so back and a restart come back to the same filtered list).
 * @param {string} path the page the query belongs to; nothing happens once the user has left
 *   it (a late search-as-you-type must not rewrite another page's address)
 * @param {Record<string, string | number | boolean | null | undefined>} values
 */
export function setQuery(path, values) {
  if (parse(location.hash).path !== path) return;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== null && v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  }
  const qs = q.toString();
  const hash = `#${path}${qs ? `?${qs}` : ''}`;
  history.replaceState({ idx: index }, '', hash);
  localStorage.setItem(LAST_KEY, hash);
}

/** @param {PopStateEvent} e */
async function onPopState(e) {
  if (ignoreNextPop) {
    ignoreNextPop = false;
    return;
  }
  const target = typeof e.state?.idx === 'number' ? e.state.idx : null;
  if (!(await mayLeave())) {
    // Undo the move: return to the entry we came from.
    ignoreNextPop = true;
    if (target === null) history.back();
    else history.go(index - target);
    return;
  }
  if (target === null) {
    // An address typed or set without the router: give it a place in our numbering.
    index += 1;
    history.replaceState({ idx: index }, '', location.hash);
  } else {
    index = target;
  }
  render();
}

/** Shows the current page again (after a change made elsewhere, or a reload). */
export function reload() {
  return render();
}

export function back() { history.back(); }
export function forward() { history.forward(); }

async function render() {
  const seq = ++renderSeq;
  const route = parse(location.hash);
  let match = null;
  for (const r of routes) {
    const m = r.pattern.exec(route.path);
    if (m) {
      match = r;
      r.keys.forEach((k, i) => { route.params[k] = decodeURIComponent(m[i + 1]); });
      break;
    }
  }
  if (!match) {
    // An unknown address (an old link, a typo): go to the default page.
    history.replaceState({ idx: index }, '', DEFAULT);
    return render();
  }
  // Only show "Loading…" when loading is slow, so fast pages do not flicker.
  const slow = window.setTimeout(() => {
    if (seq === renderSeq) outlet.setAttribute('aria-busy', 'true');
  }, 150);
  /** @type {ViewResult} */
  let result;
  try {
    result = await match.view(route);
  } catch (error) {
    const section = route.path.split('/')[1] || 'partnerships';
    // A record that no longer exists (deleted since, or not in this database): its list,
    // quietly, in place of the address.
    const code = api.toApiError(error).code;
    if ((code === 'not_found' || code === 'deleted') && seq === renderSeq && route.path !== `/${section}`) {
      window.clearTimeout(slow);
      history.replaceState({ idx: index }, '', `#/${section}`);
      return render();
    }
    // Any other page that cannot be shown still offers a way on. The section is the address's
    // first part: router.section.* names every one the app has (partnerships, exchanges,
    // people, follow_up, budget, rates, settings, sync, conflicts); another shows as it is.
    const sectionKey = `router.section.${section.replace(/-/g, '_')}`;
    // i18n-dynamic: router.section.
    const place = has(sectionKey) ? t(sectionKey) : section;
    result = {
      title: t('router.not_available'),
      node: h('div', { class: 'page' }, errorPanel(error), h('p', null, h('a', { href: `#/${section}`, 'data-testid': 'error-back' }, t('router.go_to', { section: place })))),
    };
  } finally {
    window.clearTimeout(slow);
  }
  if (seq !== renderSeq) return; // the user has already gone elsewhere
  outlet.removeAttribute('aria-busy');
  replace(outlet, result.node);
  document.title = `${result.title} — PeerPlan`;
  renderCrumbs(result.crumbs ?? []);
  localStorage.setItem(LAST_KEY, location.hash);
  outlet.scrollTop = 0;
  window.scrollTo(0, 0);
  // Move focus to the page, so keyboard and screen-reader users start at its top; a page may
  // put it on a better element itself (its search box) by marking it [data-autofocus].
  const auto = /** @type {HTMLElement | null} */ (outlet.querySelector('[data-autofocus]'));
  (auto ?? outlet).focus({ preventScroll: true });
  onRouted(route);
}

/**
 * Updates the window title and breadcrumbs of the page being shown (after its record was
 * renamed, say) without showing it again.
 * @param {string} title
 * @param {Crumb[]} crumbs
 */
export function setTitle(title, crumbs) {
  document.title = `${title} — PeerPlan`;
  renderCrumbs(crumbs);
}

/** @param {Crumb[]} crumbs */
function renderCrumbs(crumbs) {
  replace(crumbsEl);
  if (!crumbs.length) { crumbsEl.hidden = true; return; }
  crumbsEl.hidden = false;
  const list = h('ol', null);
  crumbs.forEach((c, i) => {
    const last = i === crumbs.length - 1;
    list.appendChild(h('li', null, last || !c.href ? h('span', { 'aria-current': last ? 'page' : null }, c.label) : h('a', { href: c.href }, c.label)));
  });
  crumbsEl.appendChild(list);
}
