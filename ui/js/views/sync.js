// Sync by file share: the Sync page (shared folder, export, merge, backups), the preview of a
// colleague's file before it is merged, and the Conflicts view shown after a merge.

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatMoney, formatNumber, formatTimestamp, syncStage } from '../format.js';
import { compareNames, has, locale, t } from '../i18n.js';
import { navigate, reload } from '../router.js';
import { confirmDialog, emptyState, errorPanel, toast } from '../widgets.js';
import { dateField, reread, typedValue } from '../typed.js';


/**
 * A progress bar that follows `sync-progress` events, with a Cancel button, while `work`
 * runs. The window stays usable: the merge runs in the shell, off the UI thread.
 * @template T
 * @param {HTMLElement} slot where the bar is shown
 * @param {string} title
 * @param {() => Promise<T>} work
 * @param {() => boolean} [stillWanted] asked at each report; false cancels the work
 * @returns {Promise<T>}
 */
async function withProgress(slot, title, work, stillWanted = () => true) {
  const bar = h('progress', { max: 1, value: 0, 'data-testid': 'sync-progress' });
  const stage = h('span', { class: 'small muted', 'data-testid': 'sync-stage' }, t('sync.progress.starting'));
  const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'sync-cancel', onclick: () => { cancel.disabled = true; stage.textContent = t('sync.progress.cancelling'); api.cancelSync().catch(() => {}); } }, t('common.cancel'));
  replace(slot, h('div', { class: 'sync-progress', role: 'status', 'aria-live': 'polite' }, h('strong', null, title), bar, stage, cancel));
  const stop = await api.listen('sync-progress', (/** @type {api.SyncProgress} */ p) => {
    if (!stillWanted()) api.cancelSync().catch(() => {});
    if (p.total > 0) {
      bar.max = p.total;
      bar.value = p.done;
    } else {
      bar.removeAttribute('value'); // an indeterminate bar while the total is unknown
    }
    // sync.progress.stage, _file, _records, _file_records: one message per shape.
    const counted = p.total > 0 && p.stage === 'merging';
    stage.textContent = t(`sync.progress.stage${p.file ? '_file' : ''}${counted ? '_records' : ''}`, { stage: syncStage(p.stage), file: p.file, done: p.done, total: p.total });
  });
  try {
    return await work();
  } finally {
    stop();
    replace(slot);
  }
}

/** Where the record of a merge report or conflict opens. */
function recordHref(/** @type {{entity: string, id?: string, row_id?: string, partnership_id: string|null, exchange_id: string|null}} */ r) {
  const id = encodeURIComponent(r.row_id ?? r.id ?? '');
  const ex = r.exchange_id ? encodeURIComponent(r.exchange_id) : null;
  const p = r.partnership_id ? encodeURIComponent(r.partnership_id) : null;
  switch (r.entity) {
    case 'partnerships': return `#/partnerships/${id}`;
    case 'exchanges': return `#/exchanges/${id}`;
    case 'people': return `#/people/${id}`;
    case 'cost_lines': case 'budget_rates': return ex ? `#/exchanges/${ex}/costs` : null;
    case 'agenda_days': case 'agenda_sessions': case 'agenda_settings': return ex ? `#/exchanges/${ex}/agenda` : null;
    case 'participants': return ex ? `#/exchanges/${ex}` : null;
    case 'exchange_rates': case 'rate_table': return '#/rates';
    case 'settings': return '#/settings';
    default: return p ? `#/partnerships/${p}` : null;
  }
}

/**
 * A stored field as an officer reads it (`start_date` → "Date de début"): the merge screens'
 * words, else the importer's column name, else the name itself with spaces.
 */
// i18n-dynamic: sync.field. import.field.
const fieldWords = (/** @type {string} */ f) => {
  for (const key of [`sync.field.${f}`, `import.field.${f}`]) if (has(key)) return t(key);
  return f.replace(/_/g, ' ');
};

/** Fields named inside a sentence ("Both changed: start date, title."), in lower case. */
const fieldsInSentence = (/** @type {string[]} */ fields) => fields.map((f) => fieldWords(f).toLocaleLowerCase(locale())).join(', ');

