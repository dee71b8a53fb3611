import { checkClientCertificate, describeCertificate } from '../pki/index.js';
import type { Registry } from '../registry/index.js';
import type { AuthOutcome, ConnectAttempt } from './identity.js';
import { refuse } from './refusal.js';

export interface CertificateAuthDeps {
  readonly registry: Registry;
  readonly now: () => Date;
}

/**
 * Authenticates a connection by its TLS client certificate. The identity is the registry entry
 * of the certificate's serial, never the certificate's free text (CN, SAN): Node hands over CNs
 * as arrays, with NULs or `+`, and none of that may name a device.
 */
export function authenticateCertificate(
  deps: CertificateAuthDeps,
  attempt: ConnectAttempt,
  der: Buffer,
): AuthOutcome {
  // Step 1: the chain, which TLS checked against Warden's CA only.
  if (!attempt.peerVerified) {
    const why = attempt.peerVerifyError ?? 'unverified chain';
    const outOfValidity = /CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/.test(why);
    return refuse(outOfValidity ? 'ERR_AUTH_CERT_EXPIRED' : 'ERR_AUTH_CERT_UNTRUSTED', why);
  }

  // Step 2: the certificate itself: validity, clientAuth, key strength.
  const summary = describeCertificate(der);
  const flaw = checkClientCertificate(summary, deps.now());
  if (flaw !== null) return refuse(flaw, `serial ${summary.serial}`);

  // Step 3: the registry's word on the serial, matched with the fingerprint it recorded.
  const record = deps.registry.getCertificate(summary.serial);
  if (record === undefined || record.fingerprint !== summary.fingerprint) {
    return refuse('ERR_AUTH_CERT_UNKNOWN', `serial ${summary.serial}`);
  }
  if (record.revokedAt !== null) {
    return refuse('ERR_AUTH_CERT_REVOKED', `serial ${summary.serial}`, record.deviceId);
  }

  // Step 4: the device behind it.
  const device = deps.registry.getDevice(record.deviceId);
  if (device === undefined) {
    return refuse('ERR_AUTH_DEVICE_UNKNOWN', `serial ${summary.serial}`, record.deviceId);
  }
  if (device.status !== 'enabled') {
    return refuse('ERR_AUTH_DEVICE_DISABLED', `serial ${summary.serial}`, device.id);
  }

  // Step 5: no session takeover of another device [MQTT-3.1.3-8 lets us refuse with code 2].
  if (attempt.clientId !== device.id) {
    return refuse(
      'ERR_AUTH_CLIENT_ID_MISMATCH',
      `client id ${JSON.stringify(attempt.clientId)}`,
      device.id,
    );
  }

  return {
    ok: true,
    identity: {
      id: device.id,
      kind: 'device',
      method: 'certificate',
      claims: device.claims,
      credential: { type: 'certificate', serial: record.serial, fingerprint: record.fingerprint },
      expiresAt: record.notAfter,
    },
  };
}
