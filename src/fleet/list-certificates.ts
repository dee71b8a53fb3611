import type { CertificateRecord } from '../registry/index.js';
import type { FleetContext } from './context.js';
import { requireDevice } from './require-device.js';

/** Every certificate, or a device's; throws ERR_DEVICE_NOT_FOUND for an unknown device. */
export function listCertificates(
  context: FleetContext,
  filter: { deviceId?: string } = {},
): CertificateRecord[] {
  if (filter.deviceId === undefined) return context.registry.listCertificates();

  requireDevice(context, filter.deviceId);
  return context.registry.listCertificates({ deviceId: filter.deviceId });
}
