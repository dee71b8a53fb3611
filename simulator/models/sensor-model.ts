/** The sensor models a simulated device can carry; see create-model.ts for their parameters. */
export const modelKinds = ['walk', 'sine', 'gps', 'battery', 'door', 'motion'] as const;

export type ModelKind = (typeof modelKinds)[number];

/** One measured value, named and with a SenML unit (RFC 8428 §12.1) where it has one. */
export interface Reading {
  readonly name: string;
  readonly unit?: string;
  readonly value?: number;
  readonly booleanValue?: boolean;
}

/**
 * A source of readings. `interval` models are read on a jittered period; `poisson` models are
 * read at the events of a Poisson process whose mean gap is the device's interval.
 */
export interface SensorModel {
  readonly kind: ModelKind;
  readonly timing: 'interval' | 'poisson';
  read(atMs: number): Reading[];
}

/** Model parameters as a scenario file gives them: numbers, plus a route for `gps`. */
export type ModelParams = Readonly<Record<string, unknown>>;

export function isModelKind(value: unknown): value is ModelKind {
  return typeof value === 'string' && (modelKinds as readonly string[]).includes(value);
}

/** Rounds a reading for the wire: sensors do not report 15 significant digits. */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
