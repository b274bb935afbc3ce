// Importing the officer's lists (issue 18): a file chosen (or rows pasted from Excel or Word)
// is shown as a preview — which column holds what (changeable, remembered for files with the
// same headers), what each row will do, each problem at its row and column, fixable in place
// — and nothing is written until the officer imports. The import is one transaction after a
// backup; the toast says how to undo it.

import * as api from '../api.js';
import { h, replace, option, debounce, uid } from '../dom.js';
import { enumLabel, plural } from '../format.js';
import { toast } from '../widgets.js';
import { dateOrder } from '../typed.js';

/** @type {Record<string, string>} */
const FIELD_LABELS = {
  name: 'Name',
  first_name: 'First name',
  last_name: 'Last name',
  organisation: 'Organisation',
  position: 'Position',
  country: 'Country',
  email: 'Email',
  phone: 'Phone',
  notes: 'Notes',
  member: 'Member represented',
  role: 'Role',
  attendance: 'Attendance',
  title: 'Title',
  kind: 'Kind',
  topic: 'Topic',
  status: 'Status',
  start_date: 'Start date',
  end_date: 'End date',
  officer: 'Officer',
  level: 'Member level',
  institution: 'Member institution',
};
const PEOPLE_FIELDS = ['name', 'first_name', 'last_name', 'organisation', 'position', 'country', 'email', 'phone', 'notes'];
const PARTICIPANT_FIELDS = [...PEOPLE_FIELDS, 'member', 'role', 'attendance'];
const PARTNERSHIP_FIELDS = ['title', 'kind', 'topic', 'status', 'start_date', 'end_date', 'officer', 'member', 'level', 'institution'];

