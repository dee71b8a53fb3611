import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import {
  type NewCertificate,
  type OpenOptions,
  openRegistry,
  type Registry,
} from '../../src/registry/index.js';

/** A fresh directory, removed when the test ends. */
export function makeTempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-registry-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a registry and closes it when the test ends. */
export function openForTest(t: TestContext, path: string, options?: OpenOptions): Registry {
  const registry = openRegistry(path, options);
  t.after(() => registry.close());
  return registry;
}

/** A registry in a new file of its own, with its path. */
export function openTempRegistry(
  t: TestContext,
  options?: OpenOptions,
): { registry: Registry; path: string } {
  const path = join(makeTempDir(t), 'warden.db');
  return { registry: openForTest(t, path, options), path };
}

export interface FakeClock {
  now: () => Date;
  advance(ms: number): void;
}

/** A clock that moves only when told to, starting at 1 January 2026. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let ms = start;
  return {
    now: () => new Date(ms),
    advance: (step) => {
      ms += step;
    },
  };
}

export function fingerprintOf(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

/** A certificate record as the PKI would hand it over; `n` makes serial and fingerprint unique. */
export function sampleCertificate(deviceId: string, n: number): NewCertificate {
  return {
    serial: (0x1000 + n).toString(16),
    deviceId,
    fingerprint: fingerprintOf(`certificate ${n}`),
    notBefore: new Date(Date.UTC(2026, 0, 1)),
    notAfter: new Date(Date.UTC(2027, 0, 1)),
  };
}

export const sampleJwk = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};
