// Start-up: load the reference data, register the pages, wire the keyboard shortcuts and the
// native menu, then show the page at the current address.

import * as api from './api.js';
import { h, replace } from './dom.js';
import { loadReferenceData, formatNumber, syncStage } from './format.js';
import { loadLanguage, t, translateStatic, locale } from './i18n.js';
import { saveActive } from './forms.js';
import * as router from './router.js';
import { openSearch } from './search.js';
import { errorPanel, confirmDialog, toast } from './widgets.js';
import { partnershipListView } from './views/partnerships.js';
import { partnershipView, newPartnershipView } from './views/partnership.js';
import { exchangeListView } from './views/exchanges.js';
import { exchangeView, newExchangeView } from './views/exchange.js';
import { peopleListView } from './views/people.js';
import { personView, newPersonView } from './views/person.js';
import { settingsView } from './views/settings.js';
import { followUpDashboardView, overdueNotice } from './views/followup.js';

/** The stylesheet of the pages loaded on first use, added once, before their first view. */
let planningStyles = /** @type {Promise<void> | null} */ (null);
function loadPlanningStyles() {
  planningStyles ??= new Promise((resolve) => {
    const link = h('link', { rel: 'stylesheet', href: 'css/planning.css' });
    // A failed load leaves the page unstyled rather than blank.
    link.addEventListener('load', () => resolve());
    link.addEventListener('error', () => resolve());
    document.head.appendChild(link);
  });
  return planningStyles;
}

/**
 * A page whose module (and stylesheet) is loaded the first time it is shown: the agenda,
 * costs, budget and rates pages are not needed to show the partnership list, so start-up
 * neither loads their code nor matches their style rules.
 * @param {() => Promise<any>} load @param {string} name the module's view function
 * @returns {import('./router.js').View}
 */
const later = (load, name) => async (route) => {
  const [module] = await Promise.all([load(), loadPlanningStyles()]);
  return module[name](route);
};

// "new" routes first: they would otherwise be read as an id.
router.add('/partnerships', partnershipListView);
router.add('/partnerships/new', newPartnershipView);
router.add('/partnerships/:id', partnershipView);
router.add('/exchanges', exchangeListView);
router.add('/exchanges/new', newExchangeView);
router.add('/exchanges/:id', exchangeView);
router.add('/exchanges/:id/agenda', later(() => import('./views/agenda.js'), 'agendaView'));
router.add('/exchanges/:id/costs', later(() => import('./views/costs.js'), 'exchangeCostsView'));
router.add('/people', peopleListView);
router.add('/people/new', newPersonView);
router.add('/people/:id', personView);
router.add('/follow-up', followUpDashboardView);
router.add('/budget', later(() => import('./views/budget.js'), 'budgetView'));
router.add('/rates', later(() => import('./views/rates.js'), 'ratesView'));
router.add('/settings', settingsView);
router.add('/sync', later(() => import('./views/sync.js'), 'syncView'));
router.add('/sync/merge', later(() => import('./views/sync.js'), 'mergePreviewView'));
router.add('/conflicts', later(() => import('./views/sync.js'), 'conflictsView'));

const outlet = /** @type {HTMLElement} */ (document.getElementById('app'));
const breadcrumbs = /** @type {HTMLElement} */ (document.getElementById('breadcrumbs'));

