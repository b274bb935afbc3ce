// Rates (#/rates, issue 6): what the officer enters so that costs can be converted and
// estimated offline — the reporting currency, dated exchange rates, and the per-diem / rate
// table (a night, a day and a return fare per place). Nothing here is ever fetched.

import * as api from '../api.js';
import { h, replace, option } from '../dom.js';
import { countryLabel, countrySelect, formatDate, todayIso, groupDigits } from '../format.js';
import { bindForm, formShell, field, textInput, dateInput, readFields } from '../forms.js';
import { confirmDialog, emptyState, toast } from '../widgets.js';
import { t, compareNames, lang } from '../i18n.js';

/**
 * A <select> of currencies ("USD — US Dollar").
 * @param {api.Currency[]} currencies
 * @param {Record<string, any>} attrs
 * @param {string | null} selected
 * @param {string | null} [emptyLabel]
 */
function currencySelect(currencies, attrs, selected, emptyLabel = null) {
  const select = h('select', attrs);
  if (emptyLabel !== null) select.appendChild(option('', emptyLabel, !selected));
  for (const c of currencies) select.appendChild(option(c.code, `${c.code} — ${c.name}`, c.code === selected));
  if (selected && !currencies.some((c) => c.code === selected)) select.appendChild(option(selected, selected, true));
  return select;
}

/** @param {string} text an amount as decimal text, '' when unknown */
const amount = (text) => (text.trim() === '' ? h('span', { class: 'muted' }, '—') : groupDigits(text));

