// Settings: the language of the screens, the policy norms the app warns about, this
// installation's name, where the data lives, and loading the example data.

import * as api from '../api.js';
import { h } from '../dom.js';
import { bindForm, formShell, field, textInput, readFields } from '../forms.js';
import { loadExampleData } from '../example.js';
import { reload } from '../router.js';
import { chosenDateOrder, localeDateOrder, setDateOrder, DATE_PATTERNS } from '../typed.js';
import { toast } from '../widgets.js';
import { t, LANGUAGES } from '../i18n.js';

// The tables below are functions: their words come from the catalog, which is loaded after
// this module.

/** The exchange size norms by kind of partnership: [kind words, fewest, most, delegation]. */
const sizeNorms = () => /** @type {const} */ ([
  [t('settings.kind.peer_learning'), 'exchange_size_min', 'exchange_size_max', 'delegation_max'],
  [t('settings.kind.alliance'), 'alliance_size_min', 'alliance_size_max', 'alliance_delegation_max'],
  [t('settings.kind.city'), 'city_size_min', 'city_size_max', 'city_delegation_max'],
  [t('settings.kind.other'), 'other_size_min', 'other_size_max', 'other_delegation_max'],
]);

/** Every norm, in the order and words an officer thinks of them. */
const normFields = () => /** @type {const} */ ([
  ...sizeNorms().flatMap(([kind, min, max, delegation]) => [
    [min, t('settings.norm.fewest', { kind })],
    [max, t('settings.norm.most', { kind })],
    [delegation, t('settings.norm.delegation', { kind })],
  ]),
  ['peer_learning_members_min', t('settings.norm.peer_learning_members_min')],
  ['peer_learning_members_max', t('settings.norm.peer_learning_members_max')],
]);

/** The follow-up signals' thresholds. */
const signalFields = () => /** @type {const} */ ([
  ['quiet_after_days', t('settings.signal.quiet_after_days')],
  ['one_sided_share_percent', t('settings.signal.one_sided_share_percent')],
  ['one_sided_min_contacts', t('settings.signal.one_sided_min_contacts')],
]);

