import type { Command } from './command.js';
import { certIssue } from './commands/cert-issue.js';
import { certList } from './commands/cert-list.js';
import { certRevoke } from './commands/cert-revoke.js';
import { crl } from './commands/crl.js';
import { deviceAdd } from './commands/device-add.js';
import { deviceClaims } from './commands/device-claims.js';
import { deviceList } from './commands/device-list.js';
import { deviceRemove } from './commands/device-remove.js';
import { deviceShow } from './commands/device-show.js';
import { deviceDisable, deviceEnable } from './commands/device-status.js';
import { init } from './commands/init.js';
import { keyAdd } from './commands/key-add.js';
import { keyList } from './commands/key-list.js';
import { keyRemove } from './commands/key-remove.js';
import { simulate } from './commands/simulate.js';
import { start } from './commands/start.js';
import { token } from './commands/token.js';

/**
 * The dispatch table: `warden <name> ...` runs the entry of that name; a name of two words puts
 * its command in a group (`device add`). Help lists the entries in this order.
 */
export const commandTable: readonly Command[] = [
  init,
  start,
  deviceAdd,
  deviceList,
  deviceShow,
  deviceDisable,
  deviceEnable,
  deviceRemove,
  deviceClaims,
  certIssue,
  certList,
  certRevoke,
  crl,
  token,
  keyAdd,
  keyList,
  keyRemove,
  simulate,
];

/** The group of a command, `device` for `device add`, or undefined for a single word. */
export function groupOf(command: Command): string | undefined {
  const space = command.name.indexOf(' ');
  return space < 0 ? undefined : command.name.slice(0, space);
}

export function isGroup(table: readonly Command[], word: string): boolean {
  return table.some((command) => groupOf(command) === word);
}

export function findCommand(table: readonly Command[], name: string): Command | undefined {
  return table.find((command) => command.name === name);
}
