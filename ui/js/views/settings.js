// Settings: the policy norms the app warns about, this installation's name, where the data
// lives, and loading the example data.

import * as api from '../api.js';
import { h } from '../dom.js';
import { formatNumber } from '../format.js';
import { bindForm, formShell, field, textInput, readFields } from '../forms.js';
import { loadExampleData } from '../example.js';
import { reload } from '../router.js';
import { chosenDateOrder, localeDateOrder, setDateOrder, DATE_PATTERNS } from '../typed.js';
import { toast } from '../widgets.js';

/** The exchange size norms by kind of partnership: [kind words, fewest, most, delegation]. */
const SIZE_NORMS = /** @type {const} */ ([
  ['1:1 peer learning and twinning', 'exchange_size_min', 'exchange_size_max', 'delegation_max'],
  ['Learning alliance', 'alliance_size_min', 'alliance_size_max', 'alliance_delegation_max'],
  ['City-to-city pairing', 'city_size_min', 'city_size_max', 'city_delegation_max'],
  ['Other partnerships', 'other_size_min', 'other_size_max', 'other_delegation_max'],
]);

/** Every norm, in the order and words an officer thinks of them. */
const NORMS = /** @type {const} */ ([
  ...SIZE_NORMS.flatMap(([kind, min, max, delegation]) => [
    [min, `${kind}: fewest people in an exchange`],
    [max, `${kind}: most people in an exchange`],
    [delegation, `${kind}: most people in a visiting delegation`],
  ]),
  ['peer_learning_members_min', 'Fewest countries in a 1:1 peer learning partnership'],
  ['peer_learning_members_max', 'Most countries in a 1:1 peer learning partnership'],
]);

/** The follow-up signals' thresholds. */
const SIGNALS = /** @type {const} */ ([
  ['quiet_after_days', 'Going quiet after (days without contact)'],
  ['one_sided_share_percent', 'One-sided when one member initiates (% of contacts)'],
  ['one_sided_min_contacts', 'One-sided only from (contacts)'],
]);

