import type { StateDb } from './state-db.js';
import { BROKER_EPOCH_KEY } from './state-keys.js';

const EPOCH_DIGITS = 16;

/**
 * An aedes broker id that sorts after every earlier run's. aedes-persistence-level orders an
 * offline queue by broker id, then by counter; with aedes' random ids, messages queued after
 * a restart could be delivered (and dropped by the bound) before older ones. The epoch is
 * kept in the store, so a clock set back still yields a later id.
 */
export async function nextBrokerId(db: StateDb): Promise<string> {
  const stored = await db.get(BROKER_EPOCH_KEY);
  const previous = stored === undefined ? 0 : Number(stored.toString('utf8'));
  const epoch = Math.max(Date.now(), (Number.isSafeInteger(previous) ? previous : 0) + 1);
  await db.put(BROKER_EPOCH_KEY, Buffer.from(String(epoch), 'utf8'));
  return `warden-${String(epoch).padStart(EPOCH_DIGITS, '0')}`;
}
