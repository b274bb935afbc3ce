// Rates (#/rates, issue 6): what the officer enters so that costs can be converted and
// estimated offline — the reporting currency, dated exchange rates, and the per-diem / rate
// table (a night, a day and a return fare per place). Nothing here is ever fetched.

import * as api from '../api.js';
import { h, replace, option } from '../dom.js';
import { countryLabel, countrySelect, formatDate, todayIso, groupDigits } from '../format.js';
import { bindForm, formShell, field, textInput, dateInput, readFields } from '../forms.js';
import { confirmDialog, emptyState, toast } from '../widgets.js';

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
      toast(`Totals are now reported in ${code}.`);
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
      ? emptyState('No exchange rates yet — enter the rates you budget with (from a central bank or the funder’s rate), so costs in other currencies count in the totals.')
      : h('table', { class: 'data compact rates-table', 'data-testid': 'exchange-rates' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Date'),
          h('th', { scope: 'col' }, 'Rate'),
          h('th', { scope: 'col' }, 'Source'),
          h('th', { scope: 'col', class: 'actions-col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', null, sorted.map((r) => {
          const text = `1 ${r.from_currency} = ${r.rate} ${r.to_currency}`;
          return h('tr', { 'data-id': r.id, 'data-from': r.from_currency, 'data-to': r.to_currency },
            h('td', { class: 'num nowrap' }, h('time', { datetime: r.rate_date ?? '' }, formatDate(r.rate_date))),
            h('td', { class: 'num nowrap rate-text' }, text),
            h('td', null, r.source || h('span', { class: 'muted' }, '—')),
            h('td', { class: 'row-actions' }, h('button', {
              type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-rate', 'aria-label': `Delete the rate ${text} of ${formatDate(r.rate_date)}`,
              onclick: async () => {
                if (!(await confirmDialog(`Delete the rate ${text} of ${formatDate(r.rate_date)}? Costs that used it are converted with the next older rate of the pair, or left out of the totals.`, { title: 'Delete exchange rate', confirmLabel: 'Delete', danger: true }))) return;
                try {
                  await api.deleteExchangeRate(r.id);
                  toast('Rate deleted.');
                  await refresh();
                } catch (e) { toast(api.toApiError(e).message, 'error'); }
              },
            }, 'Delete')));
        }))));
  }

  const rateForm = formShell(
    { testid: 'rate-form', saveLabel: 'Add rate', className: 'subform' },
    h('fieldset', { class: 'grid rates-grid' },
      h('legend', null, 'New exchange rate'),
      field('Date', dateInput('rate_date', todayIso()), { required: true, hint: 'Used for costs on or after this day, until a newer rate of the pair.' }),
      field('From', currencySelect(currencies, { name: 'from_currency' }, null, 'Choose…'), { required: true }),
      field('Rate', textInput('rate', '', { inputmode: 'decimal', placeholder: 'e.g. 655.957', class: 'num' }), { required: true, hint: '1 unit of “From” is worth this many of “To”.' }),
      field('To', currencySelect(currencies, { name: 'to_currency' }, rates.reporting_currency, 'Choose…'), { required: true }),
      field('Source', textInput('source', '', { placeholder: 'e.g. Central bank, 2 Jan' }), { wide: true })));
  rateForm.querySelector('[data-testid=save]')?.setAttribute('data-testid', 'save-rate');
  const rateBound = bindForm(rateForm, { record: 'exchange_rate',
    onSave: async () => {
      const data = /** @type {api.ExchangeRateData} */ (readFields(rateForm, { rate_date: 'date', from_currency: 'text', to_currency: 'text', rate: 'text', source: 'text' }));
      data.rate = data.rate.trim();
      const result = await api.saveExchangeRate(null, data);
      rateBound.markClean();
      /** @type {HTMLInputElement} */ (rateForm.querySelector('input[name=rate]')).value = '';
      /** @type {HTMLInputElement} */ (rateForm.querySelector('input[name=source]')).value = '';
      toast(`Rate added: 1 ${data.from_currency} = ${data.rate} ${data.to_currency}.`);
      await refresh();
      return result.warnings;
    },
  });

  // ---- rate table ----
  const entrySlot = h('div', null);
  function renderEntries() {
    const sorted = [...rates.rate_table].sort((a, b) =>
      countryLabel(a.country_code).localeCompare(countryLabel(b.country_code)) || a.city.localeCompare(b.city) || (b.valid_from ?? '').localeCompare(a.valid_from ?? ''));
    replace(entrySlot, sorted.length === 0
      ? emptyState('No places in the rate table yet — enter what a night, a day and a return fare cost in the places your exchanges go, and “Estimate from delegation” on an exchange’s Costs page fills in the estimates.')
      : h('div', { class: 'table-scroll' }, h('table', { class: 'data compact rate-table', 'data-testid': 'rate-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Place'),
          h('th', { scope: 'col' }, 'Valid from'),
          h('th', { scope: 'col' }, 'Currency'),
          h('th', { scope: 'col', class: 'right' }, 'Night (accommodation)'),
          h('th', { scope: 'col', class: 'right' }, 'Day (subsistence)'),
          h('th', { scope: 'col', class: 'right' }, 'Return fare'),
          h('th', { scope: 'col' }, 'Note'),
          h('th', { scope: 'col', class: 'actions-col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', null, sorted.map((e) => {
          const place = e.city ? `${e.city}, ${countryLabel(e.country_code)}` : countryLabel(e.country_code);
          return h('tr', { 'data-id': e.id, 'data-country': e.country_code },
            h('td', null, place, e.city ? null : h('div', { class: 'muted small' }, 'whole country')),
            h('td', { class: 'num nowrap' }, formatDate(e.valid_from)),
            h('td', { class: 'num' }, e.currency),
            h('td', { class: 'num right nowrap' }, amount(e.nightly_accommodation)),
            h('td', { class: 'num right nowrap' }, amount(e.daily_subsistence)),
            h('td', { class: 'num right nowrap' }, amount(e.return_fare)),
            h('td', { class: 'small' }, e.note),
            h('td', { class: 'row-actions' }, h('button', {
              type: 'button', class: 'btn small danger-outline', 'data-testid': 'delete-rate-table-entry', 'aria-label': `Delete the rates of ${place} from ${formatDate(e.valid_from)}`,
              onclick: async () => {
                if (!(await confirmDialog(`Delete the rates of ${place} valid from ${formatDate(e.valid_from)}? Cost lines already entered keep their amounts.`, { title: 'Delete rate table entry', confirmLabel: 'Delete', danger: true }))) return;
                try {
                  await api.deleteRateTableEntry(e.id);
                  toast('Entry deleted.');
                  await refresh();
                } catch (err) { toast(api.toApiError(err).message, 'error'); }
              },
            }, 'Delete')));
        })))));
  }

  const entryForm = formShell(
    { testid: 'rate-table-form', saveLabel: 'Add place', className: 'subform' },
    h('fieldset', { class: 'grid rates-grid' },
      h('legend', null, 'New place in the rate table'),
      field('Country', countrySelect({ name: 'country_code' }, null, 'Choose…'), { required: true }),
      field('City', textInput('city', ''), { hint: 'Leave empty for the whole country (used where no city matches).' }),
      field('Valid from', dateInput('valid_from', todayIso()), { required: true }),
      field('Currency', currencySelect(currencies, { name: 'currency' }, null, 'Choose…'), { required: true }),
      field('Night (accommodation)', textInput('nightly_accommodation', '', { inputmode: 'decimal', class: 'num' })),
      field('Day (subsistence)', textInput('daily_subsistence', '', { inputmode: 'decimal', class: 'num' })),
      field('Return fare', textInput('return_fare', '', { inputmode: 'decimal', class: 'num' }), { hint: 'A typical international return fare for a traveller coming from this place; empty when unknown.' }),
      field('Note', textInput('note', ''))));
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
      toast('Place added to the rate table.');
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
        h('h1', null, 'Rates'),
        h('p', { class: 'muted small' }, 'What you enter so costs can be converted and estimated offline: nothing here is fetched from the internet.')),
      h('div', { class: 'actions' }, h('a', { class: 'btn', href: '#/budget', 'data-testid': 'open-budget' }, 'Budget'))),
    h('section', { class: 'section', 'aria-labelledby': 'rates-reporting-h' },
      h('h2', { id: 'rates-reporting-h' }, 'Reporting currency'),
      h('div', { class: 'reporting-row' },
        h('label', { for: 'reporting-currency' }, 'Report totals in'),
        reporting),
      h('p', { class: 'muted small' }, 'Every budget total, chart and export is converted into this currency with the exchange rates below (or an exchange’s fixed budget rate). Cost lines keep the currency they were entered in.')),
    h('section', { class: 'section', 'aria-labelledby': 'rates-fx-h' },
      h('h2', { id: 'rates-fx-h' }, 'Exchange rates'),
      h('p', { class: 'muted small' }, 'A cost is converted with the latest rate of its pair dated on or before the cost’s date (either direction works: 1 EUR = 655.957 XOF also converts XOF into EUR).'),
      rateTableSlot,
      rateForm),
    h('section', { class: 'section', 'aria-labelledby': 'rates-table-h' },
      h('h2', { id: 'rates-table-h' }, 'Per-diem and rate table'),
      h('p', { class: 'muted small' }, 'What a night, a day and a return fare cost per place, from a date on. “Estimate from delegation” on an exchange’s Costs page uses the entry of the venue (the city, else the whole country) valid at the exchange’s start.'),
      entrySlot,
      entryForm));
  return { title: 'Rates', node, crumbs: [{ label: 'Budget', href: '#/budget' }, { label: 'Rates' }] };
}
