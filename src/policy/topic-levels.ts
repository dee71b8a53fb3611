/** A topic filter split into its levels once, so each check is a walk over an array. */
export type FilterLevels = readonly string[];

const DOLLAR = 0x24;

/** Splits a filter into levels: `a//b` → ['a', '', 'b'], `/a` → ['', 'a']. */
export function splitLevels(filter: string): FilterLevels {
  return filter.split('/');
}

export function isWildcardLevel(level: string | undefined): boolean {
  return level === '+' || level === '#';
}

/** Topics starting with `$` are the server's; wildcards at the first level skip them. */
export function isReservedLevel(level: string | undefined): boolean {
  return level !== undefined && level.charCodeAt(0) === DOLLAR;
}

export function isReservedTopic(topic: string): boolean {
  return topic.charCodeAt(0) === DOLLAR;
}
