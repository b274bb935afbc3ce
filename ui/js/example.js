// "Load example data": used by the empty partnership list and by Settings. Loading examples
// into a database that already holds work asks first, because it adds records to real data.

import * as api from './api.js';
import { confirmDialog, toast } from './widgets.js';
import { t } from './i18n.js';

/**
 * Loads the example data; resolves true when something was loaded.
 * @returns {Promise<boolean>}
 */
export async function loadExampleData() {
  try {
    const info = await api.appInfo();
    let confirm = false;
    if (!info.is_empty) {
      const c = info.counts;
      const ok = await confirmDialog(
        t('example.confirm_body', {
          partnerships: t('example.partnerships', { count: c.partnerships ?? 0 }),
          exchanges: t('example.exchanges', { count: c.exchanges ?? 0 }),
          people: t('example.people', { count: c.people ?? 0 }),
        }),
        { title: t('example.confirm_title'), confirmLabel: t('example.confirm_add'), cancelLabel: t('common.cancel') },
      );
      if (!ok) return false;
      confirm = true;
    }
    const added = await api.loadExampleData(confirm);
    toast(t('example.loaded', {
      partnerships: t('example.partnerships', { count: added.partnerships }),
      exchanges: t('example.exchanges', { count: added.exchanges }),
      people: t('example.people', { count: added.people }),
    }));
    return true;
  } catch (e) {
    toast(t('example.failed', { message: api.toApiError(e).message }), 'error');
    return false;
  }
}
