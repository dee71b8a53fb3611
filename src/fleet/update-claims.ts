import { assertClaims, type Claims, isClaimKey, WardenError } from '../core/index.js';
import type { Device } from '../registry/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { requireDevice } from './require-device.js';

export interface ClaimsUpdate {
  /** Claims to add or overwrite. */
  readonly set?: Claims;
  /** Claim keys to drop; a key that is not there is ignored. */
  readonly unset?: readonly string[];
}

/**
 * Sets and unsets claims of a device in one change; unset is applied after set. Throws
 * ERR_INVALID_DEVICE_ID, ERR_DEVICE_NOT_FOUND or ERR_INVALID_CLAIM.
 */
export function updateClaims(context: FleetContext, id: string, update: ClaimsUpdate): Device {
  const set = assertClaims(update.set ?? {});
  const unset = checkKeys(update.unset ?? []);

  const device = context.registry.transaction(() => {
    const before = requireDevice(context, id);
    const claims: Record<string, string> = { ...before.claims, ...set };
    for (const key of unset) delete claims[key];

    const after = context.registry.setDeviceClaims(id, claims);
    audit(context, 'device.claims', id, { from: before.claims, to: after.claims });
    return after;
  });

  context.log.info({ deviceId: id }, 'device claims updated');
  return device;
}

function checkKeys(keys: readonly string[]): readonly string[] {
  const invalid = keys.find((key) => !isClaimKey(key));
  if (invalid === undefined) return keys;
  throw new WardenError('ERR_INVALID_CLAIM', `invalid claim key ${JSON.stringify(invalid)}`);
}
