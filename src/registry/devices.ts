import { assertClaims, assertDeviceId, WardenError } from '../core/index.js';
import { encodeObject } from './arguments.js';
import { revokeCertificatesOfDevice } from './certificates.js';
import { recordChange } from './change-feed.js';
import type { RegistryContext } from './context.js';
import { removeKeysOfDevice } from './device-keys.js';
import { requireDeviceRow } from './require-device.js';
import { type DeviceRow, toDevice } from './rows.js';
import type { Device, DeviceStatus } from './types.js';

const STATUSES: readonly DeviceStatus[] = ['enabled', 'disabled'];

export function addDevice(
  context: RegistryContext,
  id: string,
  claims: Record<string, string> = {},
): Device {
  assertDeviceId(id);
  const checked = assertClaims(claims);

  return context.transaction(() => {
    const at = context.nowMs();
    const row: DeviceRow = {
      id,
      status: 'enabled',
      claims: encodeObject(checked, 'claims'),
      createdAt: at,
      updatedAt: at,
    };
    if (context.sql.insertDevice.run(row).changes === 0) {
      throw new WardenError('ERR_DEVICE_EXISTS', `device ${id} already exists`);
    }

    recordChange(context, 'device.added', id, at);
    return toDevice(row);
  });
}

export function getDevice(context: RegistryContext, id: string): Device | undefined {
  assertDeviceId(id);
  const row = context.sql.selectDevice.get(id);
  return row === undefined ? undefined : toDevice(row);
}

export function listDevices(context: RegistryContext): Device[] {
  return context.sql.selectDevices.all().map(toDevice);
}

export function setDeviceStatus(
  context: RegistryContext,
  id: string,
  status: DeviceStatus,
): Device {
  assertDeviceId(id);
  if (!STATUSES.includes(status)) throw new TypeError(`unknown device status ${String(status)}`);

  return context.transaction(() => {
    const current = requireDeviceRow(context, id);
    if (current.status === status) return toDevice(current);

    const at = context.nowMs();
    context.sql.updateDeviceStatus.run({ id, status, updatedAt: at });
    recordChange(context, status === 'disabled' ? 'device.disabled' : 'device.enabled', id, at);
    return toDevice({ ...current, status, updatedAt: at });
  });
}

export function setDeviceClaims(
  context: RegistryContext,
  id: string,
  claims: Record<string, string>,
): Device {
  assertDeviceId(id);
  const encoded = encodeObject(assertClaims(claims), 'claims');

  return context.transaction(() => {
    const current = requireDeviceRow(context, id);
    if (current.claims === encoded) return toDevice(current);

    const at = context.nowMs();
    context.sql.updateDeviceClaims.run({ id, claims: encoded, updatedAt: at });
    recordChange(context, 'device.claims', id, at);
    return toDevice({ ...current, claims: encoded, updatedAt: at });
  });
}

/**
 * Removes a device and its keys. Its certificates stay, revoked, so the CRL still lists them,
 * their serials are never reused, and none of them can authenticate again.
 */
export function removeDevice(context: RegistryContext, id: string): void {
  assertDeviceId(id);

  context.transaction(() => {
    requireDeviceRow(context, id);
    const at = context.nowMs();

    revokeCertificatesOfDevice(context, id, at);
    removeKeysOfDevice(context, id, at);
    context.sql.deleteDevice.run(id);
    recordChange(context, 'device.removed', id, at);
  });
}
