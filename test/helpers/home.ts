import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type Config, type ConfigOverrides, loadConfig } from '../../src/config/index.js';
import { type Fleet, initHome, openFleet } from '../../src/fleet/index.js';

export interface TestHome {
  readonly dir: string;
  readonly config: Config;
  readonly fleet: Fleet;
}

/** A fresh, initialized home in a temp directory, removed after the test. */
export async function createTestHome(
  t: TestContext,
  yaml?: string,
  overrides: ConfigOverrides = {},
): Promise<TestHome> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  if (yaml !== undefined) writeFileSync(join(dir, 'warden.yaml'), yaml);
  const config = loadConfig({ home: dir, mqttsPort: 0, mqttPort: 0, ...overrides }, {});
  await initHome(config, {});
  const fleet = openFleet(config);
  t.after(() => fleet.close());
  return { dir, config, fleet };
}
