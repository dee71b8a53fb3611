import { assertClaims, assertDeviceId, type Claims } from '../core/index.js';
import type { Device } from '../registry/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';

/**
 * Registers a device, enabled, with its claims. Throws ERR_INVALID_DEVICE_ID, ERR_INVALID_CLAIM
 * or ERR_DEVICE_EXISTS.
 */
export function addDevice(context: FleetContext, id: string, claims: Claims = {}): Device {
  assertDeviceId(id);
  const checked = assertClaims(claims);

  const device = context.registry.transaction(() => {
    const added = context.registry.addDevice(id, { ...checked });
    audit(context, 'device.add', id, { claims: added.claims });
    return added;
  });

  context.log.info({ deviceId: id }, 'device added');
  return device;
}
