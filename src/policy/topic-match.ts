import {
  type FilterLevels,
  isReservedTopic,
  isWildcardLevel,
  splitLevels,
} from './topic-levels.js';
import { isValidTopicFilter, isValidTopicName } from './topic-validity.js';

const SLASH = 0x2f;

/**
 * Whether a valid topic name matches a split, valid filter. Walks the topic in place: no split,
 * no allocation, since the broker runs it for every message.
 */
export function matchesLevels(levels: FilterLevels, topic: string): boolean {
  // [MQTT-4.7.2-1] a filter starting with a wildcard never matches a topic starting with '$'.
  if (isWildcardLevel(levels[0]) && isReservedTopic(topic)) return false;

  let position = 0;
  for (const level of levels) {
    // [MQTT-4.7.1-2] '#' matches the parent level too: 'a/#' matches 'a'.
    if (level === '#') return true;
    if (position > topic.length) return false;

    const end = level === '+' ? levelEnd(topic, position) : position + level.length;
    if (level !== '+' && !isLevelAt(topic, position, end, level)) return false;
    position = end + 1;
  }
  return position > topic.length;
}

function levelEnd(topic: string, start: number): number {
  const slash = topic.indexOf('/', start);
  return slash === -1 ? topic.length : slash;
}

// A literal level is at `start` when the topic holds it there and a level ends right after it.
function isLevelAt(topic: string, start: number, end: number, level: string): boolean {
  if (end > topic.length) return false;
  if (end < topic.length && topic.charCodeAt(end) !== SLASH) return false;
  return topic.startsWith(level, start);
}

/** Standard MQTT matching; false unless `filter` and `topic` are both valid. */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  if (!isValidTopicFilter(filter) || !isValidTopicName(topic)) return false;
  return matchesLevels(splitLevels(filter), topic);
}
