/**
 * Key ranges of aedes-persistence-level 9 that Warden reads directly to bound and purge
 * offline queues (the library has no call to drop a queued message). Every key under a
 * client ends with ':'; the client id is URI-encoded, so it never contains ':' itself.
 * test/durability checks these against the library on every run.
 */
const OUTGOING = 'outgoing:';
const OUTGOING_ID = 'outgoing-id:';

/** Keys Warden keeps beside the library's; no library prefix starts with `warden:`. */
export const BROKER_EPOCH_KEY = 'warden:broker-epoch';

export interface KeyRange {
  readonly gte: string;
  readonly lt: string;
}

/** Every key starting with `prefix`, which ends with ':' (';' is the next byte). */
function prefixRange(prefix: string): KeyRange {
  return { gte: prefix, lt: `${prefix.slice(0, -1)};` };
}

/** The whole offline queue of every client. */
export const allQueuesRange: KeyRange = prefixRange(OUTGOING);

/** One client's queue, oldest first: keys end in `brokerId:counter`, both sortable. */
export function queueRange(clientId: string): KeyRange {
  return prefixRange(`${OUTGOING}${encodeURIComponent(clientId)}:`);
}

/** The prefix of every in-flight index key of one client (a scope of client-key-index.ts). */
export function inflightScope(clientId: string): string {
  return `${OUTGOING_ID}${encodeURIComponent(clientId)}:`;
}

/** The index of one client's queued messages that are in flight, by packet identifier. */
export function inflightRange(clientId: string): KeyRange {
  return prefixRange(inflightScope(clientId));
}

/** The client id a queue key belongs to. */
export function clientOfQueueKey(key: string): string {
  return clientAfter(OUTGOING, key);
}

function clientAfter(prefix: string, key: string): string {
  return decodeURIComponent(key.slice(prefix.length, key.indexOf(':', prefix.length)));
}

/** The in-flight index entry of one queued message, by its packet identifier. */
export function inflightKey(clientId: string, messageId: number): string {
  return `${OUTGOING_ID}${encodeURIComponent(clientId)}:${String(messageId).padStart(16, '0')}`;
}

/** The last registry change whose removals this store has applied. */
export const CHANGE_SEQ_KEY = 'warden:change-seq';
