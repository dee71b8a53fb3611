import type { AuthKind } from '../options.js';
import type { DeviceGroup } from '../scenario/scenario.js';
import { COMMANDER_ROLE, MONITOR_ROLE, SENSOR_ROLE } from './simulator-policies.js';

/** An identity provisioning will create: its id, how it authenticates, its claims. */
export interface PlannedIdentity {
  readonly id: string;
  readonly auth: 'cert' | 'jwt';
  readonly role: string;
  readonly site: string;
  readonly group: string;
}

/** Five digits keep ids the same width (and sorted) up to 100,000 devices. */
const INDEX_DIGITS = 5;
const SITES = 10;
/** Roles spread over a fleet whose scenario names none: the built-in one and a narrower one. */
const SPREAD_ROLES = ['device', SENSOR_ROLE] as const;

export function deviceId(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(INDEX_DIGITS, '0')}`;
}

/**
 * Plans `groups.length` devices: `mixed` alternates certificate and token; roles alternate in
 * pairs (so that both auth kinds get both roles) unless the group names one; sites cycle over ten.
 */
export function planDevices(
  prefix: string,
  auth: AuthKind,
  groups: readonly DeviceGroup[],
): PlannedIdentity[] {
  return groups.map((group, index) => ({
    id: deviceId(prefix, index),
    auth: group.auth ?? pickAuth(auth, index),
    role: group.role ?? SPREAD_ROLES[Math.floor(index / 2) % SPREAD_ROLES.length]!,
    site: `site-${String((index % SITES) + 1).padStart(2, '0')}`,
    group: group.name,
  }));
}

/** The monitor and the commander, always with certificates: they outlive any token. */
export function planObservers(prefix: string): {
  monitor: PlannedIdentity;
  commander: PlannedIdentity;
} {
  const observer = (name: string, role: string): PlannedIdentity => ({
    id: `${prefix}${name}`,
    auth: 'cert',
    role,
    site: 'observer',
    group: name,
  });
  return {
    monitor: observer('monitor', MONITOR_ROLE),
    commander: observer('commander', COMMANDER_ROLE),
  };
}

function pickAuth(auth: AuthKind, index: number): 'cert' | 'jwt' {
  if (auth !== 'mixed') return auth;
  return index % 2 === 0 ? 'cert' : 'jwt';
}
