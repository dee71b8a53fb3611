import type { AedesOptions, Client, PublishPacket } from 'aedes';
import { completeBounded } from './bounded-completion.js';
import { DENIED_SINK_TOPIC } from './denied-sink.js';
import type { BrokerInternals } from './persistence.js';

type AuthorizePublishHandler = NonNullable<AedesOptions['authorizePublish']>;
type Publish = BrokerInternals['publish'];

/**
 * Marks a packet published from authorization, until aedes publishes it again. A property of
 * the packet, not a WeakSet: the set's calls cost more than a tenth of Warden's own CPU per
 * QoS 1 message (bench/, --profile). aedes copies a message field by field before routing or
 * storing it, so the mark goes no further than this packet.
 */
const ROUTED = Symbol('warden.routedBeforeAck');
type RoutedPacket = PublishPacket & { [ROUTED]?: boolean };

/**
 * Acknowledges a QoS 1 PUBLISH only once it is stored. aedes 1.2 writes the PUBACK first and
 * publishes after (lib/handlers/publish.js), so a crash in between loses a message the device
 * was told had arrived. Here the message is published from inside authorization: routed, its
 * retained copy and offline queues committed (persistence.ts), and only then does aedes go on
 * to write the PUBACK. aedes then publishes the same packet again; `skipRouted` answers that
 * second call at once, so each message goes through the publish pipeline once. A failed store
 * fails the publish: the connection closes without a PUBACK and the device sends again. QoS 2
 * needs none of this: aedes stores its receipt first and sends PUBREC after the publish, and
 * persistence.ts commits both in one batch.
 *
 * Every QoS 1 message takes this path, stored or not, so the messages of one client are routed
 * in the order they arrived, as aedes alone routes them [MQTT-4.6.0-6]. (Routing only stored
 * messages early let a retained message overtake plain ones sent before it.)
 *
 * Every publish also carries its publisher's client id into storage (aedes keeps `clientId`
 * when it copies a message), so stored messages can be traced to the device that sent them.
 */
export class StoreBeforeAck {
  readonly #authorize: AuthorizePublishHandler;
  readonly #broker: () => BrokerInternals;

  constructor(authorize: AuthorizePublishHandler, broker: () => BrokerInternals) {
    this.#authorize = authorize;
    this.#broker = broker;
  }

  readonly authorizePublish: AuthorizePublishHandler = (client, packet, done) => {
    if (client !== null) (packet as PublishPacket & { clientId?: string }).clientId = client.id;
    if (client === null || packet.qos !== 1) return this.#authorize(client, packet, done);
    this.#authorize(client, packet, (error) => {
      if (error || !isClientQos1(client, packet)) return done(error);
      this.#broker().publish(packet, client, (publishError) => {
        if (publishError) return done(publishError);
        (packet as RoutedPacket)[ROUTED] = true;
        done(null);
      });
    });
  };

  /** Wraps `broker.publish` so that aedes' publish of a packet routed here completes at once. */
  skipRouted(broker: BrokerInternals): void {
    const publish: Publish = broker.publish.bind(broker);
    broker.publish = (packet, client, done) => {
      const routed = packet as RoutedPacket;
      if (routed[ROUTED] !== true) return publish(packet, client, done);
      routed[ROUTED] = false;
      if (done !== undefined) completeBounded(done);
    };
  }
}

function isClientQos1(client: Client | null, packet: PublishPacket): client is Client {
  return (
    client !== null &&
    packet.cmd === 'publish' &&
    packet.qos === 1 &&
    packet.topic !== DENIED_SINK_TOPIC
  );
}