/** "cost line" → "Cost line" (a record's noun starting a heading or a sentence). */
const capitalised = (/** @type {string} */ noun) => `${noun.slice(0, 1).toUpperCase()}${noun.slice(1)}`;

/** Minor units per currency, for showing a cost line's stored amount. */
let minorUnits = /** @type {Promise<Map<string, number>> | null} */ (null);
function currencyDecimals() {
  minorUnits ??= api.listCurrencies()
    .then((/** @type {{code: string, minor_units: number}[]} */ list) => new Map(list.map((c) => [c.code, c.minor_units])))
    .catch(() => new Map());
  return minorUnits;
}

/**
 * Minor units as the core writes amounts (150000 with 2 decimals → "1500.00"), by moving the
 * decimal point in the digits: money never goes through a float.
 * @param {number|string} minor @param {number} decimals
 */
function minorText(minor, decimals) {
  const text = String(minor);
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(decimals + 1, '0');
  const whole = decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return `${negative ? '-' : ''}${whole}`;
}

/**
 * A conflict's values as words: "officer: Amina", a money group as "2 × 1,500.00 GHS".
 * @param {Record<string, any>} values @param {Map<string, number>} decimals
 */
function valuesText(values, decimals) {
  if (!values || typeof values !== 'object') return '';
  if ('unit_amount' in values && 'currency' in values) {
    const amount = { text: minorText(values.unit_amount, decimals.get(values.currency) ?? 2) };
    const qty = 'quantity' in values && values.quantity !== 1 ? `${values.quantity} × ` : '';
    return `${qty}${formatMoney(amount, values.currency)}`;
  }
  return Object.entries(values)
    .filter(([k]) => k !== 'deleted_at')
    .map(([k, v]) => `${fieldWords(k)}: ${v === null || v === '' ? t('sync.empty_value') : v}`)
    .join('; ');
}

/** Groups items by their partnership's title; records outside partnerships go last. */
function byPartnership(/** @type {{partnership_title: string|null}[]} */ items) {
  /** @type {Map<string, any[]>} */
  const groups = new Map();
  for (const item of items) {
    const key = item.partnership_title ?? '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)?.push(item);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '') - (b === '') || compareNames(a, b));
}

// ---- the shared folder (also shown in Settings) ----

/**
 * The sync folder, "Sync now", and when each colleague's file was last merged.
 * @param {() => void} [onChange] called after something changed (the page refreshes)
 */
export async function syncFolderSection(onChange = reload) {
  const status = await api.syncStatus();
  const progressSlot = h('div');
  const result = h('div', { 'data-testid': 'sync-result' });
  const folderInput = h('input', { type: 'text', name: 'sync_folder', value: status.folder ?? '', readonly: true, class: 'readonly mono', placeholder: t('sync.folder.none_chosen'), spellcheck: 'false', 'data-testid': 'sync-folder' });
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-testid': 'sync-folder-error' });

  async function setFolder(/** @type {string|null} */ folder) {
    try {
      await api.setSyncFolder(folder);
      onChange();
    } catch (e) {
      const err = api.toApiError(e);
      error.textContent = err.fields[0]?.message ?? err.message;
      error.hidden = false;
    }
  }

  async function syncNow() {
    syncButton.disabled = true;
    try {
      const summary = await withProgress(progressSlot, t('sync.folder.syncing'), () => api.syncNow());
      const conflicts = summary.files.reduce((n, f) => n + (f.report?.conflicts ?? 0) + (f.report?.new_set_aside ?? 0), 0);
      replace(result,
        h('ul', { class: 'sync-files' },
          summary.note ? h('li', null, summary.note) : null,
          summary.files.map((f) => h('li', { 'data-status': f.status },
            // sync.file_status.merged, unchanged, skipped, own, refused
            h('span', { class: `chip sync-${f.status}` }, has(`sync.file_status.${f.status}`) ? t(`sync.file_status.${f.status}`) : f.status), ' ', h('strong', null, f.file), ': ', f.message)),
          h('li', null, t('sync.folder.written', { path: summary.exported.path }))));
      replace(peersSlot, peersTable(summary.peers));
      window.dispatchEvent(new CustomEvent('peerplan:data-changed', { detail: { command: 'sync_now' } }));
      if (conflicts > 0) {
        toast(t('sync.conflicts_to_review', { count: conflicts }));
        navigate('#/conflicts');
      }
    } catch (e) {
      const err = api.toApiError(e);
      replace(result, h('p', { class: err.code === 'cancelled' ? 'muted' : 'field-error', role: 'alert' }, err.message));
    } finally {
      syncButton.disabled = false;
    }
  }

  const syncButton = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'sync-now', disabled: !status.folder, onclick: syncNow }, t('sync.folder.sync_now'));
  const peersSlot = h('div', null, peersTable(status.peers));

  return h('section', { class: 'section', 'aria-labelledby': 'sync-folder-h', 'data-testid': 'sync-folder-section' },
    h('h2', { id: 'sync-folder-h' }, t('sync.folder.title')),
    h('p', { class: 'muted small' }, t('sync.folder.intro', { file: status.own_file_name })),
    h('div', { class: 'field wide' }, h('label', { for: 'sync-folder-input' }, t('sync.folder.label')), Object.assign(folderInput, { id: 'sync-folder-input' }), error),
    status.folder && !status.folder_available ? h('p', { class: 'field-error', role: 'alert' }, t('sync.folder.unavailable')) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'choose-sync-folder', onclick: async () => { const f = await api.chooseSyncFolder(); if (f) setFolder(f); } }, t('sync.folder.choose')),
      status.folder ? h('button', { type: 'button', class: 'btn', 'data-testid': 'clear-sync-folder', onclick: () => setFolder(null) }, t('sync.folder.stop')) : null,
      syncButton),
    progressSlot, result,
    h('h3', null, t('sync.peers.title')), peersSlot);
}

