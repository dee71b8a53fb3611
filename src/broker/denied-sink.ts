import type { PublishPacket } from 'aedes';

/**
 * aedes 1.2 has no way to acknowledge a PUBLISH yet not route it: an error from
 * authorizePublish closes the connection. To drop a denied publish while still acknowledging it
 * per its QoS [MQTT-3.3.5-2], the packet is emptied and sent to a topic nobody can reach: no
 * policy grants a `$` filter, wildcards never match `$` topics [MQTT-4.7.2-1], and delivery
 * refuses this topic outright. Retain is cleared so the retained store never sees it.
 */
export const DENIED_SINK_TOPIC = '$warden/denied';
const EMPTY = Buffer.alloc(0);

export function sinkPacket(packet: PublishPacket): void {
  packet.topic = DENIED_SINK_TOPIC;
  packet.payload = EMPTY;
  packet.retain = false;
}
