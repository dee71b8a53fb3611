/**
 * The payload of a rogue publish probe: its number, so a monitor that receives it can tell which
 * probe leaked. It is never valid telemetry.
 */
export function encodeProbe(probeId: number, fromDeviceId: string): string {
  return JSON.stringify({ probe: probeId, from: fromDeviceId });
}
