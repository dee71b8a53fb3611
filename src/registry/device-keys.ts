import { assertDeviceId, WardenError } from '../core/index.js';
import { recordChange } from './change-feed.js';
import type { RegistryContext } from './context.js';
import { assertAlg, assertKid, encodePublicJwk } from './device-key-fields.js';
import { requireDeviceRow } from './require-device.js';
import { type DeviceKeyRow, toDeviceKey } from './rows.js';
import type { DeviceKey } from './types.js';

export interface NewDeviceKey {
  deviceId: string;
  kid: string;
  alg: string;
  jwk: Record<string, unknown>;
}

export function addDeviceKey(context: RegistryContext, key: NewDeviceKey): DeviceKey {
  assertDeviceId(key.deviceId);
  assertKid(key.kid);
  assertAlg(key.alg);
  const jwk = encodePublicJwk(key.jwk, key.kid, key.alg);

  return context.transaction(() => {
    requireDeviceRow(context, key.deviceId);
    const at = context.nowMs();
    const row: DeviceKeyRow = {
      deviceId: key.deviceId,
      kid: key.kid,
      alg: key.alg,
      jwk,
      createdAt: at,
    };
    if (context.sql.insertDeviceKey.run(row).changes === 0) {
      throw new WardenError(
        'ERR_KEY_EXISTS',
        `device ${key.deviceId} already has a key with id ${key.kid}`,
      );
    }

    recordChange(context, 'key.added', key.deviceId, at, { kid: key.kid });
    return toDeviceKey(row);
  });
}

export function listDeviceKeys(context: RegistryContext, deviceId: string): DeviceKey[] {
  assertDeviceId(deviceId);
  return context.sql.selectDeviceKeys.all(deviceId).map(toDeviceKey);
}

export function getDeviceKey(
  context: RegistryContext,
  deviceId: string,
  kid: string,
): DeviceKey | undefined {
  assertDeviceId(deviceId);
  assertKid(kid);
  const row = context.sql.selectDeviceKey.get(deviceId, kid);
  return row === undefined ? undefined : toDeviceKey(row);
}

export function removeDeviceKey(context: RegistryContext, deviceId: string, kid: string): void {
  assertDeviceId(deviceId);
  assertKid(kid);

  context.transaction(() => {
    if (context.sql.deleteDeviceKey.run(deviceId, kid).changes === 0) {
      throw new WardenError('ERR_KEY_NOT_FOUND', `device ${deviceId} has no key with id ${kid}`);
    }
    recordChange(context, 'key.removed', deviceId, context.nowMs(), { kid });
  });
}

/** Removes every key of a device, one change event each; runs inside removeDevice. */
export function removeKeysOfDevice(context: RegistryContext, deviceId: string, atMs: number): void {
  for (const { kid } of context.sql.selectDeviceKeys.all(deviceId)) {
    context.sql.deleteDeviceKey.run(deviceId, kid);
    recordChange(context, 'key.removed', deviceId, atMs, { kid });
  }
}
