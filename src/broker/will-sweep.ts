import { promisify } from 'node:util';
import type { Aedes, PublishPacket } from 'aedes';
import type { Logger } from '../log/index.js';
import { DENIED_SINK_TOPIC } from './denied-sink.js';
import type { LevelPersistence } from './persistence.js';

type StoredWill = PublishPacket & { clientId: string; brokerId?: string };

/**
 * Publishes the wills a previous run left behind (it crashed with their clients connected),
 * before any listener opens, so a device reconnecting at once cannot race its own old will.
 * Each goes through authorizePublish with client null, which re-authorizes it against the
 * registry as it is now (orphan-will.ts); a will the hook refuses, or that fails, is dropped.
 * aedes would publish them too, but only after four heartbeats (four minutes by default).
 */
export async function publishOrphanedWills(
  aedes: Aedes,
  persistence: LevelPersistence,
  log: Logger,
): Promise<number> {
  const authorize = promisify(aedes.authorizePublish.bind(aedes)) as (
    client: null,
    packet: PublishPacket,
  ) => Promise<void>;
  const publish = promisify(aedes.publish.bind(aedes)) as (packet: PublishPacket) => Promise<void>;
  let published = 0;

  for await (const stored of persistence.streamWill()) {
    const { brokerId: _previousBroker, ...will } = stored as StoredWill;
    try {
      await authorize(null, will);
      if (will.topic !== DENIED_SINK_TOPIC) {
        await publish(will);
        published += 1;
      }
    } catch (error) {
      log.warn({ clientId: will.clientId, err: error }, 'orphaned will dropped');
    }
    await persistence.delWill({ id: will.clientId });
  }
  return published;
}
