import type { Device, DeviceStatus } from '../registry/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { requireDevice } from './require-device.js';

/**
 * Disables a device: the broker closes its connections and refuses new ones until it is enabled.
 * Throws ERR_INVALID_DEVICE_ID or ERR_DEVICE_NOT_FOUND.
 */
export function disableDevice(context: FleetContext, id: string): Device {
  return setDeviceStatus(context, id, 'disabled');
}

/** Enables a disabled device. Throws ERR_INVALID_DEVICE_ID or ERR_DEVICE_NOT_FOUND. */
export function enableDevice(context: FleetContext, id: string): Device {
  return setDeviceStatus(context, id, 'enabled');
}

function setDeviceStatus(context: FleetContext, id: string, status: DeviceStatus): Device {
  const action = status === 'disabled' ? 'device.disable' : 'device.enable';

  const device = context.registry.transaction(() => {
    const before = requireDevice(context, id);
    const after = context.registry.setDeviceStatus(id, status);
    audit(context, action, id, { from: before.status, to: after.status });
    return after;
  });

  context.log.info({ deviceId: id, status }, 'device status set');
  return device;
}
