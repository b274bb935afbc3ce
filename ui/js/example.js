// "Load example data": used by the empty partnership list and by Settings. Loading examples
// into a database that already holds work asks first, because it adds records to real data.

import * as api from './api.js';
import { confirmDialog, toast } from './widgets.js';
import { plural } from './format.js';

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
        `This database already holds ${plural(c.partnerships ?? 0, 'partnership')}, ${plural(c.exchanges ?? 0, 'exchange')} and ${plural(c.people ?? 0, 'person', 'people')}. ` +
          'The example partnerships, exchanges and people will be added beside them (nothing is replaced).',
        { title: 'Add example data to this database?', confirmLabel: 'Add example data', cancelLabel: 'Cancel' },
      );
      if (!ok) return false;
      confirm = true;
    }
    const added = await api.loadExampleData(confirm);
    toast(`Example data loaded: ${plural(added.partnerships, 'partnership')}, ${plural(added.exchanges, 'exchange')}, ${plural(added.people, 'person', 'people')}.`);
    return true;
  } catch (e) {
    toast(`Could not load the example data: ${api.toApiError(e).message}`, 'error');
    return false;
  }
}