export async function settingsView() {
  const [settings, info, signals] = await Promise.all([api.getSettings(), api.appInfo(), api.getSignalNorms()]);

  const form = formShell({ testid: 'settings-form' },
    h('fieldset', { class: 'grid' },
      h('legend', null, 'Norms'),
      h('p', { class: 'muted small wide' }, 'PeerPlan warns — but never refuses — when an exchange or partnership leaves these norms. Exchange sizes depend on the kind of partnership: the seed documents’ 5–15 people and visiting delegations of up to 5–6 are for 1:1 peer learning and twinnings; a learning alliance’s event is far larger.'),
      h('table', { class: 'data norms-table wide', 'data-testid': 'norms-table' },
        h('thead', null, h('tr', null, h('th', null, 'Kind of partnership'), h('th', { class: 'num' }, 'Fewest people'), h('th', { class: 'num' }, 'Most people'), h('th', { class: 'num' }, 'Most in a visiting delegation'))),
        h('tbody', null, SIZE_NORMS.map(([kind, ...names]) => h('tr', { 'data-kind': kind },
          h('th', { scope: 'row' }, kind),
          names.map((name) => {
            const label = NORMS.find(([n]) => n === name)?.[1] ?? name;
            const input = h('input', { type: 'number', name, min: 1, step: 1, value: String(settings.norms[name]), class: 'num short', 'aria-label': label, id: `norm-${name}` });
            return h('td', { class: 'num', 'data-field-wrap': name }, input,
              h('div', { class: 'field-error', 'data-field': name, hidden: true }));
          }))))),
      NORMS.filter(([name]) => name.startsWith('peer_learning_members')).map(([name, label]) => field(label, h('input', { type: 'number', name, min: 0, step: 1, value: String(settings.norms[name]), class: 'num short' })))),
    h('fieldset', { class: 'grid' },
      h('legend', null, 'This installation'),
      field('Installation name', textInput('installation_name', settings.installation_name), { hint: 'Shown to colleagues when they merge your database file, e.g. “Nairobi office laptop”.', wide: true })));

  bindForm(form, { record: 'settings',
    primary: true,
    onSave: async () => {
      const values = readFields(form, { ...Object.fromEntries(NORMS.map(([n]) => [n, 'int'])), installation_name: 'text' });
      // JSON cannot carry "not a number": say so here, beside the field, like the core would.
      const bad = NORMS.filter(([n]) => !Number.isInteger(values[n]) || values[n] < 0)
        .map(([n]) => ({ field: n, message: 'enter a whole number (0 or more)' }));
      if (bad.length) throw new api.ApiError('invalid', 'Some norms are not whole numbers', bad);
      const norms = /** @type {api.Norms} */ (Object.fromEntries(NORMS.map(([n]) => [n, values[n]])));
      const saved = await api.saveSettings(norms, values.installation_name);
      window.dispatchEvent(new CustomEvent('peerplan:settings-changed', { detail: saved }));
      return [];
    },
  });

  const signalsForm = formShell({ testid: 'signals-form' },
    h('fieldset', { class: 'grid' },
      h('legend', null, 'Follow-up signals'),
      h('p', { class: 'muted small wide' }, 'When the Follow-up page flags an active partnership as going quiet, and when it calls one one-sided (one member doing almost all the reaching out, or every contact one-way).'),
      SIGNALS.map(([name, label]) => field(label, h('input', { type: 'number', name, min: 0, step: 1, value: String(signals[name]), class: 'num short' })))));
  signalsForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-signals');
  bindForm(signalsForm, {
    onSave: async () => {
      const values = readFields(signalsForm, Object.fromEntries(SIGNALS.map(([n]) => [n, 'int'])));
      const bad = SIGNALS.filter(([n]) => !Number.isInteger(values[n]))
        .map(([n]) => ({ field: n, message: 'enter a whole number' }));
      if (bad.length) throw new api.ApiError('invalid', 'Some thresholds are not whole numbers', bad);
      await api.saveSignalNorms(/** @type {api.SignalNorms} */ (values));
      window.dispatchEvent(new CustomEvent('peerplan:data-changed', { detail: { command: 'save_signal_norms' } }));
      return [];
    },
  });

  // How this laptop's officer types dates: a preference of the laptop, not of the database
  // (a colleague's merged file does not change it), saved as soon as it is chosen.
  const ORDER_WORDS = { day_first: 'Day first', month_first: 'Month first', year_first: 'Year first' };
  const orderOption = (/** @type {api.DateOrder | ''} */ value, /** @type {string} */ label) =>
    h('option', { value, selected: chosenDateOrder() === value }, label);
  const order = h('select', { name: 'date_order', 'data-testid': 'date-order',
    onchange: () => { setDateOrder(/** @type {api.DateOrder | ''} */ (order.value)); toast('Date fields now read dates in that order.'); } },
  orderOption('', `As this laptop’s language: ${ORDER_WORDS[localeDateOrder()].toLowerCase()} (${DATE_PATTERNS[localeDateOrder()]})`),
  (/** @type {api.DateOrder[]} */ (['day_first', 'month_first', 'year_first'])).map((o) => orderOption(o, `${ORDER_WORDS[o]} (${DATE_PATTERNS[o]})`)));
  const laptopSection = h('section', { class: 'section', 'aria-labelledby': 'laptop-h' },
    h('h2', { id: 'laptop-h' }, 'This laptop'),
    h('div', { class: 'grid' },
      field('Dates typed as numbers are read', order, { hint: 'Whatever the order, 2027-01-15 and 15 Jan 2027 are always understood, and each date field shows the date it read in words.', wide: true })));

  // The sync folder lives on the Sync page too; it is here because officers look for it in
  // Settings. Its module loads with the page, not at start-up.
  const { syncFolderSection } = await import('./sync.js');
  const syncSection = await syncFolderSection(reload);

  const readonly = (/** @type {string} */ name, /** @type {string} */ value) =>
    h('input', { type: 'text', name, value, readonly: true, class: 'readonly mono', spellcheck: 'false' });
  const c = info.counts;
  const node = h('div', { class: 'page narrow' },
    h('header', { class: 'page-header' }, h('h1', null, 'Settings')),
    h('section', { class: 'section' }, form),
    h('section', { class: 'section' }, signalsForm),
    laptopSection,
    syncSection,
    h('section', { class: 'section', 'aria-labelledby': 'data-h' },
      h('h2', { id: 'data-h' }, 'Your data'),
      h('div', { class: 'grid' },
        field('Data folder', readonly('data_dir', settings.data_dir), { wide: true }),
        field('Database file', readonly('database_path', settings.database_path), { wide: true })),
      h('p', { class: 'muted small num', 'data-testid': 'counts' },
        `${formatNumber(c.partnerships ?? 0)} partnerships, ${formatNumber(c.members ?? 0)} members, ${formatNumber(c.exchanges ?? 0)} exchanges, ${formatNumber(c.participants ?? 0)} participants, ${formatNumber(c.people ?? 0)} people. PeerPlan ${info.version}.`)),
    h('section', { class: 'section', 'aria-labelledby': 'example-h' },
      h('h2', { id: 'example-h' }, 'Example data'),
      h('p', { class: 'muted' }, 'Example partnerships, exchanges and people, to try PeerPlan out or to show it to a colleague. They are added beside your own records.'),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'load-example', onclick: async () => { if (await loadExampleData()) reload(); } }, 'Load example data')));
  return { title: 'Settings', node, crumbs: [] };
}
