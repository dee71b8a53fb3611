import type { Client } from 'aedes';
import type { Session } from './session.js';

/** Live sessions by aedes client and by identity id, so enforcement finds them fast. */
export class SessionTable {
  readonly #byClient = new WeakMap<Client, Session>();
  readonly #byId = new Map<string, Set<Client>>();

  get(client: Client | null | undefined): Session | undefined {
    return client == null ? undefined : this.#byClient.get(client);
  }

  add(client: Client, session: Session): void {
    this.#byClient.set(client, session);
    let clients = this.#byId.get(session.identity.id);
    if (clients === undefined) {
      clients = new Set();
      this.#byId.set(session.identity.id, clients);
    }
    clients.add(client);
  }

  /**
   * Forgets a session whose credential lost its standing: a will fired after this finds no
   * session and is refused.
   */
  remove(client: Client): Session | undefined {
    const session = this.detach(client);
    this.#byClient.delete(client);
    return session;
  }

  /**
   * Takes a closed connection out of the id index but keeps its session readable: aedes
   * authorizes the will after the socket has closed, under the grants it connected with.
   */
  detach(client: Client): Session | undefined {
    const session = this.#byClient.get(client);
    if (session === undefined) return undefined;
    const clients = this.#byId.get(session.identity.id);
    clients?.delete(client);
    if (clients?.size === 0) this.#byId.delete(session.identity.id);
    if (session.expiryTimer !== undefined) clearTimeout(session.expiryTimer);
    return session;
  }

  clientsOf(id: string): Client[] {
    return [...(this.#byId.get(id) ?? [])];
  }

  get size(): number {
    let count = 0;
    for (const clients of this.#byId.values()) count += clients.size;
    return count;
  }
}
