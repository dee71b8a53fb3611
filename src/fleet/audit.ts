import type { FleetContext } from './context.js';

/** Appends one audit entry; called inside the transaction of the change it records. */
export function audit(
  context: FleetContext,
  action: string,
  deviceId: string | null,
  detail: Record<string, unknown> = {},
): void {
  const { actor } = context;
  context.registry.appendAudit({
    action,
    deviceId,
    detail,
    ...(actor === undefined ? {} : { actor }),
  });
}
