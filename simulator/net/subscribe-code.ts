import type { MqttClient } from 'mqtt';

/** SUBACK's refusal code in MQTT 3.1.1 [MQTT-3.9.3-2]. */
export const SUBACK_FAILURE = 0x80;

/**
 * Subscribes to one filter and answers the SUBACK return code: the granted QoS, or 0x80 for a
 * refusal (which mqtt.js reports as an error carrying the packet). Undefined when no SUBACK came.
 */
export function subscribeCode(
  client: MqttClient,
  filter: string,
  qos: 0 | 1,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    client.subscribe(filter, { qos }, (error, granted) => {
      const fromError = (error as { packet?: { granted?: number[] } } | null)?.packet?.granted?.[0];
      if (fromError !== undefined) return resolve(fromError);
      if (error) return resolve(undefined);
      resolve(granted?.[0]?.qos);
    });
  });
}

/** Ends a client with DISCONNECT, or destroys it when that takes longer than `timeoutMs`. */
export function endClient(client: MqttClient, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.end(true);
      resolve();
    }, timeoutMs);
    client.end(false, {}, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
