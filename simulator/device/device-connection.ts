import type { SecureContext } from 'node:tls';
import type { MqttClient } from 'mqtt';
import { isPortExhaustion } from '../net/error-kind.js';
import type { ConnectOutcome } from '../net/open-connection.js';
import { endClient } from '../net/subscribe-code.js';
import type { DeviceIdentity, HeldToken } from '../provision/fleet-file.js';
import type { Random } from '../random/prng.js';
import { waitUntil } from '../schedule/clock.js';
import { connectDevice, type DeviceConnectAttempt } from './connect-device.js';
import { backoffMs, deviceTlsContext, refreshTimeMs } from './device-credentials.js';
import type { RunContext } from './run-context.js';

export type ConnectReason = 'initial' | 'retry' | 'reconnect' | 'refresh';
export type ConnectionState =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'refreshing'
  | 'waiting'
  | 'failed'
  | 'closed';

/** What the device does when its connection changes. */
export interface ConnectionHooks {
  /** A connection is up: the first, or one after a retry, a reconnect or a refresh. */
  onUp(client: MqttClient, reason: ConnectReason): void;
  /** A refresh failed and the device goes on over the connection it had. */
  onResume(client: MqttClient): void;
  /** The connection is gone or being replaced: take back what is unacknowledged. */
  onDown(): void;
  /** Whether every QoS 1 message sent so far has been acknowledged. */
  isSettled(): boolean;
}

type Connected = Extract<ConnectOutcome, { ok: true }>;

/**
 * Attempts in a row before a device gives up until the end of the run; with the backoff capped
 * at 10 s, about a minute and a half of trying.
 */
const MAX_CONNECT_ATTEMPTS = 12;
/** How long a refresh waits for outstanding acknowledgements before it reconnects anyway. */
const SETTLE_TIMEOUT_MS = 2000;
const CLOSE_TIMEOUT_MS = 3000;

/**
 * The connection of one device over the run: connect at its scheduled time, retry and reconnect
 * with backoff, and for a token device reconnect with a fresh token before the old one expires.
 */
export class DeviceConnection {
  readonly id: string;
  readonly #ctx: RunContext;
  readonly #identity: DeviceIdentity;
  readonly #random: Random;
  readonly #hooks: ConnectionHooks;
  #state: ConnectionState = 'idle';
  #client: MqttClient | undefined;
  #token: HeldToken | undefined;
  #tlsSession: Buffer | undefined;
  #tlsContext: SecureContext | undefined;
  #failedAttempts = 0;
  #attempted = false;
  #everConnected = false;
  /** Connections this device closed itself (replaced by a refresh, or at the end). */
  readonly #replaced = new WeakSet<MqttClient>();