/** Marks the sidebar entry of the current place and refreshes its counts. */
function onRouted(/** @type {import('./router.js').Route} */ route) {
  const first = route.path.split('/')[1] || 'partnerships';
  // The Rates page belongs to the Budget, the Conflicts to Sync.
  const section = first === 'rates' ? 'budget' : first === 'conflicts' ? 'sync' : first;
  document.querySelectorAll('.sidebar [data-nav]').forEach((a) => {
    const here = /** @type {HTMLElement} */ (a).dataset.nav === section;
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  refreshSidebar();
  preparePrint();
}

/** Increases with each refresh of the sidebar, so a slow answer cannot show older counts. */
let sidebarSeq = 0;

/** The installation's name and the record counts beside the sidebar entries. */
async function refreshSidebar() {
  const mine = ++sidebarSeq;
  try {
    const [info, board] = await Promise.all([api.appInfo(), api.followUpDashboard()]);
    if (mine !== sidebarSeq) return; // a newer refresh is on its way
    setInstallationName(info.installation_name);
    for (const key of ['partnerships', 'exchanges', 'people']) {
      const badge = document.querySelector(`.sidebar [data-count="${key}"]`);
      if (badge) badge.textContent = formatNumber(info.counts[key] ?? 0);
    }
    const overdue = /** @type {HTMLElement | null} */ (document.querySelector('.sidebar [data-count="overdue"]'));
    if (overdue) {
      const n = board.overdue.length;
      overdue.textContent = n ? formatNumber(n) : '';
      overdue.hidden = n === 0;
      overdue.setAttribute('aria-label', t('main.overdue_count', { count: n }));
    }
    const conflicts = /** @type {HTMLElement | null} */ (document.querySelector('.sidebar [data-count="conflicts"]'));
    if (conflicts) {
      const n = info.open_conflicts ?? 0;
      conflicts.textContent = n ? formatNumber(n) : '';
      conflicts.hidden = n === 0;
      conflicts.setAttribute('aria-label', t('main.conflicts_count', { count: n }));
    }
  } catch {
    // The counts are a convenience; a failure here must not disturb the page.
  }
}

/**
 * While a merge or a sync runs, whichever page is open, the sidebar says so under its entries
 * (and links to the Sync page): the database is busy until it ends, so another page waits
 * for it before it can show its data.
 */
function followSyncActivity() {
  const box = /** @type {HTMLElement | null} */ (document.getElementById('sync-activity'));
  const text = box?.querySelector('.sync-activity-text');
  const bar = /** @type {HTMLProgressElement | null | undefined} */ (box?.querySelector('progress'));
  if (!box || !text || !bar) return;
  api.listen('sync-progress', (/** @type {api.SyncProgress} */ p) => {
    if (p.stage === 'finished') {
      box.hidden = true;
      refreshSidebar();
      return;
    }
    text.textContent = p.file ? t('main.sync_stage_file', { stage: syncStage(p.stage), file: p.file }) : syncStage(p.stage);
    if (p.total > 0) {
      bar.max = p.total;
      bar.value = p.done;
    } else {
      bar.removeAttribute('value'); // indeterminate until the total is known
    }
    box.title = t('main.merge_running');
    box.hidden = false;
  }).catch(() => {});
}

/**
 * Help › About: the version, the commit it was built from and the database schema, with where
 * this installation keeps its data — as a text the officer can copy into a support e-mail.
 */
async function showAbout() {
  try {
    const info = await api.appInfo();
    const facts = [
      [t('main.about.version'), info.version],
      [t('main.about.commit'), info.commit],
      [t('main.about.schema'), String(info.schema_version)],
      [t('main.about.installation'), info.installation_name || t('main.unnamed')],
      [t('main.about.database'), info.database_path],
    ];
    const support = facts.map(([k, v]) => `${k}: ${v}`).join('\n');
    const copyText = h('textarea', { class: 'about-support mono small', readonly: true, rows: facts.length + 1, 'aria-label': t('main.about.support_label'), 'data-testid': 'about-support' });
    copyText.value = `PeerPlan\n${support}`;
    const copy = h('button', { type: 'button', class: 'btn', 'data-testid': 'about-copy' }, t('main.about.copy'));
    copy.addEventListener('click', async () => {
      copyText.select();
      try {
        await navigator.clipboard.writeText(copyText.value);
      } catch {
        document.execCommand('copy'); // older webviews: the selected text
      }
      toast(t('main.about.copied'));
    });
    await confirmDialog(
      [h('dl', { class: 'about-facts', 'data-testid': 'about-facts' }, facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', { class: 'mono' }, v)])),
        copyText, h('div', { class: 'actions' }, copy)],
      { title: t('main.about_title'), confirmLabel: t('common.close'), cancelLabel: null },
    );
  } catch {
    // Nothing useful to show without the backend.
  }
}

/**
 * First start: until the officer has chosen the name colleagues see in their merges and
 * conflicts ("kept Amina Diallo's value"), a notice above the page asks for it. It does not
 * block the page (the officer may look around first) and goes once a name is saved.
 * @returns {Promise<HTMLElement | null>}
 */
async function askForOfficerName() {
  const info = await api.appInfo();
  if (info.installation_named) return null;
  const input = h('input', { type: 'text', id: 'officer-name', name: 'installation_name', autocomplete: 'name', placeholder: t('main.name_placeholder'), 'data-testid': 'officer-name', 'aria-describedby': 'officer-name-help officer-name-error' });
  const error = h('p', { class: 'field-error', id: 'officer-name-error', role: 'alert', hidden: true, 'data-testid': 'officer-name-error' });
  const notice = h('form', { class: 'notice name-notice', 'data-testid': 'officer-name-notice', 'aria-labelledby': 'officer-name-title' },
    h('div', { class: 'name-notice-text' },
      h('strong', { id: 'officer-name-title' }, t('main.name_title')),
      h('p', { class: 'small', id: 'officer-name-help' }, t('main.name_help', { name: info.installation_name }))),
    h('div', { class: 'name-notice-field' },
      h('label', { for: 'officer-name', class: 'visually-hidden' }, t('main.name_label')),
      input,
      h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'officer-name-save' }, t('main.name_save')),
      error));
  notice.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const saved = await api.setInstallationName(input.value);
      setInstallationName(saved);
      notice.remove();
      toast(t('main.name_saved', { name: saved }));
    } catch (err) {
      const problem = api.toApiError(err);
      // The typed name stays; the message says what is wrong.
      error.textContent = problem.fields.find((f) => f.field === 'installation_name')?.message ?? problem.message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  });
  return notice;
}

