import { assertDeviceId, WardenError } from '../core/index.js';
import type { Device } from '../registry/index.js';
import type { FleetContext } from './context.js';

/** The device `id`; throws ERR_INVALID_DEVICE_ID or ERR_DEVICE_NOT_FOUND. */
export function requireDevice(context: FleetContext, id: string): Device {
  assertDeviceId(id);
  const device = context.registry.getDevice(id);
  if (device !== undefined) return device;
  throw new WardenError('ERR_DEVICE_NOT_FOUND', `device ${id} not found`);
}

/** The device `id` if it may receive credentials; also throws ERR_DEVICE_DISABLED. */
export function requireEnabledDevice(context: FleetContext, id: string): Device {
  const device = requireDevice(context, id);
  if (device.status === 'enabled') return device;
  throw new WardenError(
    'ERR_DEVICE_DISABLED',
    `device ${id} is disabled: enable it first with \`warden device enable ${id}\``,
  );
}
