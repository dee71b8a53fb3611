import type { KeyObject } from 'node:crypto';
import {
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { Config } from '../config/index.js';
import { type Claims, isClaimValue, isDeviceId, WardenError } from '../core/index.js';
import type { Registry } from '../registry/index.js';
import type { BrokerTokenKey } from './broker-key.js';
import type { AuthOutcome, ConnectAttempt, Credential, Identity } from './identity.js';
import type { IssuerKeys } from './issuer-keys.js';
import { translateJoseError } from './jose-errors.js';
import { refuseFromError } from './refusal.js';
import { checkTokenTimes, type VerifiedTokens } from './verified-tokens.js';

/** Asymmetric algorithms only: never `none`, never an HMAC keyed with a public key. */
export const tokenAlgorithms = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'] as const;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface TokenAuthDeps {
  readonly config: Config;
  readonly registry: Registry;
  readonly brokerKey: BrokerTokenKey;
  readonly issuerKeys: ReadonlyMap<string, IssuerKeys>;
  readonly deviceKeys: DeviceKeyCache;
  readonly verifiedTokens: VerifiedTokens;
  readonly now: () => Date;
}

type KeyLike = KeyObject | Uint8Array | Awaited<ReturnType<typeof importJWK>>;

interface Route {
  readonly signer: 'broker' | 'device' | 'issuer';
  readonly key: KeyLike | JWTVerifyGetKey;
  readonly algorithms: readonly string[];
  readonly issuer: string;
  readonly audience: string;
  readonly credential: Credential;
  readonly external?: IssuerKeys;
}

/** Imported device public keys, keyed by device and kid; the broker forgets one on removal. */
export class DeviceKeyCache {
  readonly #keys = new Map<string, Promise<KeyLike>>();

  get(deviceId: string, kid: string, jwk: Record<string, unknown>, alg: string) {
    const cacheKey = `${deviceId}\u0000${kid}`;
    let key = this.#keys.get(cacheKey);
    if (key === undefined) {
      key = importJWK(jwk, alg) as Promise<KeyLike>;
      key.catch(() => this.#keys.delete(cacheKey));
      this.#keys.set(cacheKey, key);
    }
    return key;
  }

  forget(deviceId: string, kid?: string): void {
    for (const cacheKey of this.#keys.keys()) {
      const [device, keyId] = cacheKey.split('\u0000');
      if (device === deviceId && (kid === undefined || keyId === kid)) this.#keys.delete(cacheKey);
    }
  }
}

/** Authenticates a connection whose MQTT password is a JWT (shared/ARCHITECTURE.md, Tokens). */
export async function authenticateToken(
  deps: TokenAuthDeps,
  attempt: ConnectAttempt,
  password: Buffer,
): Promise<AuthOutcome> {
  const clientId = attempt.clientId;
  try {
    const token = readCompactToken(deps.config, password);
    const route = await chooseRoute(deps, attempt, token);
    const payload = await verify(deps, route, token);
    checkSubject(payload);
    checkLifetime(deps, payload);
    const identity = await resolveIdentity(deps, route, payload, clientId);
    return { ok: true, identity };
  } catch (error) {
    return refuseFromError(error, isDeviceId(clientId) ? clientId : undefined);
  }
}

function readCompactToken(config: Config, password: Buffer): string {
  // Bound before parsing: jose itself has no size cap.
  if (password.length > config.token.maxLengthBytes) {
    throw new WardenError('ERR_AUTH_TOKEN_TOO_LARGE', `${password.length} bytes`);
  }
  const token = password.toString('latin1');
  if (!COMPACT_JWS.test(token)) {
    throw new WardenError('ERR_AUTH_TOKEN_INVALID', 'password is not a signed compact JWT');
  }
  return token;
}

async function chooseRoute(deps: TokenAuthDeps, attempt: ConnectAttempt, token: string) {
  let alg: unknown;
  let kid: unknown;
  let iss: unknown;
  try {
    ({ alg, kid } = decodeProtectedHeader(token));
    ({ iss } = decodeJwt(token));
  } catch (error) {
    throw new WardenError('ERR_AUTH_TOKEN_INVALID', 'token cannot be decoded', { cause: error });
  }
  if (typeof alg !== 'string' || !(tokenAlgorithms as readonly string[]).includes(alg)) {
    throw new WardenError('ERR_AUTH_TOKEN_ALG', `alg ${JSON.stringify(alg)} is not allowed`);
  }
  if (typeof iss !== 'string') {
    throw new WardenError('ERR_AUTH_TOKEN_CLAIMS', 'iss is missing or not a string');
  }
  const keyId = typeof kid === 'string' ? kid : undefined;
  const { token: tokens } = deps.config;

  if (iss === tokens.issuer) {
    return {
      signer: 'broker',
      key: deps.brokerKey.verifyKey,
      algorithms: ['ES256'],
      issuer: tokens.issuer,
      audience: tokens.audience,
      credential: { type: 'token', signer: 'broker', kid: deps.brokerKey.kid },
    } satisfies Route;
  }
  const external = deps.issuerKeys.get(iss);
  if (external !== undefined) {
    return {
      signer: 'issuer',
      key: external.getKey,
      algorithms: external.issuer.algorithms,
      issuer: external.issuer.issuer,
      audience: external.issuer.audience,
      credential: { type: 'token', signer: 'issuer', issuer: external.issuer.name },
      external,
    } satisfies Route;
  }
  if (iss === attempt.clientId) return deviceRoute(deps, attempt.clientId, alg, keyId);
  throw new WardenError(
    'ERR_AUTH_TOKEN_SIGNER_UNKNOWN',
    `iss ${JSON.stringify(iss.slice(0, 200))}`,
  );
}

/** A device signs its own token with a key registered by `warden key add` (iss = its id). */
async function deviceRoute(deps: TokenAuthDeps, deviceId: string, alg: string, kid?: string) {
  if (!isDeviceId(deviceId)) {
    throw new WardenError('ERR_INVALID_DEVICE_ID', 'client id is not a valid device id');
  }
  const keys = deps.registry.listDeviceKeys(deviceId).filter((key) => key.alg === alg);
  const key =
    kid === undefined ? (keys.length === 1 ? keys[0] : undefined) : keys.find((k) => k.kid === kid);
  if (key === undefined) {
    throw new WardenError(
      'ERR_AUTH_TOKEN_SIGNER_UNKNOWN',
      `no ${alg} key ${kid ?? '(no kid)'} for ${deviceId}`,
    );
  }
  return {
    signer: 'device',
    key: await deps.deviceKeys.get(deviceId, key.kid, key.jwk, key.alg),
    algorithms: [key.alg],
    issuer: deviceId,
    audience: deps.config.token.audience,
    credential: { type: 'token', signer: 'device', kid: key.kid },
  } satisfies Route;
}

async function verify(deps: TokenAuthDeps, route: Route, token: string): Promise<JWTPayload> {
  const now = deps.now();
  const tolerance = deps.config.token.clockToleranceSeconds;
  // The broker's and devices' keys are objects held for as long as the key stands; an
  // external issuer's come from its JWKS (see verified-tokens.ts).
  const key = route.key;
  const remembered = typeof key === 'function' ? undefined : key;
  const known = remembered === undefined ? undefined : deps.verifiedTokens.get(token, remembered);
  if (known !== undefined) {
    checkTokenTimes(known, now, tolerance);
    return known;
  }
  const options = {
    algorithms: [...route.algorithms],
    issuer: route.issuer,
    audience: route.audience,
    clockTolerance: tolerance,
    requiredClaims: ['exp', 'sub'],
    currentDate: now,
  };
  try {
    const result =
      typeof key === 'function'
        ? await jwtVerify(token, key, options)
        : await jwtVerify(token, key, options);
    if (remembered !== undefined) deps.verifiedTokens.add(token, remembered, result.payload);
    return result.payload;
  } catch (error) {
    throw translateJoseError(error);
  }
}

function checkSubject(payload: JWTPayload): void {
  // jose lets `sub` be any JSON value; only a string naming this client counts.
  if (typeof payload.sub !== 'string') {
    throw new WardenError('ERR_AUTH_TOKEN_CLAIMS', 'sub is not a string');
  }
}

function checkLifetime(deps: TokenAuthDeps, payload: JWTPayload): void {
  const { maxLifetimeSeconds, clockToleranceSeconds } = deps.config.token;
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const exp = payload.exp as number;
  const start = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + clockToleranceSeconds) {
    throw new WardenError('ERR_AUTH_TOKEN_CLAIMS', 'iat is in the future');
  }
  if (exp - start > maxLifetimeSeconds + clockToleranceSeconds) {
    throw new WardenError(
      'ERR_AUTH_TOKEN_CLAIMS',
      `lifetime ${exp - start}s exceeds the maximum ${maxLifetimeSeconds}s`,
    );
  }
}

