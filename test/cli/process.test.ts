import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { jwtVerify } from 'jose';
import { makeTempDir, openssl, opensslCsr } from '../fleet/fixtures.js';
import { createCliHome } from './home.js';
import { assertFailure, assertUsage, spawnCli } from './run-cli.js';

// Each spawn costs a Node start and the module graph; the rest of the suite runs in-process.

test('the real process prints help with exit 0 and answers an unknown command with exit 2', (t) => {
  const dir = makeTempDir(t);

  const help = spawnCli(['--help'], { cwd: dir });
  const unknown = spawnCli(['enroll', 'x'], { cwd: dir });

  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: warden <command>/);
  assert.equal(help.stderr, '');
  assertUsage(unknown, 'warden --help');
});

test('the real process exits 1 with one line and no stack for an uninitialized home', (t) => {
  const dir = makeTempDir(t);

  const result = spawnCli(['device', 'list'], { cwd: dir, env: { WARDEN_HOME: dir } });

  assertFailure(result, /not initialized .* run `warden init`/);
});

test('the real process issues from an openssl EC P-256 CSR and prints a token alone', async (t) => {
  const home = await createCliHome(t);
  await home.run('device', 'add', 'pump-7');
  opensslCsr(home.dir, 'pump-7', 'ec:P-256');
  const env = { WARDEN_HOME: home.dir };

  const issued = spawnCli(['cert', 'issue', 'pump-7', '--csr', 'pump-7.csr', '--out', 'p7'], {
    cwd: home.dir,
    env,
  });
  const token = spawnCli(['token', 'pump-7', '--ttl', '10m'], { cwd: home.dir, env });
  const tooLong = spawnCli(['token', 'pump-7', '--ttl', '25h'], { cwd: home.dir, env });

  assert.equal(issued.status, 0, issued.stderr);
  assert.match(issued.stdout, /^serial\s+[0-9a-f]+$/m);
  assert.match(issued.stdout, /^sha256\s+[0-9a-f]{64}$/m);
  const ca = join(home.dir, 'certs', 'ca.crt');
  const verify = openssl(['verify', '-CAfile', ca, join(home.dir, 'p7.crt')]);
  assert.equal(verify.status, 0, verify.stderr);
  assert.equal(token.status, 0, token.stderr);
  assert.match(token.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const publicKey = createPublicKey(readFileSync(join(home.dir, 'certs', 'token.key')));
  const { payload } = await jwtVerify(token.stdout.trim(), publicKey, {
    issuer: 'warden',
    audience: 'warden',
    subject: 'pump-7',
  });
  assert.equal(payload.exp! - payload.iat!, 600);
  assertFailure(tooLong, /exceeds the maximum/);
});
