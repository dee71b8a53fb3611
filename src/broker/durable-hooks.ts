import type { AedesOptions } from 'aedes';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { StoreBeforeAck } from './durable-publish.js';
import type { BrokerMetrics } from './metrics.js';
import type { BrokerInternals } from './persistence.js';
import type { SessionTable } from './session-table.js';
import { limitSubscriptions } from './subscription-limit.js';

export interface DurableHookDeps {
  readonly config: Config;
  readonly sessions: SessionTable;
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
  readonly broker: () => BrokerInternals;
}

type Hooks = Partial<AedesOptions>;

export interface DurableHooks {
  /** Hand these to aedes over Warden's own hooks. */
  readonly hooks: Hooks;
  /** Call once the aedes instance exists, before it handles any client. */
  install(broker: BrokerInternals): void;
}

/**
 * Wraps Warden's authorization hooks with what durability and bounds need: a QoS 1 publish is
 * stored before it is acknowledged, and a client holds at most `maxSubscriptionsPerClient`
 * filters. Each wrapper runs after the hook it wraps has decided.
 */
export function createDurableHooks(hooks: Hooks, deps: DurableHookDeps): DurableHooks {
  const { authorizePublish, authorizeSubscribe } = hooks;
  if (authorizePublish === undefined || authorizeSubscribe === undefined) {
    throw new TypeError('authorizePublish and authorizeSubscribe hooks are required');
  }
  const max = deps.config.limits.maxSubscriptionsPerClient;
  const storeBeforeAck = new StoreBeforeAck(authorizePublish, deps.broker);
  const durable: Hooks = {
    authorizePublish: storeBeforeAck.authorizePublish,
    authorizeSubscribe: limitSubscriptions(authorizeSubscribe, max, (client, subscription) => {
      deps.metrics.subscriptionsDenied += 1;
      const log = deps.sessions.get(client)?.log ?? deps.log;
      log.warn(
        { filter: JSON.stringify(subscription.topic.slice(0, 200)), limit: max },
        'subscribe denied: subscription limit reached',
      );
    }),
  };
  return { hooks: durable, install: (broker) => storeBeforeAck.skipRouted(broker) };
}
