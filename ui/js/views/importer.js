// Importing the officer's lists (issue 18): a file chosen (or rows pasted from Excel or Word)
// is shown as a preview — which column holds what (changeable, remembered for files with the
// same headers), what each row will do, each problem at its row and column, fixable in place
// — and nothing is written until the officer imports. The import is one transaction after a
// backup; the toast says how to undo it.

import * as api from '../api.js';
import { h, replace, option, debounce, uid } from '../dom.js';
import { enumLabel } from '../format.js';
import { toast } from '../widgets.js';
import { dateOrder } from '../typed.js';
import { t, has } from '../i18n.js';

/**
 * The name of a field a column can hold, as the column menu shows it (keys import.field.*:
 * one per name in the field lists below).
 * @param {string} f
 */
// i18n-dynamic: import.field. import.imported. import.changed. import.by.
const fieldName = (f) => t(`import.field.${f}`);

const PEOPLE_FIELDS = ['name', 'first_name', 'last_name', 'organisation', 'position', 'country', 'email', 'phone', 'notes'];
const PARTICIPANT_FIELDS = [...PEOPLE_FIELDS, 'member', 'role', 'attendance'];
const PARTNERSHIP_FIELDS = ['title', 'kind', 'topic', 'status', 'start_date', 'end_date', 'officer', 'member', 'level', 'institution'];

/** @param {string[]} headers */
const memoryKey = (headers) => `peerplan.import.columns.${headers.join('\u241f')}`;

/**
 * A changed field or a matching rule as the core names it ("email", "name and organisation"),
 * in the language of the screens (keys import.changed.*, import.by.*); a name without an
 * entry is shown as the core wrote it.
 * @param {'changed'|'by'} group @param {string} word
 */
const coreWord = (group, word) => {
  const key = `import.${group}.${word.replace(/ /g, '_')}`;
  return has(key) ? t(key) : word;
};

/** "Update email, phone": the fields a row changes. @param {{field: string}[] | undefined} changes */
const changedFields = (changes) => (changes ?? []).map((c) => coreWord('changed', c.field)).join(', ');

/** The text of a cell as the preview shows and edits it. @param {api.ImportCell} c */
const cellText = (c) => (c.kind === 'empty' ? '' : String(c.value ?? ''));

/**
 * Reads what was pasted as a list and opens the preview, when it looks like rows copied from
 * a spreadsheet or a Word table (tabs, or several lines); otherwise leaves the paste alone.
 * @param {ClipboardEvent} event @param {{kind: 'people'|'participants'|'partnerships', exchangeId?: string|null, title: string, onDone: () => void}} opts
 */
export async function pasteList(event, opts) {
  const target = /** @type {HTMLElement} */ (event.target);
  if (target.closest('input, textarea, [contenteditable]')) return; // an ordinary paste into a field
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if (!text.includes('\t') && text.trim().split(/\r?\n/).length < 2) return;
  event.preventDefault();
  try {
    const table = await api.readPastedList(text);
    await openImporter({ ...opts, source: { name: t('import.pasted_list'), table } });
  } catch (e) {
    toast(api.toApiError(e).message, 'error');
  }
}

/**
 * Chooses a file in the native dialog and opens its preview.
 * @param {{kind: 'people'|'participants'|'partnerships', exchangeId?: string|null, title: string, onDone: () => void}} opts
 */
export async function importFromFile(opts) {
  try {
    const file = await api.readImportFile();
    if (file) await openImporter({ ...opts, source: file });
  } catch (e) {
    toast(api.toApiError(e).message, 'error');
  }
}

/**
 * The preview dialog.
 * @param {{kind: 'people'|'participants'|'partnerships', exchangeId?: string|null, title: string, onDone: () => void,
 *   source: {name: string, table: api.ImportTable}}} opts
 */
