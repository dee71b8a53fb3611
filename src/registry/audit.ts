import { userInfo } from 'node:os';
import { assertDeviceId } from '../core/index.js';
import { assertLimit, assertPattern, assertSeq, assertText, encodeObject } from './arguments.js';
import type { RegistryContext } from './context.js';
import { toAuditEntry } from './rows.js';
import { NO_LIMIT } from './statements.js';
import type { AuditEntry } from './types.js';

const ACTION = /^[A-Za-z0-9._:-]{1,64}$/;
const ACTOR_MAX_LENGTH = 128;
const DETAIL_MAX_BYTES = 64 * 1024;

export interface NewAuditEntry {
  action: string;
  deviceId?: string | null;
  detail?: Record<string, unknown>;
  actor?: string;
}

export interface AuditFilter {
  deviceId?: string;
  limit?: number;
  afterSeq?: number;
}

let processActor: string | undefined;

/** The operating-system user running this process, else its uid: who did it, by default. */
function defaultActor(): string {
  if (processActor !== undefined) return processActor;
  try {
    processActor = userInfo().username;
  } catch {
    // userInfo() throws when the uid has no passwd entry, as in many containers.
    processActor = `uid:${process.getuid?.() ?? 'unknown'}`;
  }
  return processActor;
}

export function appendAudit(context: RegistryContext, entry: NewAuditEntry): AuditEntry {
  assertPattern(entry.action, ACTION, 'audit action', 'use 1-64 of A-Z a-z 0-9 . _ : -');
  const actor = entry.actor ?? defaultActor();
  assertText(actor, 'audit actor', ACTOR_MAX_LENGTH);
  const deviceId = entry.deviceId ?? null;
  if (deviceId !== null) assertDeviceId(deviceId);
  const detail = encodeObject(entry.detail ?? {}, 'audit detail');
  if (Buffer.byteLength(detail) > DETAIL_MAX_BYTES) {
    throw new RangeError(`audit detail must be at most ${DETAIL_MAX_BYTES} bytes of JSON`);
  }

  const row = { at: context.nowMs(), actor, action: entry.action, deviceId, detail };
  const seq = Number(context.sql.insertAudit.run(row).lastInsertRowid);
  return toAuditEntry({ seq, ...row });
}

/** Entries after `afterSeq` (default 0), oldest first, at most `limit` (default all). */
export function listAudit(context: RegistryContext, filter: AuditFilter = {}): AuditEntry[] {
  const afterSeq = filter.afterSeq ?? 0;
  assertSeq(afterSeq, 'afterSeq');
  if (filter.limit !== undefined) assertLimit(filter.limit, Number.MAX_SAFE_INTEGER);
  const limit = filter.limit ?? NO_LIMIT;

  if (filter.deviceId === undefined) {
    return context.sql.selectAudit.all(afterSeq, limit).map(toAuditEntry);
  }
  assertDeviceId(filter.deviceId);
  return context.sql.selectAuditOfDevice.all(filter.deviceId, afterSeq, limit).map(toAuditEntry);
}
