import type { PublishPacket } from 'aedes';
import type { Config } from '../config/index.js';
import { isDeviceId } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { authorizePublish, compileGrants } from '../policy/index.js';
import type { Registry } from '../registry/index.js';

/**
 * A will stored before a crash fires with no client behind it. It is authorized again against
 * the registry as it is now: the device must still exist and be enabled, and its current
 * grants must allow the topic. External (service) identities are not in the registry, so their
 * orphaned wills are dropped.
 */
export function createOrphanWillCheck(config: Config, registry: Registry, log: Logger) {
  return function authorizeOrphanWill(packet: PublishPacket): boolean {
    const clientId = (packet as PublishPacket & { clientId?: unknown }).clientId;
    const device = isDeviceId(clientId) ? registry.getDevice(clientId) : undefined;
    if (device === undefined || device.status !== 'enabled') {
      log.warn({ clientId, topic: packet.topic }, 'orphaned will dropped: device not enabled');
      return false;
    }
    const grants = compileGrants(config.policies, { id: device.id, claims: device.claims });
    const allowed = authorizePublish(grants, packet.topic).allowed;
    if (!allowed) log.warn({ clientId, topic: packet.topic }, 'orphaned will dropped: denied');
    return allowed;
  };
}
