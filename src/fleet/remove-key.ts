import { WardenError } from '../core/index.js';
import type { DeviceKey } from '../registry/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { requireDevice } from './require-device.js';

/** The keys a device signs its own tokens with. Throws ERR_DEVICE_NOT_FOUND. */
export function listKeys(context: FleetContext, deviceId: string): DeviceKey[] {
  requireDevice(context, deviceId);
  return context.registry.listDeviceKeys(deviceId);
}

/**
 * Removes a device's key; tokens it signed stop authenticating. Throws ERR_INVALID_DEVICE_ID,
 * ERR_DEVICE_NOT_FOUND or ERR_KEY_NOT_FOUND.
 */
export function removeKey(context: FleetContext, deviceId: string, kid: string): void {
  requireDevice(context, deviceId);

  context.registry.transaction(() => {
    const known = context.registry.listDeviceKeys(deviceId).some((key) => key.kid === kid);
    if (!known) {
      throw new WardenError('ERR_KEY_NOT_FOUND', `device ${deviceId} has no key ${kid}`);
    }
    context.registry.removeDeviceKey(deviceId, kid);
    audit(context, 'key.remove', deviceId, { kid });
  });

  context.log.info({ deviceId, kid }, 'device key removed');
}
