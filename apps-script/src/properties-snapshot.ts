// One read of all document properties for the settings a run needs: every property call counts against a daily quota.

import type { GasProperties, Services } from "./gas-services.js";

/**
 * The document properties as one `getProperties()` call read them, writing through to the store. Apps Script
 * counts every property call against «Properties read/write»: 50,000 a day for a consumer account, 500,000 for
 * Google Workspace, per user (https://developers.google.com/apps-script/guides/services/quotas). A form-submit
 * run read its settings one key at a time (the seven form records, the connection, the spreadsheet, the trigger
 * owner): 13 calls per answer, so a consumer account ran out after ~3,800 answers a day, fewer than a
 * 2,000-school territory sends in a deadline week's busiest day. Only for values a run reads at its start: a
 * value guarded by the script lock (a letter's claim) must be read from the store after the lock is taken.
 */
export function propertiesSnapshot(store: GasProperties): GasProperties {
  const values = new Map(Object.entries(store.getProperties()));
  const snapshot: GasProperties = {
    getProperty: (key) => values.get(key) ?? null,
    getProperties: () => Object.fromEntries(values),
    setProperty: (key, value) => {
      store.setProperty(key, value);
      values.set(key, value);
      return snapshot;
    },
    deleteProperty: (key) => {
      store.deleteProperty(key);
      values.delete(key);
      return snapshot;
    },
  };
  return snapshot;
}

/** `services` whose document properties are one snapshot (see `propertiesSnapshot`), taken now. */
export function withPropertiesSnapshot<S extends Pick<Services, "propertiesService">>(services: S): S {
  const snapshot = propertiesSnapshot(services.propertiesService.getDocumentProperties());
  return { ...services, propertiesService: { getDocumentProperties: () => snapshot } };
}