/** When each colleague's file was last merged here. @param {api.Peer[]} list */
function peersTable(list) {
  return list.length
    ? h('table', { class: 'data', 'data-testid': 'sync-peers' },
      h('thead', null, h('tr', null, h('th', null, t('sync.peers.colleague')), h('th', null, t('sync.peers.file')), h('th', null, t('sync.peers.exported')), h('th', null, t('sync.peers.merged')), h('th', { class: 'right' }, t('sync.peers.changes')))),
      h('tbody', null, list.map((p) => h('tr', null,
        h('td', null, p.name), h('td', { class: 'small mono' }, p.file_name),
        h('td', { class: 'small' }, p.exported_at ? formatTimestamp(p.exported_at) : '—'),
        h('td', { class: 'small' }, formatTimestamp(p.merged_at)),
        h('td', { class: 'num right' }, formatNumber(p.changes))))))
    : h('p', { class: 'muted small' }, t('sync.peers.none'));
}

// ---- the Sync page ----

export async function syncView() {
  const status = await api.syncStatus();
  const exportResult = h('p', { class: 'small', 'data-testid': 'export-result', 'aria-live': 'polite' });
  const folder = await syncFolderSection(reload);

  const backups = status.backups.length
    ? h('table', { class: 'data', 'data-testid': 'backups' },
      h('thead', null, h('tr', null, h('th', null, t('sync.backups.made')), h('th', null, t('sync.backups.why')), h('th', { class: 'right' }, t('sync.backups.size')), h('th', null, ''))),
      h('tbody', null, status.backups.map((b) => h('tr', { 'data-name': b.name },
        h('td', { class: 'small' }, formatTimestamp(b.made_at)), h('td', null, b.reason),
        h('td', { class: 'num right' }, t('sync.size_kb', { size: Math.ceil(b.bytes / 1024) })),
        h('td', { class: 'right' }, h('button', { type: 'button', class: 'btn small', 'data-testid': 'restore-backup', onclick: () => restore(b) }, t('sync.backups.restore')))))))
    : emptyState(t('sync.backups.none'));

  async function restore(/** @type {api.BackupInfo} */ b) {
    const ok = await confirmDialog(t('sync.backups.restore_confirm', { made: formatTimestamp(b.made_at), reason: b.reason }), { title: t('sync.backups.restore_title'), confirmLabel: t('common.restore'), danger: true });
    if (!ok) return;
    try {
      await api.restoreBackup(b.name);
      toast(t('sync.backups.restored'));
      reload();
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  const node = h('div', { class: 'page narrow' },
    h('header', { class: 'page-header' }, h('h1', null, t('sync.title'))),
    status.open_conflicts > 0
      ? h('div', { class: 'notice conflict-notice', role: 'status', 'data-testid': 'conflicts-notice' },
        h('span', null, t('sync.conflicts_notice', { count: status.open_conflicts })),
        h('a', { href: '#/conflicts', class: 'btn' }, t('sync.review_conflicts')))
      : null,
    folder,
    h('section', { class: 'section', 'aria-labelledby': 'by-hand-h' },
      h('h2', { id: 'by-hand-h' }, t('sync.by_hand.title')),
      h('p', { class: 'muted small' }, t('sync.by_hand.intro')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-database', onclick: exportNow }, t('sync.by_hand.export')),
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'merge-file', onclick: chooseAndPreview }, t('sync.by_hand.merge'))),
      exportResult),
    h('section', { class: 'section', 'aria-labelledby': 'backups-h' },
      h('h2', { id: 'backups-h' }, t('sync.backups.title')),
      backups));

  async function exportNow() {
    try {
      const done = await api.exportDatabase();
      if (done) exportResult.textContent = t('sync.exported_size', { path: done.path, size: Math.ceil(done.bytes / 1024) });
    } catch (e) {
      exportResult.textContent = api.toApiError(e).message;
    }
  }
  return { title: t('sync.title'), node, crumbs: [] };
}

