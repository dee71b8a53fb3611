import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { requireDevice } from './require-device.js';

export interface RemovedDevice {
  readonly id: string;
  /** The certificates that were still valid and are revoked now (cessationOfOperation). */
  readonly revokedSerials: readonly string[];
}

/**
 * Removes a device and its keys; its certificates stay in the registry, revoked, so the CRL
 * still lists them. Throws ERR_INVALID_DEVICE_ID or ERR_DEVICE_NOT_FOUND.
 */
export function removeDevice(context: FleetContext, id: string): RemovedDevice {
  requireDevice(context, id);

  const revokedSerials = context.registry.transaction(() => {
    const revoked = context.registry
      .listCertificates({ deviceId: id })
      .filter((certificate) => certificate.revokedAt === null)
      .map((certificate) => certificate.serial);
    context.registry.removeDevice(id);
    audit(context, 'device.remove', id, { revokedSerials: revoked });
    return revoked;
  });

  context.log.info({ deviceId: id, revoked: revokedSerials.length }, 'device removed');
  return { id, revokedSerials };
}
