import { assertLimit, assertSeq } from './arguments.js';
import type { RegistryContext } from './context.js';
import { toChangeEvent } from './rows.js';
import type { ChangeEvent, ChangeKind } from './types.js';

export const DEFAULT_CHANGES_PER_READ = 1000;
export const MAX_CHANGES_PER_READ = 10_000;

interface ChangeSubject {
  serial?: string;
  kid?: string;
}

/** Appends one event; called inside the transaction of the change it reports. */
export function recordChange(
  context: RegistryContext,
  kind: ChangeKind,
  deviceId: string,
  atMs: number,
  subject: ChangeSubject = {},
): void {
  context.sql.insertChange.run({
    at: atMs,
    kind,
    deviceId,
    serial: subject.serial ?? null,
    kid: subject.kid ?? null,
  });
}

export function latestChangeSeq(context: RegistryContext): number {
  return context.sql.selectLatestChangeSeq.get() ?? 0;
}

/** The events after `afterSeq`, oldest first: a range scan of the primary key. */
export function readChanges(
  context: RegistryContext,
  afterSeq: number,
  limit = DEFAULT_CHANGES_PER_READ,
): ChangeEvent[] {
  assertSeq(afterSeq, 'afterSeq');
  assertLimit(limit, MAX_CHANGES_PER_READ);

  return context.sql.selectChanges.all(afterSeq, limit).map(toChangeEvent);
}