/** File › Merge a colleague's file…: the native picker, then the preview. */
export async function chooseAndPreview() {
  try {
    const file = await api.chooseMergeFile();
    if (file) navigate(`#/sync/merge?file=${encodeURIComponent(file)}`);
  } catch (e) {
    toast(api.toApiError(e).message, 'error');
  }
}

/** File › Export database…, from the menu anywhere. */
export async function exportFromMenu() {
  try {
    const done = await api.exportDatabase();
    if (done) toast(t('sync.exported', { path: done.path }));
  } catch (e) {
    toast(api.toApiError(e).message, 'error');
  }
}

// ---- the preview of a colleague's file ----

/** What a merge does to a record: new, changed, deleted, conflict, set_aside (sync.change.*). */
// i18n-dynamic: sync.progress.stage sync.file_status. sync.change. sync.answer.
const changeWords = (/** @type {string} */ change) => (has(`sync.change.${change}`) ? t(`sync.change.${change}`) : change);

/** "end_date: the end date …" → "end date: the end date …" (a problem as the core words it). */
const problemWords = (/** @type {string} */ p) => p.replace(/^([a-z_]+):/, (_, f) => `${fieldWords(f)}:`);

/** A value in a list of changes: text as it is, nothing as "(empty)". */
const shown = (/** @type {any} */ v) => (v === null || v === undefined || v === '' ? t('sync.empty_value') : String(v));

/**
 * What a merge changes in a record, field by field, old → new (equal values are not listed);
 * for a record set aside, what is wrong with it.
 * @param {api.ChangedRecord} r @param {Map<string, number>} decimals
 */
function changesCell(r, decimals) {
  if (r.change === 'set_aside') {
    return h('ul', { class: 'merge-changes set-aside-problems', 'data-testid': 'merge-problems' }, r.problems.map((p) => h('li', null, problemWords(p))));
  }
  if (!r.changes?.length) return r.fields.map(fieldWords).join(', ');
  const money = r.changes.some((c) => c.field === 'unit_amount');
  return h('ul', { class: 'merge-changes', 'data-testid': 'merge-changes' }, r.changes.map((c) => {
    // A stored amount is minor units of its currency: shown as money, never as a float.
    const currencyOf = (/** @type {'before'|'after'} */ side) => String(r.changes.find((x) => x.field === 'currency')?.[side] ?? '');
    const value = (/** @type {'before'|'after'} */ side) => (money && c.field === 'unit_amount' && c[side] !== null
      ? minorText(c[side], decimals.get(currencyOf(side)) ?? 2)
      : shown(c[side]));
    return h('li', { 'data-field': c.field }, `${fieldWords(c.field)}: `, h('span', { class: 'before' }, value('before')), ' → ', h('strong', null, value('after')));
  }));
}

