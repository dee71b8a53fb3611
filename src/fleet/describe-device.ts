import type { CertificateRecord, Device, DeviceKey } from '../registry/index.js';
import type { FleetContext } from './context.js';
import { requireDevice } from './require-device.js';

/** A device with every certificate it was issued and every key it registered. */
export interface DeviceDetails extends Device {
  readonly certificates: readonly CertificateRecord[];
  readonly keys: readonly DeviceKey[];
}

/** Throws ERR_INVALID_DEVICE_ID or ERR_DEVICE_NOT_FOUND. */
export function describeDevice(context: FleetContext, id: string): DeviceDetails {
  const device = requireDevice(context, id);
  return {
    ...device,
    certificates: context.registry.listCertificates({ deviceId: id }),
    keys: context.registry.listDeviceKeys(id),
  };
}