export async function settingsView() {
  const [settings, info, signals, language] = await Promise.all([api.getSettings(), api.appInfo(), api.getSignalNorms(), api.getLanguage()]);
  const SIZE_NORMS = sizeNorms();
  const NORMS = normFields();
  const SIGNALS = signalFields();

  // The language of the screens: a preference of this laptop, saved as soon as it is chosen.
  // The page reloads in it (every screen, formatter and cached label is rebuilt); the backend
  // rebuilds the menus.
  const languageError = h('p', { class: 'field-error', id: 'language-error', role: 'alert', hidden: true, 'data-testid': 'language-error' });
  const languageSelect = h('select', { name: 'language', id: 'language-select', 'data-testid': 'language-select', 'aria-describedby': 'language-hint language-error',
    onchange: async () => {
      languageError.hidden = true;
      languageSelect.disabled = true;
      try {
        await api.setLanguage(languageSelect.value);
        location.reload();
      } catch (e) {
        const err = api.toApiError(e);
        languageError.textContent = err.fields[0]?.message ?? err.message;
        languageError.hidden = false;
        languageSelect.value = language.language;
        languageSelect.disabled = false;
      }
    } },
  // i18n-dynamic: language. settings.date_order.
  LANGUAGES.map((code) => h('option', { value: code, selected: code === language.language }, t(`language.${code}`))));
  const languageSection = h('section', { class: 'section', 'aria-labelledby': 'language-h', 'data-testid': 'language-section' },
    h('h2', { id: 'language-h' }, t('settings.language.title')),
    h('div', { class: 'field wide', 'data-field-wrap': 'language' },
      h('label', { for: 'language-select' }, t('settings.language.label')),
      languageSelect,
      h('div', { class: 'hint', id: 'language-hint' }, t('settings.language.hint')),
      languageError));

  const form = formShell({ testid: 'settings-form' },
    h('fieldset', { class: 'grid' },
      h('legend', null, t('settings.norms')),
      h('p', { class: 'muted small wide' }, t('settings.norms_intro')),
      h('table', { class: 'data norms-table wide', 'data-testid': 'norms-table' },
        h('thead', null, h('tr', null, h('th', null, t('settings.col.kind')), h('th', { class: 'num' }, t('settings.col.fewest')), h('th', { class: 'num' }, t('settings.col.most')), h('th', { class: 'num' }, t('settings.col.delegation')))),
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
      h('legend', null, t('settings.installation')),
      field(t('settings.installation_name'), textInput('installation_name', settings.installation_name), { hint: t('settings.installation_name_hint'), wide: true })));

  bindForm(form, { record: 'settings',
    primary: true,
    onSave: async () => {
      const values = readFields(form, { ...Object.fromEntries(NORMS.map(([n]) => [n, 'int'])), installation_name: 'text' });
      // JSON cannot carry "not a number": say so here, beside the field, like the core would.
      const bad = NORMS.filter(([n]) => !Number.isInteger(values[n]) || values[n] < 0)
        .map(([n]) => ({ field: n, message: t('settings.whole_number_or_zero') }));
      if (bad.length) throw new api.ApiError('invalid', t('settings.norms_not_whole'), bad);
      const norms = /** @type {api.Norms} */ (Object.fromEntries(NORMS.map(([n]) => [n, values[n]])));
      const saved = await api.saveSettings(norms, values.installation_name);
      window.dispatchEvent(new CustomEvent('peerplan:settings-changed', { detail: saved }));
      return [];
    },
  });

  const signalsForm = formShell({ testid: 'signals-form' },
    h('fieldset', { class: 'grid' },
      h('legend', null, t('settings.signals')),
      h('p', { class: 'muted small wide' }, t('settings.signals_intro')),
      SIGNALS.map(([name, label]) => field(label, h('input', { type: 'number', name, min: 0, step: 1, value: String(signals[name]), class: 'num short' })))));
  signalsForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-signals');
  bindForm(signalsForm, {
    onSave: async () => {
      const values = readFields(signalsForm, Object.fromEntries(SIGNALS.map(([n]) => [n, 'int'])));
      const bad = SIGNALS.filter(([n]) => !Number.isInteger(values[n]))
        .map(([n]) => ({ field: n, message: t('settings.whole_number') }));
      if (bad.length) throw new api.ApiError('invalid', t('settings.thresholds_not_whole'), bad);
      await api.saveSignalNorms(/** @type {api.SignalNorms} */ (values));
      window.dispatchEvent(new CustomEvent('peerplan:data-changed', { detail: { command: 'save_signal_norms' } }));
      return [];
    },
  });

  // How this laptop's officer types dates: a preference of the laptop, not of the database
  // (a colleague's merged file does not change it), saved as soon as it is chosen.
  const orderOption = (/** @type {api.DateOrder | ''} */ value, /** @type {string} */ label) =>
    h('option', { value, selected: chosenDateOrder() === value }, label);
  const order = h('select', { name: 'date_order', 'data-testid': 'date-order',
    onchange: () => { setDateOrder(/** @type {api.DateOrder | ''} */ (order.value)); toast(t('settings.date_order_saved')); } },
  // Keys settings.date_order.{day_first,month_first,year_first} and .locale_{…}.
  orderOption('', t(`settings.date_order.locale_${localeDateOrder()}`, { pattern: DATE_PATTERNS[localeDateOrder()] })),
  (/** @type {api.DateOrder[]} */ (['day_first', 'month_first', 'year_first'])).map((o) => orderOption(o, t(`settings.date_order.${o}`, { pattern: DATE_PATTERNS[o] }))));
  const laptopSection = h('section', { class: 'section', 'aria-labelledby': 'laptop-h' },
    h('h2', { id: 'laptop-h' }, t('settings.laptop')),
    h('div', { class: 'grid' },
      field(t('settings.date_order.label'), order, { hint: t('settings.date_order.hint'), wide: true })));

  // The sync folder lives on the Sync page too; it is here because officers look for it in
  // Settings. Its module loads with the page, not at start-up.
  const { syncFolderSection } = await import('./sync.js');
  const syncSection = await syncFolderSection(reload);

  const readonly = (/** @type {string} */ name, /** @type {string} */ value) =>
    h('input', { type: 'text', name, value, readonly: true, class: 'readonly mono', spellcheck: 'false' });
  const c = info.counts;
  const node = h('div', { class: 'page narrow' },
    h('header', { class: 'page-header' }, h('h1', null, t('settings.title'))),
    languageSection,
    h('section', { class: 'section' }, form),
    h('section', { class: 'section' }, signalsForm),
    laptopSection,
    syncSection,
    h('section', { class: 'section', 'aria-labelledby': 'data-h' },
      h('h2', { id: 'data-h' }, t('settings.your_data')),
      h('div', { class: 'grid' },
        field(t('settings.data_folder'), readonly('data_dir', settings.data_dir), { wide: true }),
        field(t('settings.database_file'), readonly('database_path', settings.database_path), { wide: true })),
      h('p', { class: 'muted small num', 'data-testid': 'counts' },
        t('settings.counts', { partnerships: c.partnerships ?? 0, members: c.members ?? 0, exchanges: c.exchanges ?? 0, participants: c.participants ?? 0, people: c.people ?? 0, version: info.version }))),
    h('section', { class: 'section', 'aria-labelledby': 'example-h' },
      h('h2', { id: 'example-h' }, t('settings.example')),
      h('p', { class: 'muted' }, t('settings.example_intro')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'load-example', onclick: async () => { if (await loadExampleData()) reload(); } }, t('settings.load_example'))));
  return { title: t('settings.title'), node, crumbs: [] };
}
