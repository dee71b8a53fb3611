import type { AedesOptions, Client, PublishPacket } from 'aedes';
import { DENIED_SINK_TOPIC, sinkPacket } from './denied-sink.js';
import type { BrokerInternals } from './persistence.js';

type AuthorizePublishHandler = NonNullable<AedesOptions['authorizePublish']>;

/** Whether a publish to `topic` would be written to storage (a persistent session matches). */
export type StoresPublish = (topic: string) => Promise<boolean>;

/**
 * Acknowledges a QoS 1 PUBLISH only once it is stored. aedes 1.2 writes the PUBACK first and
 * publishes after (lib/handlers/publish.js), so a crash in between loses a message the device
 * was told had arrived. Here the publish runs inside authorization: the message is routed,
 * its retained copy and offline queues committed (persistence.ts), and only then does aedes
 * go on to acknowledge it, with the packet itself emptied into the denied sink so nothing is
 * routed twice. A failed store fails the publish: the connection closes without a PUBACK
 * and the device sends again. QoS 2 needs none of this: aedes stores its receipt first and
 * sends PUBREC after the publish, and persistence.ts commits both in one batch.
 *
 * Only a publish that storage would keep takes that path: a retained message, or one that a
 * persistent session's subscription matches. The rest reach clean sessions only, which a crash
 * ends anyway, so aedes' own order loses nothing a device could get back, and saves a second
 * trip through the publish pipeline (it tripled the CPU per QoS 1 message, bench/). A
 * persistent subscription made while such a publish is between its check and its routing may
 * get the message unstored for that instant; MQTT orders neither before the other.
 *
 * Every publish also carries its publisher's client id into storage (aedes keeps `clientId`
 * when it copies a message), so stored messages can be traced to the device that sent them.
 */
export function storeBeforeAck(
  authorize: AuthorizePublishHandler,
  broker: () => BrokerInternals,
  storesPublish: StoresPublish,
): AuthorizePublishHandler {
  const publishStored = (client: Client, packet: PublishPacket, done: (e?: Error) => void) => {
    const message: PublishPacket = { ...packet };
    broker().publish(message, client, (publishError) => {
      if (publishError) return done(publishError);
      sinkPacket(packet);
      done();
    });
  };
  return (client, packet, done) => {
    if (client !== null) (packet as PublishPacket & { clientId?: string }).clientId = client.id;
    authorize(client, packet, (error) => {
      if (error || !isClientQos1(client, packet)) return done(error);
      if (packet.retain) return publishStored(client, packet, done);
      storesPublish(packet.topic).then(
        (stores) => (stores ? publishStored(client, packet, done) : done(null)),
        (lookupError: unknown) => done(lookupError as Error),
      );
    });
  };
}

function isClientQos1(client: Client | null, packet: PublishPacket): client is Client {
  return (
    client !== null &&
    packet.cmd === 'publish' &&
    packet.qos === 1 &&
    packet.topic !== DENIED_SINK_TOPIC
  );
}
