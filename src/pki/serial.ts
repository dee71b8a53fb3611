import { randomBytes } from 'node:crypto';

/** RFC 5280 §4.1.2.2: at most 20 octets; 16 random octets give 127 bits of entropy. */
const SERIAL_OCTETS = 16;
const HEX_SERIAL = /^[0-9a-f]+$/;

/**
 * The one spelling of a serial number in Warden: lowercase hex, no colons, leading zero octets
 * removed, an even number of digits. It equals Node's `X509Certificate.serialNumber` and a TLS
 * peer certificate's `serialNumber` once lowercased, but callers should pass those through this
 * function rather than rely on that. Zero is "00". Throws RangeError unless `serial` is hex.
 */
export function normalizeSerial(serial: string): string {
  const bare = serial.replaceAll(':', '').toLowerCase();
  if (!HEX_SERIAL.test(bare)) throw new RangeError(`serial ${JSON.stringify(serial)} is not hex`);

  let even = bare.length % 2 === 0 ? bare : `0${bare}`;
  while (even.length > 2 && even.startsWith('00')) even = even.slice(2);
  return even;
}

/**
 * A random positive serial of exactly 16 octets (32 hex digits): the top bit is clear so the
 * DER INTEGER stays positive without a padding octet (RFC 5280 §4.1.2.2), and the first octet is
 * never zero so normalizing never shortens it.
 */
export function randomSerial(): string {
  for (;;) {
    const octets = randomBytes(SERIAL_OCTETS);
    const first = (octets[0] ?? 0) & 0x7f;
    if (first === 0) continue;

    octets[0] = first;
    return octets.toString('hex');
  }
}
