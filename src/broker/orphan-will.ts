import type { PublishPacket } from 'aedes';
import type { Config } from '../config/index.js';
import { isDeviceId } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { authorizePublish, compileGrants } from '../policy/index.js';
import type { Registry } from '../registry/index.js';
import {
  lostWillCredential,
  WILL_CREDENTIAL_FIELD,
  type WillCredential,
} from './will-credential.js';

/**
 * A will stored before a crash fires with no client behind it. It is authorized again against
 * the registry as it is now: the device must still exist and be enabled, and its current
 * grants must allow the topic, and the credential it connected with must still stand
 * (will-credential.ts). External (service) identities are not in the registry, so their
 * orphaned wills are dropped.
 */
export function createOrphanWillCheck(
  config: Config,
  registry: Registry,
  log: Logger,
  now: () => Date = () => new Date(),
) {
  return function authorizeOrphanWill(packet: PublishPacket): boolean {
    const stored = packet as PublishPacket & Record<string, unknown>;
    const clientId = stored['clientId'];
    const device = isDeviceId(clientId) ? registry.getDevice(clientId) : undefined;
    if (device === undefined || device.status !== 'enabled') {
      log.warn({ clientId, topic: packet.topic }, 'orphaned will dropped: device not enabled');
      return false;
    }
    const credential = stored[WILL_CREDENTIAL_FIELD] as WillCredential | undefined;
    const lost = lostWillCredential(credential, device.id, registry, now().getTime());
    if (lost !== undefined) {
      log.warn({ clientId, topic: packet.topic, reason: lost }, 'orphaned will dropped');
      return false;
    }
    const grants = compileGrants(config.policies, { id: device.id, claims: device.claims });
    const allowed = authorizePublish(grants, packet.topic).allowed;
    if (!allowed) log.warn({ clientId, topic: packet.topic }, 'orphaned will dropped: denied');
    return allowed;
  };
}
