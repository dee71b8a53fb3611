import type { AedesOptions, Client, Subscription } from 'aedes';

type AuthorizeSubscribeHandler = NonNullable<AedesOptions['authorizeSubscribe']>;

/**
 * Grants at most `max` distinct filters per client: a filter past the limit gets SUBACK 0x80
 * like any denied one, while its siblings are judged on their own. A filter the client already
 * holds (a QoS change, a restored session) never counts twice. aedes adds a persistent
 * session's filters only after storing them, so filters granted but not yet added are
 * counted apart until they land in `client.subscriptions`.
 */
export function limitSubscriptions(
  authorize: AuthorizeSubscribeHandler,
  max: number,
  onRefused: (client: Client, subscription: Subscription) => void,
): AuthorizeSubscribeHandler {
  const pending = new WeakMap<Client, Set<string>>();

  function admits(client: Client, topic: string): boolean {
    // aedes keeps a client's granted filters in `subscriptions`, keyed by filter.
    const held = (client as Client & { subscriptions: Record<string, unknown> }).subscriptions;
    if (held[topic] !== undefined) return true;
    const granting = pending.get(client) ?? new Set<string>();
    pending.set(client, granting);
    for (const filter of granting) if (held[filter] !== undefined) granting.delete(filter);
    if (granting.has(topic)) return true;
    if (Object.keys(held).length + granting.size >= max) return false;
    granting.add(topic);
    return true;
  }

  return (client, subscription, done) =>
    authorize(client, subscription, (error, granted) => {
      if (error || granted === null || granted === undefined) return done(error, granted);
      if (admits(client, granted.topic)) return done(null, granted);
      onRefused(client, granted);
      done(null, null);
    });
}
