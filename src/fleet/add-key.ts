import { WardenError } from '../core/index.js';
import type { DeviceKey } from '../registry/index.js';
import { audit } from './audit.js';
import type { FleetContext } from './context.js';
import { readDevicePublicKey } from './device-public-key.js';
import { requireDevice } from './require-device.js';

export interface KeyRegistration {
  readonly deviceId: string;
  /** An SPKI PEM public key; give this or `jwk`. */
  readonly pem?: string;
  /** A public JWK, parsed from JSON; give this or `pem`. */
  readonly jwk?: unknown;
}

/**
 * Registers a public key a device signs its own tokens with: EC P-256 (ES256), P-384 (ES384),
 * Ed25519 (EdDSA) or RSA of 2048 bits or more (RS256); its kid is the RFC 7638 thumbprint.
 * Throws ERR_INVALID_DEVICE_ID, ERR_DEVICE_NOT_FOUND, ERR_KEY_INVALID, ERR_KEY_EXISTS.
 */
export async function addKey(
  context: FleetContext,
  registration: KeyRegistration,
): Promise<DeviceKey> {
  const { deviceId } = registration;
  requireDevice(context, deviceId);
  const key = await readDevicePublicKey(pickInput(registration));

  const stored = context.registry.transaction(() => {
    requireDevice(context, deviceId);
    const added = context.registry.addDeviceKey({
      deviceId,
      kid: key.kid,
      alg: key.alg,
      jwk: key.jwk,
    });
    audit(context, 'key.add', deviceId, { kid: key.kid, alg: key.alg });
    return added;
  });

  context.log.info({ deviceId, kid: key.kid, alg: key.alg }, 'device key added');
  return stored;
}

function pickInput(registration: KeyRegistration) {
  const { pem, jwk } = registration;
  if (pem !== undefined && jwk === undefined) return { pem };
  if (jwk !== undefined && pem === undefined) return { jwk };
  throw new WardenError('ERR_INVALID_ARGUMENT', 'give the public key either as PEM or as a JWK');
}