/** @param {import('../router.js').Route} route */
export async function mergePreviewView(route) {
  const file = route.query.get('file') ?? '';
  const progressSlot = h('div');
  const body = h('div');
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' }, h('h1', null, t('sync.merge.title'))),
    h('p', { class: 'mono small', 'data-testid': 'merge-file-path' }, file),
    progressSlot, body);

  // The page is shown at once, with the progress of reading the file; the preview fills it.
  async function showPreview() {
    /** @type {api.MergeReport} */
    let preview;
    // Leaving the page stops the preview: it only reads, and it holds the database (which the
    // next page waits for) until done. The address changes at once; the page only when the
    // next one has its data.
    const here = location.hash;
    const stillWanted = () => location.hash === here;
    try {
      preview = await withProgress(progressSlot, t('sync.merge.reading'), () => api.mergeFile(file, true), stillWanted);
    } catch (e) {
      const err = api.toApiError(e);
      replace(body, h('div', { class: 'error-panel', role: 'alert', 'data-testid': 'merge-refused', 'data-code': err.code },
        h('h2', null, err.code === 'cancelled' ? t('sync.merge.cancelled') : t('sync.merge.refused')),
        h('p', null, err.message),
        h('p', { class: 'muted small' }, t('sync.merge.nothing_changed')),
        h('div', { class: 'actions' }, h('a', { href: '#/sync', class: 'btn' }, t('sync.back_to_sync')))));
      return;
    }

    const f = preview.file;
    const decimals = await currencyDecimals();
    const leftOut = new Set();
    const summary = h('p', { 'data-testid': 'merge-summary' },
      f.exported_at
        ? t('sync.merge.from', { name: f.installation_name, when: formatTimestamp(f.exported_at) })
        : t('sync.merge.from_unknown_time', { name: f.installation_name }),
      t('sync.merge.counts', { new: preview.new, changed: preview.changed, deleted: preview.deleted }),
      h('strong', { class: preview.conflicts ? 'conflict-text' : '' }, t('sync.conflicts', { count: preview.conflicts })),
      preview.set_aside ? t('sync.merge.set_aside', { count: preview.set_aside, name: f.installation_name }) : '', t('sync.merge.summary_end'));

    if (preview.new + preview.changed + preview.deleted + preview.conflicts + preview.set_aside === 0) {
      replace(body, summary, emptyState(t('sync.merge.nothing_new'),
        h('a', { href: '#/sync', class: 'btn' }, t('sync.back_to_sync'))));
      return;
    }

    const groups = byPartnership(preview.records).map(([title, records]) => h('section', { class: 'section merge-group', 'data-testid': 'merge-group' },
      h('h2', null, title || t('sync.outside_partnerships')),
      h('table', { class: 'data' },
        h('thead', null, h('tr', null, h('th', null, t('sync.merge.col_merge')), h('th', null, t('sync.merge.col_what')), h('th', null, t('sync.col_record')), h('th', null, t('sync.merge.col_changes')))),
        h('tbody', null, records.map((/** @type {api.ChangedRecord} */ r) => {
          // A record set aside is not merged at all: there is nothing to tick.
          const box = r.change === 'set_aside' ? null : h('input', { type: 'checkbox', checked: true, 'aria-label': t('sync.merge.include', { noun: r.noun, label: r.label }), 'data-testid': 'merge-include', 'data-id': r.id });
          box?.addEventListener('change', () => { if (box.checked) leftOut.delete(r.id); else leftOut.add(r.id); });
          const href = r.change === 'new' || r.change === 'set_aside' ? null : recordHref(r);
          return h('tr', { 'data-change': r.change, 'data-id': r.id },
            h('td', null, box),
            h('td', null, h('span', { class: `chip change-${r.change}` }, changeWords(r.change))),
            h('td', null, `${r.noun} `, href ? h('a', { href }, r.label || t('sync.untitled')) : h('strong', null, r.label || t('sync.untitled'))),
            h('td', { class: 'small' }, changesCell(r, decimals)));
        })))));

    const apply = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'merge-apply', onclick: applyMerge }, t('sync.merge.apply'));
    const outcome = h('div', { 'data-testid': 'merge-error', 'aria-live': 'polite' });

    async function applyMerge() {
      apply.disabled = true;
      try {
        const report = await withProgress(progressSlot, t('sync.merge.merging'), () => api.mergeFile(file, false, [...leftOut]));
        window.dispatchEvent(new CustomEvent('peerplan:data-changed', { detail: { command: 'merge_file' } }));
        if (report.conflicts > 0 || report.new_set_aside > 0) {
          toast(t('sync.merge.merged_with_conflicts', { count: report.conflicts + report.new_set_aside }));
          navigate('#/conflicts');
          return;
        }
        // The outcome replaces the list, so it is where the officer is looking.
        replace(body, h('div', { class: 'notice ok-notice', role: 'status', 'data-testid': 'merge-outcome' },
          h('span', null, t(report.left_out ? 'sync.merge.outcome_left_out' : 'sync.merge.outcome', { new: report.new, changed: report.changed, deleted: report.deleted, left_out: report.left_out })),
          h('a', { href: '#/sync', class: 'btn', 'data-testid': 'merge-done' }, t('sync.merge.done'))));
        window.scrollTo(0, 0);
      } catch (e) {
        const err = api.toApiError(e);
        replace(outcome, h('p', { class: err.code === 'cancelled' ? 'muted' : 'field-error', role: 'alert' }, err.message));
        apply.disabled = false;
      }
    }

    replace(body, summary,
      h('p', { class: 'muted small' }, t('sync.merge.untick_hint')),
      preview.unlisted ? h('p', { class: 'muted small' }, t('sync.merge.unlisted', { count: preview.unlisted })) : null,
      groups,
      h('div', { class: 'actions sticky-actions' }, h('a', { href: '#/sync', class: 'btn' }, t('common.cancel')), apply),
      outcome);
  }
  showPreview().catch((e) => replace(body, errorPanel(e)));
  return { title: t('sync.merge.page_title'), node, crumbs: [{ label: t('sync.title'), href: '#/sync' }] };
}

