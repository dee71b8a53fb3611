import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../src/cli/index.js';
import { makeTempDir } from '../fleet/fixtures.js';
import { assertFailure, assertUsage, runCli } from './run-cli.js';

test('usage errors exit 2 with one message and a pointer to the right help', async (t) => {
  const cwd = makeTempDir(t);
  const cases: [string[], string][] = [
    [[], 'warden --help'],
    [['frob'], 'warden --help'],
    [['--verbose'], 'warden --help'],
    [['device'], 'warden device --help'],
    [['device', 'frob'], 'warden device --help'],
    [['device', 'add'], 'warden device add --help'],
    [['device', 'add', 'a', 'b'], 'warden device add --help'],
    [['device', 'list', '--bogus'], 'warden device list --help'],
    [['device', 'add', 'x', '--claim'], 'warden device add --help'],
    [['device', 'list', '--json=yes'], 'warden device list --help'],
    [['cert', 'issue', 'd-1'], 'warden cert issue --help'],
    [['cert', 'issue', 'd-1', '--csr', 'f', '--key-type', 'ec-p256'], 'warden cert issue --help'],
    [['cert', 'revoke'], 'warden cert revoke --help'],
    [['cert', 'revoke', 'ab', '--device', 'd-1'], 'warden cert revoke --help'],
    [['crl', '--der'], 'warden crl --help'],
    [['token'], 'warden token --help'],
    [['key', 'add', 'd-1'], 'warden key add --help'],
    [['key', 'remove', 'd-1'], 'warden key remove --help'],
  ];

  for (const [argv, hint] of cases) {
    assertUsage(await runCli(argv, { cwd }), hint);
  }
});

test('help is available overall, per group and per command, and exits 0', async (t) => {
  const cwd = makeTempDir(t);

  const overall = await runCli(['-h'], { cwd });
  const group = await runCli(['key', '--help'], { cwd });
  const command = await runCli(['cert', 'issue', '--help', '--bogus'], { cwd });

  assert.equal(overall.status, 0);
  assert.match(overall.stdout, /device claims/);
  assert.equal(group.status, 0);
  assert.match(group.stdout, /key add/);
  assert.doesNotMatch(group.stdout, /device add/);
  assert.equal(command.status, 0);
  assert.match(command.stdout, /^usage: warden cert issue ID \(--csr FILE \| --key-type/);
  assert.match(command.stdout, /--days N/);
});

test('start refuses a bad port with one line and exit status 1', async (t) => {
  const cwd = makeTempDir(t);

  assertFailure(
    await runCli(['start', '--mqtts-port', '70000'], { cwd }),
    /--mqtts-port must be a port/,
  );
  assertFailure(
    await runCli(['start', '--mqtt-port', 'eighty'], { cwd }),
    /--mqtt-port must be a port/,
  );
});

test('an unexpected error is an internal error, its stack only with WARDEN_DEBUG', async (t) => {
  const cwd = makeTempDir(t);
  const run = async (env: NodeJS.ProcessEnv) => {
    let stderr = '';
    const status = await main(['--help'], {
      stdout: {
        write: () => {
          throw new TypeError('stdout is broken');
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      env,
      cwd,
    });
    return { status, stderr };
  };

  const plain = await run({});
  const debug = await run({ WARDEN_DEBUG: '1' });

  assert.equal(plain.status, 1);
  assert.equal(plain.stderr, 'warden: internal error: stdout is broken\n');
  assert.equal(debug.status, 1);
  assert.match(
    debug.stderr,
    /^warden: internal error: stdout is broken\nTypeError: stdout is broken\n\s+at /,
  );
});

test('the home comes from --home, else WARDEN_HOME, else the working directory', async (t) => {
  const cwd = makeTempDir(t);
  const other = makeTempDir(t);

  const inCwd = await runCli(['init', '--json'], { cwd });
  const fromEnv = await runCli(['init', '--json'], { cwd, env: { WARDEN_HOME: other } });
  const fromFlag = await runCli(['init', '--json', '--home', 'sub'], {
    cwd,
    env: { WARDEN_HOME: other },
  });

  assert.equal(JSON.parse(inCwd.stdout).home, cwd);
  assert.equal(JSON.parse(fromEnv.stdout).home, other);
  assert.equal(JSON.parse(fromFlag.stdout).home, `${cwd}/sub`);
});
