import {
  describeForbiddenCharacter,
  fitsTopicBytes,
  hasForbiddenCharacter,
  hasForbiddenCharacterOrWildcard,
  MAX_TOPIC_BYTES,
} from './topic-text.js';

const PLUS = 0x2b;
const HASH = 0x23;
const SLASH = 0x2f;
const TOO_LONG = `is longer than ${MAX_TOPIC_BYTES} UTF-8 bytes [MQTT-4.7.3-3]`;
const FORBIDDEN = 'NUL, control characters, U+FFFD, noncharacters and lone surrogates are refused';

/**
 * Whether `topic` may name a PUBLISH: 1 to 65535 UTF-8 bytes [MQTT-4.7.3-1] [MQTT-4.7.3-3],
 * no wildcard [MQTT-4.7.1-1] [MQTT-3.3.2-2], and none of the characters topic-text.ts refuses.
 */
export function isValidTopicName(topic: string): boolean {
  if (typeof topic !== 'string' || topic.length === 0) return false;
  return !hasForbiddenCharacterOrWildcard(topic) && fitsTopicBytes(topic);
}

/** Whether `filter` may be subscribed to: the character rules of a topic name plus wildcards. */
export function isValidTopicFilter(filter: string): boolean {
  return describeTopicFilterProblem(filter) === undefined;
}

/** Says what makes `filter` invalid, or returns undefined when it is a valid topic filter. */
export function describeTopicFilterProblem(filter: string): string | undefined {
  if (typeof filter !== 'string') return 'is not a string';
  if (filter.length === 0) return 'is empty [MQTT-4.7.3-1]';

  if (hasForbiddenCharacter(filter)) {
    const at = describeForbiddenCharacter(filter);
    return `holds a forbidden character (${at}): ${FORBIDDEN}`;
  }
  if (!fitsTopicBytes(filter)) return TOO_LONG;
  return describeWildcardProblem(filter);
}

function describeWildcardProblem(filter: string): string | undefined {
  for (let index = 0; index < filter.length; index++) {
    const unit = filter.charCodeAt(index);
    if (unit !== PLUS && unit !== HASH) continue;

    const alone = isLevelEnd(filter, index - 1) && isLevelEnd(filter, index + 1);
    if (unit === HASH && !(alone && index === filter.length - 1)) {
      return "uses '#' other than alone in the last level [MQTT-4.7.1-2]";
    }
    if (unit === PLUS && !alone) return "uses '+' other than alone in a level [MQTT-4.7.1-3]";
  }
  return undefined;
}

// Whether `index` is just outside a level: before the start, past the end, or on a '/'.
function isLevelEnd(filter: string, index: number): boolean {
  return index < 0 || index === filter.length || filter.charCodeAt(index) === SLASH;
}
