import {
  type FilterLevels,
  isReservedLevel,
  isWildcardLevel,
  splitLevels,
} from './topic-levels.js';
import { isValidTopicFilter } from './topic-validity.js';

/**
 * Whether some topic name matches both filters. The 65535-byte limit is ignored, which can only
 * make the answer yes more often: the safe side when a deny filter is checked for overlap.
 */
export function overlapLevels(a: FilterLevels, b: FilterLevels): boolean {
  // [MQTT-4.7.2-1] only a '$' literal matches '$' topics, and a wildcard first level none of them.
  if (isWildcardLevel(a[0]) && isReservedLevel(b[0])) return false;
  if (isWildcardLevel(b[0]) && isReservedLevel(a[0])) return false;

  const shorter = Math.min(a.length, b.length);
  for (let index = 0; index < shorter; index++) {
    const left = a[index];
    const right = b[index];
    if (left === '#' || right === '#') return true;
    if (left !== '+' && right !== '+' && left !== right) return false;
  }
  if (a.length === b.length) return true;
  // Otherwise the longer one must end in '#', which also matches the shorter one's topic, unless
  // that topic would be one empty level: '' is no topic [MQTT-4.7.3-1], so '+' and '/#' share none.
  if (a[shorter] !== '#' && b[shorter] !== '#') return false;
  return !(shorter === 1 && (a[0] === '' || b[0] === ''));
}

/** Whether some topic matches both `a` and `b`; false unless both are valid filters. */
export function filtersOverlap(a: string, b: string): boolean {
  if (!isValidTopicFilter(a) || !isValidTopicFilter(b)) return false;
  return overlapLevels(splitLevels(a), splitLevels(b));
}
