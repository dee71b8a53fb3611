/** What one policy allows and denies; rules are topic filters with whole-level {placeholders}. */
export interface PolicySpec {
  publish?: readonly string[];
  subscribe?: readonly string[];
  deny?: { publish?: readonly string[]; subscribe?: readonly string[] };
}

/** Policies by name; a device's `role` claim picks one, `device` when it has none. */
export type PolicySet = Readonly<Record<string, PolicySpec>>;

/** The built-in policy set used when the configuration names none (shared/ARCHITECTURE.md). */
export const defaultPolicies: PolicySet = Object.freeze({
  device: Object.freeze({
    publish: Object.freeze(['devices/{device}/#']),
    subscribe: Object.freeze(['devices/{device}/#']),
  }),
});