// ---- conflicts ----

export async function conflictsView() {
  const [conflicts, answered, decimals] = await Promise.all([api.listConflicts(), api.answeredConflicts(), currencyDecimals()]);
  const list = h('div', { 'data-testid': 'conflicts' });

  async function answer(/** @type {api.Conflict} */ c, /** @type {'keep'|'use_other'|'keep_both'|'restore'} */ how) {
    try {
      await api.resolveConflict(c.id, how);
      toast(how === 'restore' ? t('sync.conflict.restored', { noun: c.noun }) : t('sync.conflict.resolved'));
      reload();
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  /**
   * A record a merge set aside because the colleague's version breaks a rule: what is wrong,
   * the fields it is about to correct (the colleague's values typed in), and "Take it".
   * @param {api.Conflict} c
   */
  function setAsideCard(c) {
    const problems = c.kept_source.replace(/^not merged: /, '').split('; ');
    const errors = new Map();
    const inputs = c.fields.map((field) => {
      const id = `fix-${c.id}-${field}`;
      const value = c.other_values?.[field];
      const attrs = { id, 'data-testid': 'set-aside-field', 'data-field': field };
      // A date is typed like every other date field (the laptop's order, read in words).
      const input = field.endsWith('_date')
        ? dateField(field, typeof value === 'string' ? value : null, attrs)
        : h('input', { type: 'text', name: field, value: value === null || value === undefined ? '' : String(value), ...attrs });
      const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
      errors.set(field, { input, error });
      return [h('label', { for: id }, fieldWords(field)), input, error];
    });
    const problem = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-testid': 'set-aside-error' });
    async function take() {
      for (const { input, error } of errors.values()) { error.hidden = true; input.removeAttribute('aria-invalid'); }
      problem.hidden = true;
      /** @type {Record<string, string>} */
      const corrections = {};
      const unreadable = (await Promise.all([...errors.values()].map(async ({ input, error }) => {
        if (!input.dataset.typed) return false;
        const reading = await reread(/** @type {HTMLInputElement} */ (input));
        if (reading.problem) { error.textContent = reading.problem; error.hidden = false; input.setAttribute('aria-invalid', 'true'); }
        return Boolean(reading.problem);
      }))).some(Boolean);
      if (unreadable) return;
      for (const [field, { input }] of errors) corrections[field] = input.dataset.typed ? typedValue(/** @type {HTMLInputElement} */ (input)) : input.value;
      try {
        await api.resolveConflict(c.id, 'take', corrections);
        toast(t('sync.conflict.taken', { noun: capitalised(c.noun) }));
        window.dispatchEvent(new CustomEvent('peerplan:data-changed', { detail: { command: 'resolve_conflict' } }));
        reload();
      } catch (e) {
        // What is still wrong, beside its field; the corrections typed so far stay.
        const err = api.toApiError(e);
        let placed = false;
        for (const f of err.fields) {
          const slot = errors.get(f.field);
          if (slot) { slot.error.textContent = f.message; slot.error.hidden = false; slot.input.setAttribute('aria-invalid', 'true'); placed = true; }
        }
        if (!placed || err.fields.some((f) => !errors.has(f.field))) {
          problem.textContent = err.fields.length ? err.fields.map((f) => `${fieldWords(f.field)}: ${f.message}`).join('; ') : err.message;
          problem.hidden = false;
        }
      }
    }
    const others = Object.entries(c.other_values ?? {}).filter(([k]) => !c.fields.includes(k));
    return h('article', { class: 'conflict-card set-aside', 'data-testid': 'conflict', 'data-kind': c.kind, 'data-id': c.id },
      h('h3', null, `${capitalised(c.noun)} `, h('strong', null, c.label || t('sync.untitled')), h('span', { class: 'chip change-set_aside' }, t('sync.conflict.set_aside_chip'))),
      h('p', { class: 'small' }, t('sync.conflict.set_aside_intro', { source: c.other_source, colleague: c.other_source.split(' (')[0] })),
      h('ul', { class: 'set-aside-problems', 'data-testid': 'set-aside-problems' }, problems.map((p) => h('li', null, problemWords(p)))),
      h('div', { class: 'set-aside-form' }, inputs),
      others.length ? h('details', null, h('summary', { class: 'small' }, t('sync.conflict.other_values')),
        h('p', { class: 'small muted' }, others.map(([k, v]) => `${fieldWords(k)}: ${shown(v)}`).join('; '))) : null,
      problem,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'conflict-keep', onclick: () => answer(c, 'keep') }, t('sync.conflict.leave_out')),
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'conflict-take', onclick: take }, t('sync.conflict.take'))));
  }

  if (!conflicts.length) {
    replace(list, emptyState(t('sync.conflicts.none'),
      h('a', { href: '#/sync', class: 'btn' }, t('sync.conflicts.go_to_sync'))));
  } else {
    replace(list, byPartnership(conflicts).map(([title, items]) => h('section', { class: 'section' },
      h('h2', null, title || t('sync.outside_partnerships')),
      items.map((/** @type {api.Conflict} */ c) => {
        const href = recordHref(c);
        if (c.kind === 'set_aside') return setAsideCard(c);
        if (c.kind === 'duplicate') {
          return h('article', { class: 'conflict-card', 'data-testid': 'conflict', 'data-kind': c.kind, 'data-id': c.id },
            h('h3', null, `${capitalised(c.noun)} `, href ? h('a', { href }, c.label || t('sync.untitled')) : c.label),
            h('p', { class: 'small' }, t('sync.conflict.duplicate_intro')),
            h('dl', { class: 'conflict-values' }, h('dt', null, t('sync.conflict.copy_set_aside')), h('dd', { 'data-testid': 'conflict-other' }, valuesText(c.other_values, decimals))),
            h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', 'data-testid': 'conflict-keep', onclick: () => answer(c, 'keep') }, t('sync.conflict.keep_one'))));
        }
        const what = c.kind === 'deleted'
          ? t('sync.conflict.deleted_intro', { kept: c.kept_source, other: c.other_source })
          : c.kind === 'money' ? t('sync.conflict.money_intro') : t('sync.conflict.fields_intro', { fields: fieldsInSentence(c.fields) });
        const buttons = c.kind === 'deleted'
          ? [h('button', { type: 'button', class: 'btn', 'data-testid': 'conflict-keep', onclick: () => answer(c, 'keep') }, t('sync.conflict.keep_deleted')),
            h('button', { type: 'button', class: 'btn primary', 'data-testid': 'conflict-restore', disabled: !c.record_deleted, onclick: () => answer(c, 'restore') }, t('sync.conflict.restore', { noun: c.noun }))]
          : [h('button', { type: 'button', class: 'btn', 'data-testid': 'conflict-keep', onclick: () => answer(c, 'keep') }, t('sync.conflict.keep_this')),
            h('button', { type: 'button', class: 'btn primary', 'data-testid': 'conflict-use-other', onclick: () => answer(c, 'use_other') }, t('sync.conflict.use_other')),
            c.kind === 'notes' ? h('button', { type: 'button', class: 'btn', 'data-testid': 'conflict-keep-both', onclick: () => answer(c, 'keep_both') }, t('sync.conflict.keep_both')) : null];
        return h('article', { class: 'conflict-card', 'data-testid': 'conflict', 'data-kind': c.kind, 'data-id': c.id },
          h('h3', null, `${capitalised(c.noun)} `, href ? h('a', { href }, c.label || t('sync.untitled')) : c.label, c.record_deleted ? h('span', { class: 'chip muted-chip' }, t('sync.conflict.deleted_chip')) : null),
          h('p', { class: 'small' }, what),
          c.kind === 'deleted'
            ? h('dl', { class: 'conflict-values' }, h('dt', null, t('sync.conflict.changes_by', { source: c.other_source })), h('dd', { 'data-testid': 'conflict-other' }, valuesText(c.other_values, decimals)))
            : h('dl', { class: 'conflict-values' },
              h('dt', null, t('sync.conflict.kept_from', { source: c.kept_source })), h('dd', { 'data-testid': 'conflict-kept' }, valuesText(c.kept_values, decimals)),
              h('dt', null, t('sync.conflict.other_from', { source: c.other_source })), h('dd', { 'data-testid': 'conflict-other' }, valuesText(c.other_values, decimals))),
          h('div', { class: 'actions' }, buttons));
      }))));
  }
  /** The officer's answer to a conflict: keep, use_other, keep_both, restore, take (sync.answer.*). */
  const answerWords = (/** @type {string | null} */ resolution) => (resolution && has(`sync.answer.${resolution}`) ? t(`sync.answer.${resolution}`) : resolution);
  const history = answered.length
    ? h('section', { class: 'section answered', 'aria-labelledby': 'answered-h', 'data-testid': 'answered-conflicts' },
      h('h2', { id: 'answered-h' }, t('sync.answered.title')),
      h('table', { class: 'data' },
        h('thead', null, h('tr', null, h('th', null, t('sync.col_record')), h('th', null, t('sync.answered.what')), h('th', null, t('sync.answered.answer')), h('th', null, t('sync.answered.when')))),
        h('tbody', null, answered.map((c) => {
          const href = recordHref(c);
          const what = c.kind === 'set_aside' ? t('sync.answered.set_aside')
            : c.kind === 'duplicate' ? t('sync.answered.duplicate')
              : c.kind === 'deleted' ? t('sync.answered.deleted')
                : t('sync.answered.fields', { fields: fieldsInSentence(c.fields) });
          const kept = c.kind === 'set_aside' && c.resolution === 'keep' ? t('sync.answer.left_out') : answerWords(c.resolution);
          return h('tr', { 'data-testid': 'answered-conflict', 'data-kind': c.kind },
            h('td', null, `${c.noun} `, href ? h('a', { href }, c.label || t('sync.untitled')) : h('strong', null, c.label || t('sync.untitled'))),
            h('td', { class: 'small' }, what),
            h('td', null, kept),
            h('td', { class: 'small muted' }, c.resolved_at ? formatTimestamp(c.resolved_at) : ''));
        }))))
    : null;
  const node = h('div', { class: 'page narrow' },
    h('header', { class: 'page-header' }, h('h1', null, t('sync.conflicts.title'))),
    conflicts.length ? h('p', { class: 'muted' }, t('sync.conflicts.intro')) : null,
    list,
    history);
  return { title: t('sync.conflicts.title'), node, crumbs: [{ label: t('sync.title'), href: '#/sync' }] };
}
