import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import mqtt from 'mqtt';

const BIN = join(process.cwd(), 'bin', 'warden.js');
const START_TIMEOUT_MS = 15_000;

interface LogLine {
  msg: string;
  listener?: string;
  port?: number;
}

test('warden start creates a fresh home, listens, answers MQTT and stops on SIGTERM', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'warden-start-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const child = spawn(
    process.execPath,
    [BIN, 'start', '--home', home, '--mqtts-port', '0', '--mqtt-port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => child.kill('SIGKILL'));
  const lines: LogLine[] = [];
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no listeners logged')), START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(JSON.parse(line) as LogLine);
      if (lines.filter((l) => l.msg === 'listening').length === 2) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await listening;

  assert.ok(lines.some((l) => l.msg.startsWith('home initialized')));
  assert.equal(statSync(join(home, 'certs', 'ca.key')).mode & 0o777, 0o600);
  assert.ok(existsSync(join(home, 'data', 'warden.db')));
  const plain = lines.find((l) => l.listener === 'mqtt');
  assert.ok(plain?.port !== undefined && plain.port > 0);

  const refused = await new Promise<number | undefined>((resolve) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${plain.port}`, {
      clientId: 'nobody',
      reconnectPeriod: 0,
    });
    client.once('error', (error: Error & { code?: number }) => {
      client.end(true);
      resolve(error.code);
    });
  });
  assert.equal(refused, 4, 'an anonymous client gets CONNACK 4');

  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(lines.some((l) => l.msg === 'broker stopped'));
});
