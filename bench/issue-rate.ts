/**
 * Certificates issued per second by src/pki, in the two ways `warden cert issue` works:
 * (a) a fresh EC P-256 key pair per device, then signing; (b) parsing and verifying a device's
 * EC P-256 CSR, prepared beforehand, then signing. Run: node dist/bench/issue-rate.js
 */
import { pathToFileURL } from 'node:url';
import type { KeyType } from '../src/pki/index.js';
import {
  createCa,
  createCsr,
  generateKeyPair,
  issueDeviceCertificate,
  loadCa,
  parseCsr,
  publicKeyFromPem,
} from '../src/pki/index.js';

export interface IssueRateOptions {
  /** Most certificates to issue in each mode. Default 500. */
  maxIterations?: number;
  /** Most time to spend in each mode, in seconds. Default 20. */
  maxSeconds?: number;
  /** CSRs prepared for mode (b), reused round-robin. Default 200. */
  csrCount?: number;
  /** Key type of the issuing CA. Default ec-p256. */
  caKeyType?: KeyType;
}

export interface IssueRateFigure {
  mode: 'generated-key' | 'csr';
  certificates: number;
  seconds: number;
  perSecond: number;
}

export interface IssueRateResult {
  caKeyType: KeyType;
  figures: IssueRateFigure[];
}

const MS_PER_SECOND = 1000;
const WARMUP_ITERATIONS = 5;

export async function runIssueRate(options: IssueRateOptions = {}): Promise<IssueRateResult> {
  const maxIterations = options.maxIterations ?? 500;
  const maxMs = (options.maxSeconds ?? 20) * MS_PER_SECOND;
  const caKeyType = options.caKeyType ?? 'ec-p256';

  const material = await createCa({ keyType: caKeyType });
  const ca = await loadCa(material.certPem, material.keyPem);
  const csrs = await prepareCsrs(options.csrCount ?? 200);

  const generated = async (index: number) => {
    const pair = await generateKeyPair('ec-p256');
    const publicKey = await publicKeyFromPem(pair.publicKeyPem);
    await issueDeviceCertificate(ca, { deviceId: `bench-${index}`, publicKey });
  };
  const fromCsr = async (index: number) => {
    const publicKey = await parseCsr(csrs[index % csrs.length] ?? '');
    await issueDeviceCertificate(ca, { deviceId: `bench-${index}`, publicKey });
  };

  const figures = [
    await measure('generated-key', generated, maxIterations, maxMs),
    await measure('csr', fromCsr, maxIterations, maxMs),
  ];
  return { caKeyType, figures };
}

async function prepareCsrs(count: number): Promise<string[]> {
  const csrs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const pair = await generateKeyPair('ec-p256');
    csrs.push(await createCsr(pair.privateKeyPem, { commonName: `bench-${i}` }));
  }
  return csrs;
}

async function measure(
  mode: IssueRateFigure['mode'],
  issueOne: (index: number) => Promise<void>,
  maxIterations: number,
  maxMs: number,
): Promise<IssueRateFigure> {
  for (let i = 0; i < WARMUP_ITERATIONS; i += 1) await issueOne(i);

  const started = performance.now();
  let certificates = 0;
  while (certificates < maxIterations && performance.now() - started < maxMs) {
    await issueOne(certificates);
    certificates += 1;
  }

  const seconds = (performance.now() - started) / MS_PER_SECOND;
  return { mode, certificates, seconds, perSecond: certificates / seconds };
}

function printTable(result: IssueRateResult): void {
  console.log(`issue rate, CA key ${result.caKeyType}, device keys EC P-256, one at a time`);
  console.log('mode            certificates  seconds  certs/s');
  for (const figure of result.figures) {
    console.log(
      [
        figure.mode.padEnd(14),
        String(figure.certificates).padStart(12),
        figure.seconds.toFixed(2).padStart(8),
        figure.perSecond.toFixed(1).padStart(8),
      ].join('  '),
    );
  }
}

async function main(): Promise<void> {
  const result = await runIssueRate();
  printTable(result);
  console.log(JSON.stringify(result));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