export async function openImporter({ kind, exchangeId = null, title, onDone, source }) {
  const table = source.table;
  const fields = kind === 'people' ? PEOPLE_FIELDS : kind === 'partnerships' ? PARTNERSHIP_FIELDS : PARTICIPANT_FIELDS;
  /** @param {string} f */
  const fieldLabel = (f) => (kind === 'partnerships' && f === 'member' ? t('import.field.member_country') : fieldName(f));
  // Text dates (partnerships) are read in this laptop's order, as the date fields are.
  const order = kind === 'partnerships' ? dateOrder() : null;
  /** @type {string[]} the officer's COLUMN=FIELD choices */
  let choices = [];
  try {
    choices = JSON.parse(localStorage.getItem(memoryKey(table.headers)) ?? '[]');
  } catch { choices = []; }
  const titleId = uid('import-title');
  const mappingSlot = h('div', { class: 'import-mapping', 'data-testid': 'import-mapping' });
  const summary = h('p', { class: 'import-summary', 'data-testid': 'import-summary', role: 'status' });
  const rowsSlot = h('div', { class: 'import-rows table-scroll' });
  const leaveOut = h('input', { type: 'checkbox', id: uid('leave-out'), 'data-testid': 'import-leave-out' });
  const importButton = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'import-run' }, t('common.import'));
  const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'import-cancel' }, t('common.cancel'));
  const dialog = h('dialog', { class: 'import-dialog', 'aria-labelledby': titleId, 'data-testid': 'import-dialog' },
    h('h2', { id: titleId }, title),
    h('p', { class: 'muted small' }, table.sheet
      ? t('import.from_sheet', { source: source.name, sheet: table.sheet, count: table.rows.length })
      : t('import.from', { source: source.name, count: table.rows.length })),
    h('h3', null, t('import.columns')),
    mappingSlot,
    summary,
    rowsSlot,
    h('div', { class: 'actions' },
      h('label', { class: 'checkbox', for: leaveOut.id }, leaveOut, ' ', t('import.leave_out')),
      cancel, importButton));
  /** @type {api.ImportPlan | null} */
  let plan = null;
  let seq = 0;

  async function preview() {
    const mine = ++seq;
    try {
      const next = await api.previewImport(kind, table, choices, exchangeId, order);
      if (mine !== seq) return;
      plan = next;
      render();
    } catch (e) {
      if (mine !== seq) return;
      plan = null;
      replace(summary, h('span', { class: 'error-text', 'data-testid': 'import-error' }, api.toApiError(e).message));
      replace(rowsSlot);
      importButton.disabled = true;
    }
  }
  const previewSoon = debounce(preview, 250);

  function renderMapping() {
    replace(mappingSlot, table.headers.map((header, i) => {
      const select = h('select', { 'aria-label': t('import.column', { header }), 'data-column': header },
        option('', t('import.not_imported')),
        fields.map((f) => option(f, fieldLabel(f))));
      select.value = plan?.mapping.columns[i] ?? '';
      select.addEventListener('change', () => {
        choices = choices.filter((c) => !c.startsWith(`${header}=`));
        choices.push(`${header}=${select.value || 'ignore'}`);
        localStorage.setItem(memoryKey(table.headers), JSON.stringify(choices));
        preview();
      });
      return h('label', { class: 'import-column' }, h('span', { class: 'small' }, header), select);
    }));
  }

  /** @param {api.ImportRow} r */
  function what(r) {
    const a = kind === 'people' ? r.action : (r.participant ?? r.action);
    switch (a.kind) {
      case 'new': return kind === 'people' ? t('import.what.new_person') : (r.action.kind === 'new' ? t('import.what.add_new_person') : t('import.what.add'));
      case 'update': {
        const fields = changedFields(a.changes);
        const by = r.action.by ? coreWord('by', r.action.by) : '';
        if (fields) return by ? t('import.what.update_matched', { fields, by }) : t('import.what.update', { fields });
        return by ? t('import.what.update_any_matched', { by }) : t('import.what.update_any');
      }
      case 'unchanged': return t('import.what.unchanged');
      default: return t('import.what.problem');
    }
  }

  /** A problem with its cell to fix in place (the cell at `row`, column `header`). @param {{row?: number, column: string, message: string}} p @param {number} row */
  function problemWithFix(p, row) {
    const at = table.row_numbers.indexOf(row);
    const col = table.headers.indexOf(p.column);
    const input = col < 0 || at < 0 ? null : h('input', {
      type: 'text', value: cellText(table.rows[at][col]), 'aria-label': t('import.row_column', { row: String(row), column: p.column }),
      'data-testid': 'import-fix', 'data-row': String(row), 'data-column': p.column, class: 'import-fix',
    });
    input?.addEventListener('input', () => {
      table.rows[at][col] = input.value.trim() === '' ? { kind: 'empty' } : { kind: 'text', value: input.value };
      previewSoon();
    });
    return h('div', { class: 'import-problem', 'data-testid': 'import-problem' },
      h('span', { class: 'small' }, h('strong', null, t('import.row_column_lead', { row: String(row), column: p.column })), p.message), input);
  }

  function renderPartnerships() {
    const p = /** @type {any} */ (plan);
    replace(summary,
      t('import.summary_partnerships', { new: p.new, updated: p.updated, unchanged: p.unchanged, count: p.members_added }),
      p.errors ? h('strong', { class: 'error-text' }, t('import.partnerships_with_problems', { count: p.errors })) : '');
    /** @type {any[]} */
    const list = [...p.partnerships].sort((a, b) => Number(b.problems.length > 0) - Number(a.problems.length > 0) || a.rows[0] - b.rows[0]);
    replace(rowsSlot, h('table', { class: 'data compact', 'data-testid': 'import-rows' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, t('import.col.rows')), h('th', { scope: 'col' }, t('import.col.what')), h('th', { scope: 'col' }, t('import.col.partnership')),
        h('th', { scope: 'col' }, t('import.col.members')), h('th', { scope: 'col' }, t('import.col.problems')))),
      h('tbody', null, list.map((x) => h('tr', { 'data-row': String(x.rows[0]), class: x.problems.length ? 'import-error-row' : null },
        h('td', { class: 'num' }, x.rows.join(', ')),
        h('td', null, { new: () => t('import.what.new'), update: () => t('import.what.update', { fields: changedFields(x.action.changes) }), unchanged: () => t('import.what.unchanged'), error: () => t('import.what.problem') }[/** @type {'new'} */ (x.action.kind)]?.() ?? ''),
        h('td', null, x.data.title, h('div', { class: 'muted small' }, [enumLabel('partnership_kind', x.data.kind), enumLabel('partnership_status', x.data.status)].join(' · '))),
        h('td', { class: 'small' }, x.members.map((/** @type {any} */ m) => h('div', null, m.exists ? m.label : `+ ${m.label}`))),
        h('td', null, x.problems.map((/** @type {any} */ pr) => problemWithFix(pr, pr.row))))))));
    importButton.disabled = p.new + p.updated === 0 || (p.errors > 0 && !leaveOut.checked);
    importButton.textContent = t('import.run_partnerships', { count: p.new + p.updated });
  }

  function render() {
    if (!plan) return;
    renderMapping();
    if (kind === 'partnerships') { renderPartnerships(); return; }
    replace(summary,
      t(kind === 'people' ? 'import.summary_people' : 'import.summary_participants', { new: plan.new, updated: plan.updated, unchanged: plan.unchanged }),
      plan.errors ? h('strong', { class: 'error-text' }, t('import.rows_with_problems', { count: plan.errors })) : '');
    replace(rowsSlot, h('table', { class: 'data compact', 'data-testid': 'import-rows' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, t('import.col.row')), h('th', { scope: 'col' }, t('import.col.what')), h('th', { scope: 'col' }, t('import.col.name')),
        kind === 'participants' ? h('th', { scope: 'col' }, t('import.col.member_role_attendance')) : h('th', { scope: 'col' }, t('import.col.organisation')),
        h('th', { scope: 'col' }, t('import.col.problems')))),
      // The rows with problems first: the two to fix in a list of 48 are not at the bottom.
      h('tbody', null, [...plan.rows].sort((a, b) => Number(b.problems.length > 0) - Number(a.problems.length > 0) || a.row - b.row).map((r) => {
        return h('tr', { 'data-row': String(r.row), class: r.problems.length ? 'import-error-row' : null },
          h('td', { class: 'num' }, String(r.row)),
          h('td', null, what(r)),
          h('td', null, r.person.name),
          h('td', { class: 'small' }, kind === 'participants'
            ? [r.member_label || t('import.no_member'), enumLabel('participant_role', r.role ?? ''), enumLabel('attendance', r.attendance ?? '')].join(' · ')
            : r.person.organisation),
          h('td', null, r.problems.map((p) => problemWithFix(p, r.row)), r.notes.map((n) => h('div', { class: 'muted small' }, n))));
      }))));
    importButton.disabled = plan.new + plan.updated === 0 || (plan.errors > 0 && !leaveOut.checked);
    importButton.textContent = kind === 'people'
      ? t('import.run_people', { count: plan.new + plan.updated })
      : t('import.run_participants', { count: plan.new + plan.updated });
  }

  leaveOut.addEventListener('change', render);
  const close = () => { dialog.close(); dialog.remove(); };
  cancel.addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  importButton.addEventListener('click', async () => {
    importButton.disabled = true;
    try {
      const result = await api.runImport(kind, table, choices, exchangeId, leaveOut.checked, order);
      close();
      // One message per kind, with and without rows left out (keys import.imported.*).
      const counts = {
        added: result.participants_added, updated: kind === 'participants' ? result.participants_updated : result.updated,
        created: result.created, members: t('import.members_added', { count: result.members_added ?? 0 }),
        left_out: t('import.rows_left_out', { count: result.left_out ?? 0 }),
      };
      toast(t(`import.imported.${kind}${result.left_out ? '_left_out' : ''}`, counts));
      onDone();
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
      importButton.disabled = false;
    }
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  await preview();
}
