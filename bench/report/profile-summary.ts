import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    hitCount?: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileShare {
  readonly name: string;
  /** Share of the busy samples. */
  readonly percent: number;
  /** The same in milliseconds of CPU, from the sampling span. */
  readonly ms: number;
}

const TOP = 20;
const US_PER_MS = 1000;

/** Where a frame's code lives: a package, a part of Warden, Node itself, or V8's own work. */
function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch !== null) return packageMatch[1] ?? url;
  const wardenMatch = /dist\/(src\/[^/]+|bench)\//.exec(url);
  if (wardenMatch !== null) return `warden ${wardenMatch[1]}`;
  if (url.startsWith('node:')) return `node ${url.slice('node:'.length).split('/')[0]}`;
  return url;
}

/** Self time per owner and per function, as shares of all samples, largest first. */
export function summarizeProfile(profile: CpuProfile) {
  // Shares of the time the process was busy: idle samples say nothing about cost.
  const busy = (node: CpuProfile['nodes'][number]) => node.callFrame.functionName !== '(idle)';
  const all = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const total =
    profile.nodes.filter(busy).reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || !busy(node)) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + hits);
    const where =
      url === '' ? '' : ` ${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}`;
    const key = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  const msPerHit = (profile.endTime - profile.startTime) / US_PER_MS / all;
  const top = (map: Map<string, number>): ProfileShare[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, hits]) => ({ name, percent: (100 * hits) / total, ms: hits * msPerHit }));
  return {
    busyPercent: (100 * total) / all,
    owners: top(byOwner),
    functions: top(byFunction),
    warden: top(inclusiveWardenTime(profile)),
  };
}

/**
 * Time spent in each Warden function and everything it called, counted once per stack even
 * when the function recurses: where Warden's own code sends the CPU.
 */
function inclusiveWardenTime(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const walk = (id: number, open: ReadonlySet<string>) => {
    const node = byId.get(id);
    if (node === undefined) return;
    const { functionName, url, lineNumber } = node.callFrame;
    let inside = open;
    if (url.includes('/dist/src/')) {
      const file = url.replace(/^.*\/dist\//, '');
      const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
      if (!open.has(key)) inside = new Set([...open, key]);
    }
    for (const key of inside) totals.set(key, (totals.get(key) ?? 0) + (node.hitCount ?? 0));
    for (const child of node.children ?? []) walk(child, inside);
  };
  const root = profile.nodes[0];
  if (root !== undefined) walk(root.id, new Set());
  return totals;
}

function line(share: ProfileShare): string {
  const percent = share.percent.toFixed(1).padStart(5);
  return `    ${percent} % ${share.ms.toFixed(0).padStart(7)} ms  ${share.name}`;
}

/** Summaries of every .cpuprofile in `dir`, as printable text. */
export function renderProfiles(dir: string): string {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  return files
    .map((file) => {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const { busyPercent, owners, functions, warden } = summarizeProfile(profile);
      const lines = [
        `profile ${file}: busy ${busyPercent.toFixed(0)} % of its life; shares of busy time`,
        '  self time by owner:',
      ];
      for (const share of owners) lines.push(line(share));
      lines.push('  Warden functions, time including callees:');
      for (const share of warden) lines.push(line(share));
      lines.push('  self time by function:');
      for (const share of functions) lines.push(line(share));
      return lines.join('\n');
    })
    .join('\n\n');
}