async function resolveIdentity(
  deps: TokenAuthDeps,
  route: Route,
  payload: JWTPayload,
  clientId: string,
): Promise<Identity> {
  const expiresAt = new Date((payload.exp as number) * 1000);
  if (route.external !== undefined)
    return externalIdentity(deps, route, payload, clientId, expiresAt);

  const deviceId = payload.sub as string;
  if (deviceId !== clientId) {
    throw new WardenError(
      'ERR_AUTH_CLIENT_ID_MISMATCH',
      `sub ${JSON.stringify(deviceId.slice(0, 140))}`,
    );
  }
  const device = deps.registry.getDevice(deviceId);
  if (device === undefined) throw new WardenError('ERR_AUTH_DEVICE_UNKNOWN', deviceId);
  if (device.status !== 'enabled') throw new WardenError('ERR_AUTH_DEVICE_DISABLED', deviceId);
  return {
    id: device.id,
    kind: 'device',
    method: 'token',
    claims: device.claims,
    credential: route.credential,
    expiresAt,
  };
}

function externalIdentity(
  deps: TokenAuthDeps,
  route: Route,
  payload: JWTPayload,
  clientId: string,
  expiresAt: Date,
): Identity {
  const issuer = route.external!.issuer;
  const id = payload[issuer.idClaim];
  if (!isDeviceId(id)) {
    throw new WardenError('ERR_AUTH_TOKEN_CLAIMS', `${issuer.idClaim} is not a valid identity id`);
  }
  if (id !== clientId) {
    throw new WardenError('ERR_AUTH_CLIENT_ID_MISMATCH', `${issuer.idClaim} ${JSON.stringify(id)}`);
  }
  // An external issuer may name services, never impersonate an enrolled device.
  if (deps.registry.getDevice(id) !== undefined) {
    throw new WardenError('ERR_AUTH_TOKEN_CLAIMS', `${id} is an enrolled device`);
  }
  const claims: Record<string, string> = {};
  for (const name of issuer.claims) {
    const value = payload[name];
    if (isClaimValue(value)) claims[name] = value;
  }
  return {
    id,
    kind: 'service',
    method: 'token',
    claims: Object.freeze(claims) as Claims,
    credential: route.credential,
    expiresAt,
  };
}
