import type { Client } from 'aedes';
import memoryPersistence from 'aedes-persistence';
import type { Config } from '../config/index.js';
import { authorizeSubscribe } from '../policy/index.js';
import type { Session } from './session.js';

type SessionLookup = (client: Client) => Session | undefined;

interface StoredSubscription {
  readonly topic: string;
  readonly qos: number;
}

interface SubscriptionStore {
  addSubscriptions(client: Client, subs: StoredSubscription[]): Promise<void>;
}

/**
 * The aedes persistence, with one guard: aedes stores every filter of a SUBSCRIBE in a
 * persistent session once any one of them is granted, denied ones included. Filtering here
 * keeps a denied filter out of the session, so no offline message is ever queued for it.
 */
export async function createPersistence(
  _config: Config,
  sessionLookup: () => SessionLookup,
): Promise<unknown> {
  const persistence = (memoryPersistence as unknown as () => SubscriptionStore)();
  const addSubscriptions = persistence.addSubscriptions.bind(persistence);
  persistence.addSubscriptions = (client, subs) => {
    const session = sessionLookup()(client);
    const granted =
      session === undefined
        ? []
        : subs.filter((sub) => authorizeSubscribe(session.grants, sub.topic).allowed);
    return addSubscriptions(client, granted);
  };
  return persistence;
}
