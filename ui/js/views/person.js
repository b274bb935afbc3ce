// A person's page: the editable person form and the exchanges they took part in. The same
// module shows "New person".

import * as api from '../api.js';
import { h } from '../dom.js';
import { countrySelect, enumLabel, formatDate } from '../format.js';
import { bindForm, formShell, field, textInput, textArea, readFields } from '../forms.js';
import { navigate, setTitle } from '../router.js';
import { confirmDialog, toast, th, emptyState } from '../widgets.js';

/** @type {Record<string, import('../forms.js').FieldKind>} */
const PERSON_FIELDS = { name: 'text', organisation: 'text', position: 'text', country_code: 'optional', email: 'text', phone: 'text', notes: 'text' };

/** @param {Partial<api.PersonData>} p @param {string} saveLabel */
function personForm(p, saveLabel) {
  return formShell({ testid: 'person-form', saveLabel },
    h('fieldset', { class: 'grid' },
      h('legend', null, 'Person'),
      field('Name', textInput('name', p.name), { required: true }),
      field('Organisation', textInput('organisation', p.organisation)),
      field('Position', textInput('position', p.position)),
      field('Country', countrySelect({ name: 'country_code' }, p.country_code ?? null, 'Not set')),
      field('Email', textInput('email', p.email, { type: 'email', spellcheck: 'false' })),
      field('Phone', textInput('phone', p.phone, { type: 'tel' })),
      field('Notes', textArea('notes', p.notes, { rows: 3 }), { wide: true })));
}

/** @param {HTMLFormElement} form @returns {api.PersonData} */
function readPerson(form) {
  const data = /** @type {api.PersonData} */ (readFields(form, PERSON_FIELDS));
  data.email = data.email.trim();
  return data;
}

export async function newPersonView() {
  const form = personForm({}, 'Create person');
  bindForm(form, { record: 'person',
    primary: true,
    onSave: async () => {
      const result = await api.savePerson(null, readPerson(form));
      toast('Person added to the directory.');
      navigate(`#/people/${encodeURIComponent(result.record.id)}`, { replace: true, force: true });
      return result.warnings;
    },
  });
  const node = h('div', { class: 'page' }, h('header', { class: 'page-header' }, h('h1', null, 'New person')), form);
  return { title: 'New person', node, crumbs: [{ label: 'People', href: '#/people' }, { label: 'New person' }] };
}

/** @param {import('../router.js').Route} route */
export async function personView(route) {
  const id = route.params.id;
  const { person, participations } = await api.getPerson(id);
  const title = h('h1', { 'data-testid': 'page-title' }, person.name);
  const form = personForm(person, 'Save');
  bindForm(form, { record: 'person',
    primary: true,
    onSave: async () => {
      const result = await api.savePerson(id, readPerson(form));
      title.textContent = result.record.name;
      setTitle(result.record.name, [{ label: 'People', href: '#/people' }, { label: result.record.name }]);
      toast('Saved.');
      return result.warnings;
    },
  });

  async function remove() {
    const n = participations.length;
    const ok = await confirmDialog(
      n ? `Delete ${person.name}? They took part in ${n} exchange${n === 1 ? '' : 's'}; they will no longer be listed there.` : `Delete ${person.name} from the directory?`,
      { title: 'Delete this person?', confirmLabel: 'Delete person', danger: true },
    );
    if (!ok) return;
    try {
      await api.deletePerson(id);
      toast(`${person.name} deleted.`);
      navigate('#/people', { replace: true, force: true });
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  const sorted = [...participations].sort((a, b) => (b.start_date ?? '').localeCompare(a.start_date ?? ''));
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' },
      h('div', { class: 'title-block' }, title, person.organisation ? h('p', { class: 'muted' }, [person.position, person.organisation].filter(Boolean).join(', ')) : null),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn danger-outline', 'data-testid': 'delete', onclick: remove }, 'Delete…'))),
    h('section', { class: 'section', 'aria-label': 'Details' }, form),
    h('section', { class: 'section', 'aria-labelledby': 'took-part-h', 'data-testid': 'participations' },
      h('h2', { id: 'took-part-h' }, 'Took part in'),
      sorted.length === 0
        ? emptyState('Not a participant of any exchange yet. Add them from an exchange’s page.')
        : h('table', { class: 'data compact' },
          h('thead', null, h('tr', null, th('Date'), th('Exchange'), th('Partnership'), th('Role'), th('Represented'))),
          h('tbody', null, sorted.map((p) => h('tr', { 'data-id': p.participant_id },
            h('td', { class: 'num nowrap' }, formatDate(p.start_date) || '—'),
            h('td', null, h('a', { href: `#/exchanges/${encodeURIComponent(p.exchange_id)}` }, p.exchange_title)),
            h('td', null, h('a', { href: `#/partnerships/${encodeURIComponent(p.partnership_id)}` }, p.partnership_title)),
            h('td', { class: 'small' }, enumLabel('participant_role', p.role)),
            h('td', { class: 'small' }, p.member_label || '—')))))));
  return { title: person.name, node, crumbs: [{ label: 'People', href: '#/people' }, { label: person.name }] };
}
