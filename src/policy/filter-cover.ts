import {
  type FilterLevels,
  isReservedLevel,
  isWildcardLevel,
  splitLevels,
} from './topic-levels.js';
import { isValidTopicFilter } from './topic-validity.js';

/**
 * Whether every topic the requested filter can match is matched by the allowed one. '+' covers a
 * literal or '+', never '#'; '#' covers whatever is left; a literal covers only itself.
 *
 * Conservative where '#' would add the parent topic '', which is no topic [MQTT-4.7.3-1]: allowed
 * '+/#' matches exactly what requested '#' does, as '/+/#' and '+/+/#' do '/#', yet, as
 * shared/ARCHITECTURE.md states the rule, none is said to cover. Never wider than the truth.
 */
export function coversLevels(allowed: FilterLevels, requested: FilterLevels): boolean {
  // [MQTT-4.7.2-1] a wildcard first level never matches '$' topics, which a '$' literal names.
  if (isWildcardLevel(allowed[0]) && isReservedLevel(requested[0])) return false;

  for (let index = 0; index < allowed.length; index++) {
    const level = allowed[index];
    if (level === '#') return true;

    // Requested '#' here also matches deeper topics and the parent topic; a requested filter that
    // ended here matches the parent topic. Only an allowed '#' here matches those as well.
    const wanted = requested[index];
    if (wanted === undefined || wanted === '#') return false;
    if (level !== '+' && level !== wanted) return false;
  }
  return requested.length === allowed.length;
}

/** Whether `allowed` covers `requested`; false unless both are valid filters. */
export function filterCovers(allowed: string, requested: string): boolean {
  if (!isValidTopicFilter(allowed) || !isValidTopicFilter(requested)) return false;
  return coversLevels(splitLevels(allowed), splitLevels(requested));
}
