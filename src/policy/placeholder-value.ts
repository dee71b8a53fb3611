import { fitsTopicBytes, hasForbiddenCharacterOrWildcard } from './topic-text.js';

/**
 * Whether a value may fill a placeholder. It must be one valid topic level that cannot widen the
 * rule: not empty (all identities without a value would share one topic), no '/' (more
 * levels), no '+' or '#' (wildcards), no leading '$' (the broker's topics), and none of the
 * characters a topic may not hold. Anything else drops the allow rule.
 */
export function isPlaceholderValue(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (value.startsWith('$')) return false;
  if (value.includes('/')) return false;
  return !hasForbiddenCharacterOrWildcard(value) && fitsTopicBytes(value);
}