/** @param {string[]} headers */
const memoryKey = (headers) => `peerplan.import.columns.${headers.join('\u241f')}`;

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
    await openImporter({ ...opts, source: { name: 'the pasted list', table } });
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
  const fieldLabel = (f) => (kind === 'partnerships' && f === 'member' ? 'Member country' : FIELD_LABELS[f]);
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
  const importButton = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'import-run' }, 'Import');
  const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'import-cancel' }, 'Cancel');
  const dialog = h('dialog', { class: 'import-dialog', 'aria-labelledby': titleId, 'data-testid': 'import-dialog' },
    h('h2', { id: titleId }, title),
    h('p', { class: 'muted small' }, `From ${source.name}${table.sheet ? ` (sheet “${table.sheet}”)` : ''}: ${plural(table.rows.length, 'row')}. Nothing is written until you import; a backup is made first.`),
    h('h3', null, 'Columns'),
    mappingSlot,
    summary,
    rowsSlot,
    h('div', { class: 'actions' },
      h('label', { class: 'checkbox', for: leaveOut.id }, leaveOut, ' Leave out the rows with problems'),
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
      const select = h('select', { 'aria-label': `Column “${header}”`, 'data-column': header },
        option('', '(not imported)'),
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
      case 'new': return kind === 'people' ? 'New person' : (r.action.kind === 'new' ? 'Add (new person)' : 'Add');
      case 'update': return `Update ${(a.changes ?? []).map((c) => c.field).join(', ')}`.trim() + (r.action.by ? ` (matched by ${r.action.by})` : '');
      case 'unchanged': return 'Already there';
      default: return 'Problem';
    }
  }

  /** A problem with its cell to fix in place (the cell at `row`, column `header`). @param {{row?: number, column: string, message: string}} p @param {number} row */
  function problemWithFix(p, row) {
    const at = table.row_numbers.indexOf(row);
    const col = table.headers.indexOf(p.column);
    const input = col < 0 || at < 0 ? null : h('input', {
      type: 'text', value: cellText(table.rows[at][col]), 'aria-label': `Row ${row}, ${p.column}`,
      'data-testid': 'import-fix', 'data-row': String(row), 'data-column': p.column, class: 'import-fix',
    });
    input?.addEventListener('input', () => {
      table.rows[at][col] = input.value.trim() === '' ? { kind: 'empty' } : { kind: 'text', value: input.value };
      previewSoon();
    });
    return h('div', { class: 'import-problem', 'data-testid': 'import-problem' },
      h('span', { class: 'small' }, h('strong', null, `Row ${row}, ${p.column}: `), p.message), input);
  }

  function renderPartnerships() {
    const p = /** @type {any} */ (plan);
    replace(summary,
      `${p.new} new, ${p.updated} to update, ${p.unchanged} already there, ${plural(p.members_added, 'member')} to add`,
      p.errors ? h('strong', { class: 'error-text' }, ` · ${plural(p.errors, 'partnership')} with problems`) : '');
    /** @type {any[]} */
    const list = [...p.partnerships].sort((a, b) => Number(b.problems.length > 0) - Number(a.problems.length > 0) || a.rows[0] - b.rows[0]);
    replace(rowsSlot, h('table', { class: 'data compact', 'data-testid': 'import-rows' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, 'Rows'), h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Partnership'),
        h('th', { scope: 'col' }, 'Members'), h('th', { scope: 'col' }, 'Problems'))),
      h('tbody', null, list.map((x) => h('tr', { 'data-row': String(x.rows[0]), class: x.problems.length ? 'import-error-row' : null },
        h('td', { class: 'num' }, x.rows.join(', ')),
        h('td', null, { new: 'New', update: `Update ${(x.action.changes ?? []).map((/** @type {any} */ c) => c.field).join(', ')}`, unchanged: 'Already there', error: 'Problem' }[/** @type {'new'} */ (x.action.kind)] ?? ''),
        h('td', null, x.data.title, h('div', { class: 'muted small' }, [enumLabel('partnership_kind', x.data.kind), enumLabel('partnership_status', x.data.status)].join(' · '))),
        h('td', { class: 'small' }, x.members.map((/** @type {any} */ m) => h('div', null, m.exists ? m.label : `+ ${m.label}`))),
        h('td', null, x.problems.map((/** @type {any} */ pr) => problemWithFix(pr, pr.row))))))));
    importButton.disabled = p.new + p.updated === 0 || (p.errors > 0 && !leaveOut.checked);
    importButton.textContent = `Import ${plural(p.new + p.updated, 'partnership')}`;
  }

  function render() {
    if (!plan) return;
    renderMapping();
    if (kind === 'partnerships') { renderPartnerships(); return; }
    replace(summary,
      `${plan.new} ${kind === 'people' ? 'new' : 'to add'}, ${plan.updated} to update, ${plan.unchanged} already there`,
      plan.errors ? h('strong', { class: 'error-text' }, ` · ${plural(plan.errors, 'row')} with problems`) : '');
    replace(rowsSlot, h('table', { class: 'data compact', 'data-testid': 'import-rows' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, 'Row'), h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Name'),
        kind === 'participants' ? h('th', { scope: 'col' }, 'Member, role, attendance') : h('th', { scope: 'col' }, 'Organisation'),
        h('th', { scope: 'col' }, 'Problems'))),
      // The rows with problems first: the two to fix in a list of 48 are not at the bottom.
      h('tbody', null, [...plan.rows].sort((a, b) => Number(b.problems.length > 0) - Number(a.problems.length > 0) || a.row - b.row).map((r) => {
        return h('tr', { 'data-row': String(r.row), class: r.problems.length ? 'import-error-row' : null },
          h('td', { class: 'num' }, String(r.row)),
          h('td', null, what(r)),
          h('td', null, r.person.name),
          h('td', { class: 'small' }, kind === 'participants'
            ? [r.member_label || 'No member (broker’s staff or guest)', enumLabel('participant_role', r.role ?? ''), enumLabel('attendance', r.attendance ?? '')].join(' · ')
            : r.person.organisation),
          h('td', null, r.problems.map((p) => problemWithFix(p, r.row)), r.notes.map((n) => h('div', { class: 'muted small' }, n))));
      }))));
    importButton.disabled = plan.new + plan.updated === 0 || (plan.errors > 0 && !leaveOut.checked);
    importButton.textContent = kind === 'people'
      ? `Import ${plural(plan.new + plan.updated, 'person', 'people')}`
      : `Import ${plural(plan.new + plan.updated, 'participant')}`;
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
      const done = kind === 'participants'
        ? `${result.participants_added} added, ${result.participants_updated} updated`
        : `${result.created} new, ${result.updated} updated${kind === 'partnerships' ? `, ${plural(result.members_added ?? 0, 'member')} added` : ''}`;
      toast(`Imported: ${done}${result.left_out ? `, ${plural(result.left_out, 'row')} left out` : ''}. A backup was made first: Sync › Backups restores it.`);
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