  constructor(ctx: RunContext, identity: DeviceIdentity, random: Random, hooks: ConnectionHooks) {
    this.id = identity.id;
    this.#ctx = ctx;
    this.#identity = identity;
    this.#random = random;
    this.#hooks = hooks;
    this.#token = identity.token;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Whether a first connection attempt was made (the load may end before its turn). */
  get attempted(): boolean {
    return this.#attempted;
  }

  get everConnected(): boolean {
    return this.#everConnected;
  }

  /** The live connection; undefined while offline or being replaced. */
  get client(): MqttClient | undefined {
    return this.#state === 'connected' ? this.#client : undefined;
  }

  get token(): HeldToken | undefined {
    return this.#token;
  }

  /** Whether `client` was closed by the device itself rather than by the broker. */
  wasReplaced(client: MqttClient): boolean {
    return this.#replaced.has(client);
  }

  /** Built on first use and kept: reconnects and probes reuse it. */
  get tlsContext(): SecureContext {
    this.#tlsContext ??= deviceTlsContext(this.#identity, this.#ctx.ca, this.#ctx.serverOnlyTls);
    return this.#tlsContext;
  }

  start(atMs: number): void {
    this.#ctx.scheduler.at(atMs, () => void this.#connect('initial'));
  }

  /** Ends the connection with DISCONNECT; nothing is attempted afterwards. */
  async close(): Promise<void> {
    this.#state = 'closed';
    this.#ctx.connected.delete(this);
    const client = this.#client;
    this.#client = undefined;
    if (client === undefined) return;
    this.#replaced.add(client);
    await endClient(client, CLOSE_TIMEOUT_MS);
  }

  async #connect(reason: ConnectReason): Promise<void> {
    if (this.#isStopped()) return;
    // A connect ramp longer than the load phase: devices not started by its end stay idle.
    if (reason === 'initial' && !this.#ctx.phase.generating) return;
    this.#attempted = true;
    this.#state = 'connecting';

    const attempt = await this.#attempt();
    if (this.#discardIfStopped(attempt.outcome)) return;
    if (!attempt.outcome.ok) return this.#onConnectFailed(attempt);
    this.#onConnected(attempt.outcome, reason);
  }

  async #attempt(): Promise<DeviceConnectAttempt> {
    const attempt = await connectDevice(this.#ctx, {
      identity: this.#identity,
      token: this.#token,
      tlsContext: this.tlsContext,
      tlsSession: this.#tlsSession,
    });
    this.#token = attempt.token;
    return attempt;
  }

  #onConnected(outcome: Connected, reason: ConnectReason): void {
    const { metrics, connected } = this.#ctx;
    const client = outcome.client;
    if (!this.#everConnected) metrics.recordConnect(outcome.timings);
    if (reason === 'reconnect') metrics.reconnectsAfterDisconnect += 1;
    if (reason === 'refresh') metrics.tokenRefreshes += 1;
    this.#everConnected = true;
    this.#failedAttempts = 0;
    this.#client = client;
    this.#state = 'connected';
    connected.add(this);

    client.on('close', () => this.#onClose(client, outcome.tlsSession()));
    this.#hooks.onUp(client, reason);
    this.#scheduleRefresh(client);
  }

  #onConnectFailed(attempt: DeviceConnectAttempt): void {
    this.#countFailure(attempt);
    this.#failedAttempts += 1;
    if (this.#failedAttempts >= MAX_CONNECT_ATTEMPTS) {
      this.#state = 'failed';
      return;
    }

    this.#state = 'waiting';
    const reason = this.#everConnected ? 'reconnect' : 'retry';
    const delayMs = backoffMs(this.#failedAttempts, this.#random);
    this.#ctx.scheduler.after(delayMs, () => void this.#connect(reason));
  }

  #countFailure(attempt: DeviceConnectAttempt): void {
    const { metrics, sources } = this.#ctx;
    const kind = attempt.outcome.ok ? 'none' : attempt.outcome.kind;
    metrics.countError(kind);
    if (isPortExhaustion(kind) && attempt.localAddress !== undefined) {
      sources.avoid(attempt.localAddress);
    }
    // The device's own, valid credential was refused: allowed traffic denied.
    if (kind.startsWith('connack:')) metrics.falseDenials += 1;
  }

  #onClose(client: MqttClient, tlsSession: Buffer | undefined): void {
    // Any of this device's connections may leave a session to resume, a replaced one too.
    if (tlsSession !== undefined) this.#tlsSession = tlsSession;
    if (client !== this.#client) return;
    const ctx = this.#ctx;
    this.#client = undefined;
    ctx.connected.delete(this);
    // While refreshing, the broker closing the old connection is expected.
    if (this.#state !== 'connected' || ctx.phase.closing) return;

    ctx.metrics.countError('disconnect');
    this.#hooks.onDown();
    this.#state = 'waiting';
    ctx.scheduler.after(backoffMs(1, this.#random), () => void this.#connect('reconnect'));
  }

  #scheduleRefresh(client: MqttClient): void {
    if (this.#identity.auth !== 'jwt' || this.#token === undefined) return;
    const atMs = refreshTimeMs(this.#token, this.#ctx.clock.nowMs(), this.#random);
    this.#ctx.scheduler.at(atMs, () => void this.#refresh(client));
  }

  /**
   * Make before break: mint a fresh token → let outstanding acknowledgements arrive → connect
   * anew (the broker then closes the old connection: a takeover by the same identity) → go on
   * there. Should the new connection fail, the old one carries on and the refresh is retried.
   */
  async #refresh(client: MqttClient): Promise<void> {
    const ctx = this.#ctx;
    if (client !== this.#client || this.#state !== 'connected' || ctx.phase.closing) return;
    this.#state = 'refreshing';
    ctx.connected.delete(this);
    // From now on a close of this connection is the refresh's doing (a takeover by itself).
    this.#replaced.add(client);

    try {
      this.#token = await ctx.tokens.mint(this.id);
    } catch {
      ctx.metrics.countError('token-mint');
      return this.#resume(client);
    }
    await waitUntil(() => this.#hooks.isSettled(), SETTLE_TIMEOUT_MS);
    const attempt = await this.#attempt();
    if (this.#discardIfStopped(attempt.outcome)) return;
    if (!attempt.outcome.ok) {
      this.#countFailure(attempt);
      return this.#resume(client);
    }

    this.#client = undefined;
    client.end(true);
    this.#hooks.onDown();
    this.#onConnected(attempt.outcome, 'refresh');
  }

  /** After a failed refresh: back to the old connection if it is still open, else reconnect. */
  #resume(client: MqttClient): void {
    const ctx = this.#ctx;
    if (this.#client !== client) {
      this.#hooks.onDown();
      this.#state = 'waiting';
      ctx.scheduler.after(backoffMs(1, this.#random), () => void this.#connect('reconnect'));
      return;
    }
    this.#state = 'connected';
    this.#replaced.delete(client);
    ctx.connected.add(this);
    this.#hooks.onResume(client);
    ctx.scheduler.after(backoffMs(1, this.#random), () => void this.#refresh(client));
  }

  #isStopped(): boolean {
    return this.#ctx.phase.closing || this.#state === 'closed';
  }

  /** A connection that arrives after the run began closing is ended at once. */
  #discardIfStopped(outcome: ConnectOutcome): boolean {
    if (!this.#isStopped()) return false;
    if (outcome.ok) outcome.client.end(true);
    return true;
  }
}
