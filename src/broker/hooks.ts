import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type {
  AedesOptions,
  AedesPublishPacket,
  Client,
  ConnectPacket,
  PublishPacket,
  Subscription,
} from 'aedes';
import type {
  Authenticator,
  AuthOutcome,
  AuthRefusal,
  ConnectAttempt,
  Identity,
} from '../auth/index.js';
import { refuse } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { ErrorCode } from '../core/index.js';
import type { Logger } from '../log/index.js';
import {
  authorizePublish,
  authorizeSubscribe,
  compileGrants,
  type Grants,
  isValidTopicName,
} from '../policy/index.js';
import { decisionsOf } from './decision-memo.js';
import { DENIED_SINK_TOPIC, sinkPacket } from './denied-sink.js';
import type { BrokerMetrics } from './metrics.js';
import { peerCertificateDer } from './peer-certificate.js';
import { type ConnectFacts, ConnectionSession, type Session } from './session.js';
import type { SessionTable } from './session-table.js';

export interface HookDeps {
  readonly config: Config;
  readonly authenticator: Authenticator;
  readonly sessions: SessionTable;
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
  readonly now: () => Date;
  /** Re-applies registry changes made while this connection was being authenticated. */
  readonly catchUp: (client: Client, session: Session, sinceSeq: number) => void;
  readonly changeSeq: () => number;
  /** Authorizes a will stored before a restart, whose client is gone. */
  readonly authorizeOrphanWill: (packet: PublishPacket) => boolean;
}

/** Refusals that point at an attack or a misconfigured device get `warn`; the rest `info`. */
const WARN_REASONS = new Set<ErrorCode>([
  'ERR_AUTH_CERT_UNTRUSTED',
  'ERR_AUTH_CERT_REVOKED',
  'ERR_AUTH_CERT_UNKNOWN',
  'ERR_AUTH_CERT_NOT_CLIENT',
  'ERR_AUTH_CERT_WEAK_KEY',
  'ERR_AUTH_CLIENT_ID_MISMATCH',
  'ERR_AUTH_TOKEN_INVALID',
  'ERR_AUTH_TOKEN_ALG',
  'ERR_AUTH_TOKEN_SIGNER_UNKNOWN',
  'ERR_AUTH_TOKEN_TOO_LARGE',
  'ERR_AUTH_PROTOCOL',
  'ERR_AUTH_WILL_DENIED',
  'ERR_AUTH_DEVICE_DISABLED',
]);
const MAX_QOS = 2;

type AuthError = Error & { returnCode: number };
/** An authenticated identity with the grants compiled for it, once per connection. */
interface Admitted {
  readonly ok: true;
  readonly identity: Identity;
  readonly grants: Grants;
}