/** @param {string} name */
function setInstallationName(name) {
  const el = document.getElementById('installation-name');
  if (el) el.textContent = name || '';
}

/** The native menu's commands (see src-tauri): payload strings. */
function onMenu(/** @type {string} */ command) {
  if (command === 'new_partnership') router.navigate('#/partnerships/new');
  else if (command === 'print') api.printCurrentPage();
  else if (command === 'find') openSearch();
  else if (command === 'about') showAbout();
  else if (command === 'export_database') import('./views/sync.js').then((m) => m.exportFromMenu());
  else if (command === 'merge_file') import('./views/sync.js').then((m) => m.chooseAndPreview());
  else if (command === 'sync_now') {
    // The Sync page, then its "Sync now" (which says what is missing when no folder is set).
    router.navigate('#/sync').then(() => {
      const button = /** @type {HTMLButtonElement | null} */ (document.querySelector('[data-testid=sync-now]'));
      if (button && !button.disabled) button.click();
    });
  }
  else if (command.startsWith('go:')) router.navigate(`#/${command.slice(3)}`);
}

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** Whether the event comes from a control where arrow keys edit text. */
function inTextField(/** @type {EventTarget | null} */ target) {
  const el = /** @type {HTMLElement | null} */ (target);
  return Boolean(el && (el.isContentEditable || el.matches?.('input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea')));
}

/** @param {KeyboardEvent} e */
function onKeyDown(e) {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const key = e.key.toLowerCase();
  // On macOS Option+←/→ moves by word inside text: back/forward there is Cmd+[ / Cmd+].
  const altArrows = !(isMac && inTextField(e.target));
  if (mod && !e.altKey && !e.shiftKey && (key === 'k' || key === 'f')) {
    e.preventDefault();
    openSearch();
  } else if (mod && !e.altKey && key === 's') {
    // Always swallow Ctrl+S: the webview's "save page" would be meaningless here.
    e.preventDefault();
    saveActive();
  } else if ((e.altKey && !mod && e.key === 'ArrowLeft' && altArrows) || (isMac && mod && e.key === '[')) {
    e.preventDefault();
    router.back();
  } else if ((e.altKey && !mod && e.key === 'ArrowRight' && altArrows) || (isMac && mod && e.key === ']')) {
    e.preventDefault();
    router.forward();
  }
}

/**
 * Fills the print header (the page's title) and footer (the date printed). Done on every page
 * change as well as just before printing, since not every print path (e.g. printing to a PDF
 * from the shell) fires `beforeprint`.
 */
function preparePrint() {
  const title = document.querySelector('#app h1')?.textContent ?? document.title;
  const header = document.getElementById('print-title');
  if (header) header.textContent = title;
  const date = document.getElementById('print-date');
  if (date) date.textContent = t('main.printed', { when: new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'short' }).format(new Date()) });
}

async function boot() {
  api.startupMark('script').catch(() => {});
  document.addEventListener('keydown', onKeyDown);
  window.addEventListener('beforeprint', preparePrint);
  // Counts change without a change of page too (people created on an exchange, example data).
  window.addEventListener('peerplan:data-changed', () => { refreshSidebar(); });
  window.addEventListener('peerplan:settings-changed', (e) => setInstallationName(/** @type {CustomEvent} */ (e).detail?.installation_name ?? ''));
  document.getElementById('open-search')?.addEventListener('click', openSearch);
  /** The database the app shows: the page to come back to is remembered per database. */
  let database = '';
  try {
    // The words (one catalog, the chosen language's) load beside the reference data, so the
    // catalog adds no wait of its own before the first page (the 'catalog' mark shows when
    // it is in: PEERPLAN_STARTUP_TRACE=1).
    const words = api.getLanguage()
      .catch(() => ({ language: 'en' }))
      .then((choice) => loadLanguage(choice.language))
      .then(() => { api.startupMark('catalog').catch(() => {}); });
    const [, , info] = await Promise.all([words, loadReferenceData(), api.appInfo()]);
    translateStatic();
    database = info.installation_id;
    api.startupMark('reference-data').catch(() => {});
  } catch (error) {
    replace(outlet, h('div', { class: 'page' }, errorPanel(error)));
    return;
  }
  api.listen('menu', (payload) => onMenu(String(payload))).catch(() => {});
  followSyncActivity();
  await router.start({ outlet, breadcrumbs, onRouted, database });
  // On first start, the officer's name; what is overdue today (dismissible) — above the page.
  Promise.all([askForOfficerName().catch(() => null), overdueNotice().catch(() => null)]).then((notices) => {
    const slot = document.getElementById('notices');
    if (slot) replace(slot, ...notices.filter(Boolean));
  });
  // Tell the shell the first page is on screen (after two frames, so it has been painted):
  // the start-up benchmark measures process start to this moment.
  requestAnimationFrame(() => requestAnimationFrame(() => { api.startupMark('first-page').catch(() => {}); }));
}

boot();
