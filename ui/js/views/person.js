// A person's page: the editable person form and the exchanges they took part in. The same
// module shows "New person".

import * as api from '../api.js';
import { h } from '../dom.js';
import { countrySelect, enumLabel, formatDate } from '../format.js';
import { bindForm, formShell, field, textInput, textArea, readFields } from '../forms.js';
import { navigate, setTitle } from '../router.js';
import { confirmDialog, toast, th, emptyState } from '../widgets.js';
import { t } from '../i18n.js';

/** @type {Record<string, import('../forms.js').FieldKind>} */
const PERSON_FIELDS = { name: 'text', organisation: 'text', position: 'text', country_code: 'optional', email: 'text', phone: 'text', notes: 'text' };

/** @param {Partial<api.PersonData>} p @param {string} saveLabel */
function personForm(p, saveLabel) {
  return formShell({ testid: 'person-form', saveLabel },
    h('fieldset', { class: 'grid' },
      h('legend', null, t('person.legend')),
      field(t('person.field.name'), textInput('name', p.name), { required: true }),
      field(t('person.field.organisation'), textInput('organisation', p.organisation)),
      field(t('person.field.position'), textInput('position', p.position)),
      field(t('person.field.country'), countrySelect({ name: 'country_code' }, p.country_code ?? null, t('person.country_not_set'))),
      field(t('person.field.email'), textInput('email', p.email, { type: 'email', spellcheck: 'false' })),
      field(t('person.field.phone'), textInput('phone', p.phone, { type: 'tel' })),
      field(t('person.field.notes'), textArea('notes', p.notes, { rows: 3 }), { wide: true })));
}

/** @param {HTMLFormElement} form @returns {api.PersonData} */
function readPerson(form) {
  const data = /** @type {api.PersonData} */ (readFields(form, PERSON_FIELDS));
  data.email = data.email.trim();
  return data;
}

export async function newPersonView() {
  const form = personForm({}, t('person.create'));
  bindForm(form, { record: 'person',
    primary: true,
    onSave: async () => {
      const result = await api.savePerson(null, readPerson(form));
      toast(t('person.added'));
      navigate(`#/people/${encodeURIComponent(result.record.id)}`, { replace: true, force: true });
      return result.warnings;
    },
  });
  const node = h('div', { class: 'page' }, h('header', { class: 'page-header' }, h('h1', null, t('person.new'))), form);
  return { title: t('person.new'), node, crumbs: [{ label: t('people.title'), href: '#/people' }, { label: t('person.new') }] };
}

/** @param {import('../router.js').Route} route */
export async function personView(route) {
  const id = route.params.id;
  const { person, participations } = await api.getPerson(id);
  const title = h('h1', { 'data-testid': 'page-title' }, person.name);
  const form = personForm(person, t('common.save'));
  bindForm(form, { record: 'person',
    primary: true,
    onSave: async () => {
      const result = await api.savePerson(id, readPerson(form));
      title.textContent = result.record.name;
      setTitle(result.record.name, [{ label: t('people.title'), href: '#/people' }, { label: result.record.name }]);
      toast(t('person.saved'));
      return result.warnings;
    },
  });

  async function remove() {
    const n = participations.length;
    const ok = await confirmDialog(
      n ? t('person.delete_confirm_participant', { name: person.name, count: n }) : t('person.delete_confirm', { name: person.name }),
      { title: t('person.delete_title'), confirmLabel: t('person.delete_person'), danger: true },
    );
    if (!ok) return;
    try {
      await api.deletePerson(id);
      toast(t('person.deleted', { name: person.name }));
      navigate('#/people', { replace: true, force: true });
    } catch (e) {
      toast(api.toApiError(e).message, 'error');
    }
  }

  const sorted = [...participations].sort((a, b) => (b.start_date ?? '').localeCompare(a.start_date ?? ''));
  const node = h('div', { class: 'page' },
    h('header', { class: 'page-header' },
      h('div', { class: 'title-block' }, title, person.organisation ? h('p', { class: 'muted' }, [person.position, person.organisation].filter(Boolean).join(', ')) : null),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn danger-outline', 'data-testid': 'delete', onclick: remove }, t('person.delete_button')))),
    h('section', { class: 'section', 'aria-label': t('person.details') }, form),
    h('section', { class: 'section', 'aria-labelledby': 'took-part-h', 'data-testid': 'participations' },
      h('h2', { id: 'took-part-h' }, t('person.took_part')),
      sorted.length === 0
        ? emptyState(t('person.no_participation'))
        : h('table', { class: 'data compact' },
          h('thead', null, h('tr', null, th(t('person.col.date')), th(t('person.col.exchange')), th(t('person.col.partnership')), th(t('person.col.role')), th(t('person.col.represented')))),
          h('tbody', null, sorted.map((p) => h('tr', { 'data-id': p.participant_id },
            h('td', { class: 'num nowrap' }, formatDate(p.start_date) || '—'),
            h('td', null, h('a', { href: `#/exchanges/${encodeURIComponent(p.exchange_id)}` }, p.exchange_title)),
            h('td', null, h('a', { href: `#/partnerships/${encodeURIComponent(p.partnership_id)}` }, p.partnership_title)),
            h('td', { class: 'small' }, enumLabel('participant_role', p.role)),
            h('td', { class: 'small' }, p.member_label || '—')))))));
  return { title: person.name, node, crumbs: [{ label: t('people.title'), href: '#/people' }, { label: person.name }] };
}
