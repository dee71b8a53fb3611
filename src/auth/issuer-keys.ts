import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { ExternalIssuerConfig } from '../config/index.js';
import { WardenError } from '../core/index.js';

export interface IssuerKeyOptions {
  /** Least time between two fetches of a key set, also on an unknown kid. */
  readonly cooldownMs: number;
  /** How long a fetched key set is trusted before it is fetched again. */
  readonly cacheMaxAgeMs: number;
  readonly timeoutMs: number;
}

export const defaultIssuerKeyOptions: IssuerKeyOptions = {
  cooldownMs: 30_000,
  cacheMaxAgeMs: 600_000,
  timeoutMs: 5_000,
};

export interface IssuerKeys {
  readonly issuer: ExternalIssuerConfig;
  readonly getKey: JWTVerifyGetKey;
}

/**
 * One cached remote key set per external issuer. jose refetches the set when a token names an
 * unknown kid (after the cooldown), which is how a provider's key rotation reaches us.
 */
export function createIssuerKeys(
  issuers: readonly ExternalIssuerConfig[],
  options: IssuerKeyOptions = defaultIssuerKeyOptions,
): ReadonlyMap<string, IssuerKeys> {
  const byIssuer = new Map<string, IssuerKeys>();
  for (const issuer of issuers) {
    const remote = createRemoteJWKSet(new URL(issuer.jwksUri), {
      cooldownDuration: options.cooldownMs,
      cacheMaxAge: options.cacheMaxAgeMs,
      timeoutDuration: options.timeoutMs,
    });
    const getKey: JWTVerifyGetKey = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (isFetchFailure(error)) {
          throw new WardenError(
            'ERR_AUTH_ISSUER_UNAVAILABLE',
            `${issuer.name}: ${describe(error)}`,
            {
              cause: error,
            },
          );
        }
        throw error;
      }
    };
    byIssuer.set(issuer.issuer, { issuer, getKey });
  }
  return byIssuer;
}

function isFetchFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JWKS_INVALID') return true;
  // jose 6.2 reports a non-200 answer and a body that is not JSON as generic errors that name
  // "the JSON Web Key Set HTTP response"; both are the issuer's fault, not the token's.
  const generic = /JSON Web Key Set HTTP response|status code|fetch/i;
  if (code === 'ERR_JOSE_GENERIC' && generic.test(error.message)) return true;
  return error instanceof TypeError && /fetch/i.test(error.message);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
