import type { Fleet, TokenKey } from '../../src/fleet/index.js';
import { loadTokenKey } from '../../src/fleet/index.js';
import type { HeldToken } from '../provision/fleet-file.js';
import { signExpiredToken } from '../rogue/forged-tokens.js';
import type { Clock } from '../schedule/clock.js';

/** Fresh tokens for token devices (through the fleet, audited), and expired ones for probes. */
export interface TokenSource {
  mint(deviceId: string): Promise<HeldToken>;
  /** A correctly signed token of `deviceId` that expired an hour ago. */
  expired(deviceId: string): Promise<string>;
}

export function createTokenSource(fleet: Fleet, ttlSeconds: number, clock: Clock): TokenSource {
  let key: Promise<TokenKey> | undefined;
  const { token } = fleet.config;
  return {
    async mint(deviceId) {
      const minted = await fleet.mintToken({ deviceId, ttlSeconds });
      return {
        value: minted.token,
        issuedAtMs: minted.issuedAt.getTime(),
        expiresAtMs: minted.expiresAt.getTime(),
      };
    },
    async expired(deviceId) {
      key ??= loadTokenKey(fleet.config.paths.tokenKey);
      return signExpiredToken({
        key: await key,
        deviceId,
        issuer: token.issuer,
        audience: token.audience,
        nowMs: clock.nowMs(),
      });
    },
  };
}
