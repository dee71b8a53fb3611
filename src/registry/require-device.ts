import { WardenError } from '../core/index.js';
import type { RegistryContext } from './context.js';
import type { DeviceRow } from './rows.js';

/** The row of device `id` (already checked by the caller), or ERR_DEVICE_NOT_FOUND. */
export function requireDeviceRow(context: RegistryContext, id: string): DeviceRow {
  const row = context.sql.selectDevice.get(id);
  if (row !== undefined) return row;
  throw new WardenError('ERR_DEVICE_NOT_FOUND', `device ${id} not found`);
}
