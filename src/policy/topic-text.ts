/** A topic name or filter is a UTF-8 string of at most this many bytes [MQTT-4.7.3-3]. */
export const MAX_TOPIC_BYTES = 65535;

// A UTF-16 code unit takes at most 3 UTF-8 bytes, so text this short always fits.
const ALWAYS_FITS_UNITS = Math.floor(MAX_TOPIC_BYTES / 3);
const ONE_BYTE_END = 0x7f;
const TWO_BYTES_END = 0x7ff;
const SURROGATE_START = 0xd800;
const SURROGATE_END = 0xdfff;
const PLANES = 17;
const PLANE_SIZE = 0x10000;

// U+xFFFE and U+xFFFF are noncharacters in each of the 17 planes.
const planeNoncharacters = Array.from({ length: PLANES }, (_, plane) => {
  const last = (plane * PLANE_SIZE + 0xffff).toString(16);
  const beforeLast = (plane * PLANE_SIZE + 0xfffe).toString(16);
  return `\\u{${beforeLast}}\\u{${last}}`;
}).join('');

/**
 * Characters no topic may hold, matched natively (a regular expression beats a JavaScript loop):
 * - U+0000 [MQTT-4.7.3-2] and lone surrogates [MQTT-1.5.3-1] (in `u` mode, \p{Surrogate} matches
 *   only a surrogate that is not half of a pair);
 * - U+0001–U+001F, U+007F–U+009F and the noncharacters: MQTT 3.1.1 §1.5.3 says a string SHOULD
 *   NOT hold them; they have no business in a topic and make logs and audits ambiguous;
 * - U+FFFD: aedes decodes invalid UTF-8 into it, so distinct raw topics would collapse into one.
 */
const forbiddenClass = `\\u0000-\\u001f\\u007f-\\u009f\\ufdd0-\\ufdef\\ufffd${planeNoncharacters}`;
const FORBIDDEN_CHARACTER = new RegExp(`[${forbiddenClass}]|\\p{Surrogate}`, 'u');
// The same, plus the wildcards a topic name may not hold [MQTT-4.7.1-1] [MQTT-3.3.2-2].
const FORBIDDEN_IN_NAME = new RegExp(`[#+${forbiddenClass}]|\\p{Surrogate}`, 'u');

export function hasForbiddenCharacter(text: string): boolean {
  return FORBIDDEN_CHARACTER.test(text);
}

export function hasForbiddenCharacterOrWildcard(text: string): boolean {
  return FORBIDDEN_IN_NAME.test(text);
}

/** Whether text free of forbidden characters fits in 65535 UTF-8 bytes [MQTT-4.7.3-3]. */
export function fitsTopicBytes(text: string): boolean {
  if (text.length <= ALWAYS_FITS_UNITS) return true;
  if (text.length > MAX_TOPIC_BYTES) return false;
  return utf8ByteLength(text) <= MAX_TOPIC_BYTES;
}

// Counts without checking: a surrogate pair is 2 units for 4 bytes, 2 per unit.
function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit <= ONE_BYTE_END) bytes += 1;
    else if (unit <= TWO_BYTES_END || (unit >= SURROGATE_START && unit <= SURROGATE_END))
      bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** Names the first forbidden character for a message, e.g. `U+0000 at index 3`. */
export function describeForbiddenCharacter(text: string): string {
  const index = FORBIDDEN_CHARACTER.exec(text)?.index ?? -1;
  const codePoint = text.codePointAt(index) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} at index ${index}`;
}
