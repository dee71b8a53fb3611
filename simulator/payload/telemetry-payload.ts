import type { Reading } from '../models/sensor-model.js';

export const payloadFormats = ['json', 'senml'] as const;
export type PayloadFormat = (typeof payloadFormats)[number];

/** What every telemetry message carries besides its readings, so the monitor can measure it. */
export interface TelemetryStamp {
  readonly deviceId: string;
  /** 1, 2, 3, … per device and run; a gap is a lost message, a repeat a duplicate. */
  readonly seq: number;
  /** When the device meant to send it, in milliseconds since the epoch (fractional). */
  readonly sentAtMs: number;
}

const MS_PER_SECOND = 1000;
/** The name of the SenML record that carries the sequence number. */
export const SENML_SEQ_NAME = 'seq';

/**
 * Encodes a telemetry message. `json` is a flat object; `senml` is a SenML pack (RFC 8428 §4):
 * the base name is the device's URN, the base time the intended send time in seconds, and the
 * sequence number travels as one more record.
 */
export function encodeTelemetry(
  format: PayloadFormat,
  stamp: TelemetryStamp,
  readings: readonly Reading[],
): string {
  if (format === 'senml') return JSON.stringify(toSenml(stamp, readings));

  const values: Record<string, number | boolean> = {};
  for (const reading of readings) values[reading.name] = readingValue(reading);
  return JSON.stringify({
    device: stamp.deviceId,
    seq: stamp.seq,
    ts: stamp.sentAtMs,
    values,
  });
}

/** A SenML pack; records after the first inherit its base name and base time. */
export type SenmlRecord = {
  bn?: string;
  bt?: number;
  n: string;
  u?: string;
  v?: number;
  vb?: boolean;
};

export function toSenml(stamp: TelemetryStamp, readings: readonly Reading[]): SenmlRecord[] {
  const records: SenmlRecord[] = readings.map((reading) => ({
    n: reading.name,
    ...(reading.unit === undefined ? {} : { u: reading.unit }),
    ...(reading.booleanValue === undefined
      ? { v: reading.value ?? 0 }
      : { vb: reading.booleanValue }),
  }));
  records.push({ n: SENML_SEQ_NAME, v: stamp.seq });

  const first = records[0]!;
  records[0] = {
    bn: `urn:warden:device:${stamp.deviceId}:`,
    bt: stamp.sentAtMs / MS_PER_SECOND,
    ...first,
  };
  return records;
}

/** What the monitor reads back from a message: its stamp, or that it is a rogue probe. */
export type DecodedMessage =
  | { readonly kind: 'telemetry'; readonly seq: number; readonly sentAtMs: number }
  | { readonly kind: 'probe'; readonly probeId: number }
  | { readonly kind: 'unreadable' };

/** Decodes either format (and probe payloads); never throws. */
export function decodeMessage(payload: Buffer | string): DecodedMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString());
  } catch {
    return { kind: 'unreadable' };
  }
  if (Array.isArray(parsed)) return decodeSenml(parsed);
  if (typeof parsed !== 'object' || parsed === null) return { kind: 'unreadable' };

  const object = parsed as Record<string, unknown>;
  if (typeof object['probe'] === 'number') return { kind: 'probe', probeId: object['probe'] };
  return stamped(object['seq'], object['ts']);
}

function decodeSenml(records: unknown[]): DecodedMessage {
  const first = records[0] as SenmlRecord | undefined;
  const seq = records.find((record) => (record as SenmlRecord | null)?.n === SENML_SEQ_NAME);
  const bt = first?.bt;
  return stamped((seq as SenmlRecord | undefined)?.v, bt === undefined ? undefined : bt * 1000);
}

function stamped(seq: unknown, sentAtMs: unknown): DecodedMessage {
  const valid =
    typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 && typeof sentAtMs === 'number';
  return valid ? { kind: 'telemetry', seq, sentAtMs } : { kind: 'unreadable' };
}

function readingValue(reading: Reading): number | boolean {
  return reading.booleanValue ?? reading.value ?? 0;
}