/** The aedes hooks: every connect, publish, subscribe and delivery passes through here. */
export function createHooks(deps: HookDeps): Partial<AedesOptions> {
  const connectFacts = new WeakMap<Client, ConnectFacts>();
  const { sessions, metrics, log } = deps;

  function preConnect(
    client: Client,
    packet: ConnectPacket,
    done: (e: Error | null, ok: boolean) => void,
  ) {
    const will = packet.will;
    connectFacts.set(client, {
      rawClientId: packet.clientId ?? '',
      clean: packet.clean !== false,
      will:
        will === undefined || will === null
          ? undefined
          : { topic: will.topic, qos: will.qos ?? 0, retain: will.retain === true },
    });
    done(null, true);
  }

  function authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthError | null, success: boolean | null) => void,
  ) {
    const sinceSeq = deps.changeSeq();
    const facts = connectFacts.get(client);
    connectFacts.delete(client);
    decide(client, facts, username, password)
      .catch((error: unknown) => refuse('ERR_AUTH_INTERNAL', String(error)))
      .then((decided) => {
        const outcome = decided.ok ? admit(client, decided, sinceSeq) : decided;
        if (outcome === undefined) return;
        if (!outcome.ok) {
          metrics.connectsRefused += 1;
          logRefusal(client, outcome);
          const error = new Error('connection refused') as AuthError;
          error.returnCode = outcome.returnCode;
          done(error, false);
          return;
        }
        metrics.connectsAccepted += 1;
        done(null, true);
      });
  }

  /**
   * Opens the session and replays registry changes made meanwhile. Undefined: the connection
   * closed on the way. A registry fault here refuses; thrown, it would be an unhandled rejection
   * and end the process.
   */
  function admit(client: Client, admitted: Admitted, sinceSeq: number): AuthOutcome | undefined {
    if (client.closed) return undefined;
    const { identity } = admitted;
    const session = open(client, admitted);
    try {
      deps.catchUp(client, session, sinceSeq);
    } catch (error) {
      sessions.remove(client);
      return refuse('ERR_AUTH_INTERNAL', `registry catch-up failed: ${String(error)}`, identity.id);
    }
    return client.closed ? undefined : { ok: true, identity };
  }

  async function decide(
    client: Client,
    facts: ConnectFacts | undefined,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<Admitted | AuthRefusal> {
    if (facts === undefined) return refuse('ERR_AUTH_INTERNAL', 'CONNECT facts missing');
    // [MQTT-3.1.3-8]: an empty client id with clean session 0 is refused with code 2. Warden
    // refuses every empty id: the client id must name the identity.
    if (facts.rawClientId === '') return refuse('ERR_AUTH_CLIENT_ID_MISMATCH', 'empty client id');
    const willFault = checkWillShape(facts);
    if (willFault !== undefined) return refuse('ERR_AUTH_PROTOCOL', willFault);
    // A peer that gave up before its turn: its certificate can no longer be read, so say so
    // rather than report a missing credential.
    if ((client.conn as Socket).destroyed) {
      return refuse('ERR_AUTH_CONNECTION_CLOSED', 'socket closed before authentication');
    }

    const outcome = await deps.authenticator.authenticate(
      connectAttempt(client, username, password),
    );
    if (!outcome.ok) return outcome;

    // Compiled once here, used by the session for every later packet.
    const admitted = {
      identity: outcome.identity,
      grants: compileGrants(deps.config.policies, outcome.identity),
    };
    if (facts.will === undefined) return { ok: true, ...admitted };
    // A will is a publish made later on the device's behalf: authorize it now as well.
    const decision = authorizePublish(admitted.grants, facts.will.topic);
    if (!decision.allowed) {
      return refuse(
        'ERR_AUTH_WILL_DENIED',
        `will topic ${JSON.stringify(facts.will.topic)}`,
        outcome.identity.id,
      );
    }
    return { ok: true, ...admitted };
  }

  function open(client: Client, { identity, grants }: Admitted): Session {
    const session = new ConnectionSession(identity, grants, log);
    sessions.add(client, session);
    client.conn.once('close', () => sessions.detach(client));
    scheduleExpiry(client, session);
    log.info(
      {
        clientId: identity.id,
        method: identity.method,
        kind: identity.kind,
        credential: identity.credential,
        policy: grants.policy,
      },
      'connection authenticated',
    );
    return session;
  }

  function scheduleExpiry(client: Client, session: Session): void {
    const expiresAt = session.identity.expiresAt;
    if (expiresAt === null) return;
    const delayMs = Math.max(0, expiresAt.getTime() - deps.now().getTime());
    // setTimeout holds at most 2^31-1 ms (about 24.8 days); longer credentials are re-armed.
    const MAX_TIMER_MS = 2_147_483_647;
    session.expiryTimer = setTimeout(
      () => {
        if (delayMs > MAX_TIMER_MS) return scheduleExpiry(client, session);
        metrics.connectionsCut += 1;
        // Removed, not detached: nothing, not even its will, is published on an expired credential.
        sessions.remove(client);
        session.log.info({ expiresAt }, 'credential expired, connection closed');
        client.close();
      },
      Math.min(delayMs, MAX_TIMER_MS),
    );
    session.expiryTimer.unref();
  }

  function logRefusal(client: Client, outcome: AuthRefusal) {
    const entry = {
      clientId: client.id,
      claimedId: outcome.claimedId,
      reason: outcome.reason,
      detail: outcome.detail,
      returnCode: outcome.returnCode,
      remoteAddress: (client.conn as Socket).remoteAddress,
    };
    if (
      outcome.reason === 'ERR_AUTH_INTERNAL' ||
      outcome.reason === 'ERR_AUTH_ISSUER_UNAVAILABLE'
    ) {
      log.error(entry, 'connection refused');
    } else if (WARN_REASONS.has(outcome.reason)) {
      log.warn(entry, 'connection refused');
    } else {
      log.info(entry, 'connection refused');
    }
  }

  function authorizePublishHook(
    client: Client | null,
    packet: PublishPacket,
    done: (e?: Error | null) => void,
  ) {
    try {
      if (client === null) {
        if (!deps.authorizeOrphanWill(packet)) sinkPacket(packet);
        return done(null);
      }
      const session = sessions.get(client);
      if (session === undefined) return done(new Error('publish from an unauthenticated client'));
      // [MQTT-2.3.1-1]: a QoS 1 or 2 PUBLISH carries a non-zero packet identifier. A will
      // (no `cmd`) has none by nature.
      if (packet.cmd === 'publish' && packet.qos > 0 && !packet.messageId) {
        return done(new Error('packet identifier 0'));
      }
      const decision = decisionsOf(session).publish(packet.topic);
      if (decision.allowed) return done(null);

      metrics.publishesDenied += 1;
      session.log.warn({ topic: printable(packet.topic), rule: decision.rule }, 'publish denied');
      if (deps.config.onDeniedPublish === 'disconnect') return done(new Error('publish denied'));
      sinkPacket(packet);
      done(null);
    } catch (error) {
      log.error({ err: error }, 'publish authorization failed');
      done(new Error('publish authorization failed'));
    }
  }

  function authorizeSubscribeHook(
    client: Client,
    subscription: Subscription,
    done: (e: Error | null, s?: Subscription | null) => void,
  ) {
    try {
      const session = sessions.get(client);
      if (session === undefined) return done(null, null);
      const decision = authorizeSubscribe(session.grants, subscription.topic);
      if (decision.allowed && subscription.qos <= MAX_QOS) return done(null, subscription);
      metrics.subscriptionsDenied += 1;
      session.log.warn(
        { filter: printable(subscription.topic), rule: decision.rule },
        'subscribe denied',
      );
      done(null, null);
    } catch (error) {
      log.error({ err: error }, 'subscribe authorization failed');
      done(null, null);
    }
  }

  function authorizeForward(client: Client, packet: AedesPublishPacket) {
    const session = sessions.get(client);
    if (session === undefined || packet.topic === DENIED_SINK_TOPIC) return null;
    if (decisionsOf(session).delivery(packet.topic).allowed) return packet;
    metrics.deliveriesDenied += 1;
    session.log.debug({ topic: printable(packet.topic) }, 'delivery denied');
    return null;
  }

  return {
    preConnect,
    authenticate,
    authorizePublish: authorizePublishHook,
    authorizeSubscribe: authorizeSubscribeHook,
    authorizeForward,
  };
}

function connectAttempt(
  client: Client,
  username: string | undefined,
  password: Buffer | undefined,
) {
  const conn = client.conn as Partial<TLSSocket>;
  const verifyError = conn.authorizationError;
  const attempt: ConnectAttempt = {
    clientId: client.id,
    username,
    password,
    peerCertificate: peerCertificateDer(conn),
    peerVerified: conn.authorized === true,
    peerVerifyError:
      verifyError === undefined || verifyError === null ? undefined : String(verifyError),
  };
  return attempt;
}

/** aedes 1.2 accepts a will of QoS 3 and will topics with wildcards or NUL (measured). */
function checkWillShape(facts: ConnectFacts): string | undefined {
  const will = facts.will;
  if (will === undefined) return undefined;
  if (!Number.isInteger(will.qos) || will.qos < 0 || will.qos > MAX_QOS) {
    return `will QoS ${will.qos}`; // [MQTT-3.1.2-14]
  }
  if (!isValidTopicName(will.topic)) return 'will topic is not a valid topic name';
  return undefined;
}

/** Topics in logs: bounded, with control characters made visible. */
function printable(topic: string): string {
  return JSON.stringify(topic.length > 200 ? `${topic.slice(0, 200)}…` : topic);
}