export async function ratesView() {
  const [currencies, initial] = await Promise.all([api.listCurrencies(), api.getRates()]);
  let rates = initial;

  // ---- reporting currency ----
  const reporting = currencySelect(currencies, { id: 'reporting-currency', name: 'reporting_currency', 'data-testid': 'reporting-currency' }, rates.reporting_currency);
  let savedReporting = rates.reporting_currency;
  reporting.addEventListener('change', async () => {
    const code = reporting.value;
    reporting.disabled = true;
    try {
      await api.setReportingCurrency(code);
      savedReporting = code;
      toast(t('rates.reported_in', { currency: code }));
      // The add form proposes the reporting currency as the "to" side.
      const toSelect = /** @type {HTMLSelectElement | null} */ (rateForm.querySelector('select[name=to_currency]'));
      if (toSelect && !rateForm.classList.contains('is-dirty')) toSelect.value = code;
    } catch (e) {
      reporting.value = savedReporting;
      toast(api.toApiError(e).message, 'error');
    } finally {
      reporting.disabled = false;
    }
  });

  // ---- exchange rates ----
  const rateTableSlot = h('div', null);
  function renderRates() {
    const sorted = [...rates.exchange_rates].sort((a, b) =>
      (b.rate_date ?? '').localeCompare(a.rate_date ?? '') || a.from_currency.localeCompare(b.from_currency) || a.to_currency.localeCompare(b.to_currency));
    replace(rateTableSlot, sorted.length === 0
      ? emptyState(t('rates.no_exchange_rates'))
      : h('table', { class: 'data compact rates-table', 'data-testid': 'exchange-rates' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('rates.date')),
          h('th', { scope: 'col' }, t('rates.rate')),
          h('th', { scope: 'col' }, t('rates.source')),
          h('th', { scope: 'col', class: 'actions-col' }, h('span', { class: 'visually-hidden' }, t('rates.actions'))))),
        h('tbody', null, sorted.map((r) => {
          const text = `1 ${r.from_currency} = ${groupDigits(r.rate)} ${r.to_currency}`;
          return h('tr', { 'data-id': r.id, 'data-from': r.from_currency, 'data-to': r.to_currency },
            h('td', { class: 'num nowrap' }, h('time', { datetime: r.rate_date ?? '' }, formatDate(r.rate_date))),
            h('td', { class: 'num nowrap rate-text' }, text),
            h('td', null, r.source || h('span', { class: 'muted' }, '—')),
            h('td', { class: 'row-actions' }, h('button', {
              type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-rate', 'aria-label': t('rates.delete_rate_label', { rate: text, date: formatDate(r.rate_date) }),
              onclick: async () => {
                if (!(await confirmDialog(t('rates.delete_rate_confirm', { rate: text, date: formatDate(r.rate_date) }), { title: t('rates.delete_rate_title'), confirmLabel: t('common.delete'), danger: true }))) return;
                try {
                  await api.deleteExchangeRate(r.id);
                  toast(t('rates.rate_deleted'));
                  await refresh();
                } catch (e) { toast(api.toApiError(e).message, 'error'); }
              },
            }, t('common.delete'))));
        }))));
  }

  const rateForm = formShell(
    { testid: 'rate-form', saveLabel: t('rates.add_rate'), className: 'subform' },
    h('fieldset', { class: 'grid rates-grid' },
      h('legend', null, t('rates.new_exchange_rate')),
      field(t('rates.date'), dateInput('rate_date', todayIso()), { required: true, hint: t('rates.date_hint') }),
      field(t('rates.from'), currencySelect(currencies, { name: 'from_currency' }, null, t('rates.choose')), { required: true }),
      field(t('rates.rate'), textInput('rate', '', { inputmode: 'decimal', placeholder: t('rates.rate_placeholder'), class: 'num' }), { required: true, hint: t('rates.rate_hint') }),
      field(t('rates.to'), currencySelect(currencies, { name: 'to_currency' }, rates.reporting_currency, t('rates.choose')), { required: true }),
      field(t('rates.source'), textInput('source', '', { placeholder: t('rates.source_placeholder') }), { wide: true })));
  rateForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-rate');
  const rateBound = bindForm(rateForm, { record: 'exchange_rate',
    onSave: async () => {
      const data = /** @type {api.ExchangeRateData} */ (readFields(rateForm, { rate_date: 'date', from_currency: 'text', to_currency: 'text', rate: 'text', source: 'text' }));
      data.rate = data.rate.trim();
      // A decimal comma, as French and Spanish write it ("655,957"), is the rate's decimal mark.
      if (lang() !== 'en' && /^\d+,\d+$/.test(data.rate)) data.rate = data.rate.replace(',', '.');
      const result = await api.saveExchangeRate(null, data);
      rateBound.markClean();
      /** @type {HTMLInputElement} */ (rateForm.querySelector('input[name=rate]')).value = '';
      /** @type {HTMLInputElement} */ (rateForm.querySelector('input[name=source]')).value = '';
      toast(t('rates.rate_added', { rate: `1 ${data.from_currency} = ${data.rate} ${data.to_currency}` }));
      await refresh();
      return result.warnings;
    },
  });

  // ---- rate table ----
  const entrySlot = h('div', null);
  function renderEntries() {
    const sorted = [...rates.rate_table].sort((a, b) =>
      compareNames(countryLabel(a.country_code), countryLabel(b.country_code)) || compareNames(a.city, b.city) || (b.valid_from ?? '').localeCompare(a.valid_from ?? ''));
    replace(entrySlot, sorted.length === 0
      ? emptyState(t('rates.no_places'))
      : h('div', { class: 'table-scroll' }, h('table', { class: 'data compact rate-table', 'data-testid': 'rate-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('rates.place')),
          h('th', { scope: 'col' }, t('rates.valid_from')),
          h('th', { scope: 'col' }, t('rates.currency')),
          h('th', { scope: 'col', class: 'right' }, t('rates.night')),
          h('th', { scope: 'col', class: 'right' }, t('rates.day')),
          h('th', { scope: 'col', class: 'right' }, t('rates.return_fare')),
          h('th', { scope: 'col' }, t('rates.note')),
          h('th', { scope: 'col', class: 'actions-col' }, h('span', { class: 'visually-hidden' }, t('rates.actions'))))),
        h('tbody', null, sorted.map((e) => {
          const place = e.city ? t('rates.city_in_country', { city: e.city, country: countryLabel(e.country_code) }) : countryLabel(e.country_code);
          return h('tr', { 'data-id': e.id, 'data-country': e.country_code },
            h('td', null, place, e.city ? null : h('div', { class: 'muted small' }, t('rates.whole_country'))),
            h('td', { class: 'num nowrap' }, formatDate(e.valid_from)),
            h('td', { class: 'num' }, e.currency),
            h('td', { class: 'num right nowrap' }, amount(e.nightly_accommodation)),
            h('td', { class: 'num right nowrap' }, amount(e.daily_subsistence)),
            h('td', { class: 'num right nowrap' }, amount(e.return_fare)),
            h('td', { class: 'small' }, e.note),
            h('td', { class: 'row-actions' }, h('button', {
              type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-rate-table-entry', 'aria-label': t('rates.delete_entry_label', { place, date: formatDate(e.valid_from) }),
              onclick: async () => {
                if (!(await confirmDialog(t('rates.delete_entry_confirm', { place, date: formatDate(e.valid_from) }), { title: t('rates.delete_entry_title'), confirmLabel: t('common.delete'), danger: true }))) return;
                try {
                  await api.deleteRateTableEntry(e.id);
                  toast(t('rates.entry_deleted'));
                  await refresh();
                } catch (err) { toast(api.toApiError(err).message, 'error'); }
              },
            }, t('common.delete'))));
        })))));
  }

  const entryForm = formShell(
    { testid: 'rate-table-form', saveLabel: t('rates.add_place'), className: 'subform' },
    h('fieldset', { class: 'grid rates-grid' },
      h('legend', null, t('rates.new_place')),
      field(t('rates.country'), countrySelect({ name: 'country_code' }, null, t('rates.choose')), { required: true }),
      field(t('rates.city'), textInput('city', ''), { hint: t('rates.city_hint') }),
      field(t('rates.valid_from'), dateInput('valid_from', todayIso()), { required: true }),
      field(t('rates.currency'), currencySelect(currencies, { name: 'currency' }, null, t('rates.choose')), { required: true }),
      field(t('rates.night'), textInput('nightly_accommodation', '', { inputmode: 'decimal', class: 'num' })),
      field(t('rates.day'), textInput('daily_subsistence', '', { inputmode: 'decimal', class: 'num' })),
      field(t('rates.return_fare'), textInput('return_fare', '', { inputmode: 'decimal', class: 'num' }), { hint: t('rates.return_fare_hint') }),
      field(t('rates.note'), textInput('note', ''))));
  entryForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-rate-table-entry');
  const entryBound = bindForm(entryForm, { record: 'rate_table_entry',
    onSave: async () => {
      const data = /** @type {api.RateTableEntryData} */ (readFields(entryForm, {
        country_code: 'text', city: 'text', valid_from: 'date', currency: 'text',
        nightly_accommodation: 'text', daily_subsistence: 'text', return_fare: 'text', note: 'text',
      }));
      for (const k of /** @type {const} */ (['city', 'nightly_accommodation', 'daily_subsistence', 'return_fare', 'note'])) data[k] = data[k].trim();
      const result = await api.saveRateTableEntry(null, data);
      entryBound.markClean();
      for (const name of ['city', 'nightly_accommodation', 'daily_subsistence', 'return_fare', 'note']) {
        /** @type {HTMLInputElement} */ (entryForm.querySelector(`[name=${name}]`)).value = '';
      }
      toast(t('rates.place_added'));
      await refresh();
      return result.warnings;
    },
  });

  async function refresh() {
    rates = await api.getRates();
    renderRates();
    renderEntries();
  }
  renderRates();
  renderEntries();

  const node = h('div', { class: 'page rates-page' },
    h('header', { class: 'page-header' },
      h('div', { class: 'title-block' },
        h('h1', null, t('rates.title')),
        h('p', { class: 'muted small' }, t('rates.subtitle'))),
      h('div', { class: 'actions' }, h('a', { class: 'btn', href: '#/budget', 'data-testid': 'open-budget' }, t('rates.budget')))),
    h('section', { class: 'section', 'aria-labelledby': 'rates-reporting-h' },
      h('h2', { id: 'rates-reporting-h' }, t('rates.reporting_currency')),
      h('div', { class: 'reporting-row' },
        h('label', { for: 'reporting-currency' }, t('rates.report_totals_in')),
        reporting),
      h('p', { class: 'muted small' }, t('rates.reporting_hint'))),
    h('section', { class: 'section', 'aria-labelledby': 'rates-fx-h' },
      h('h2', { id: 'rates-fx-h' }, t('rates.exchange_rates')),
      h('p', { class: 'muted small' }, t('rates.exchange_rates_hint')),
      rateTableSlot,
      rateForm),
    h('section', { class: 'section', 'aria-labelledby': 'rates-table-h' },
      h('h2', { id: 'rates-table-h' }, t('rates.rate_table')),
      h('p', { class: 'muted small' }, t('rates.rate_table_hint')),
      entrySlot,
      entryForm));
  return { title: t('rates.title'), node, crumbs: [{ label: t('rates.budget'), href: '#/budget' }, { label: t('rates.title') }] };
}
