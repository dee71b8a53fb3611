/**
 * Valgrind's callgrind around a broker process: the command prefix that starts it, and the
 * `callgrind_control` requests (zero the counters, dump them) that bracket one measurement.
 * Instructions executed do not depend on what else the machine runs, so two runs agree far
 * more closely than two CPU-time readings do.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sleep } from '../targets/process.js';

const run = promisify(execFile);
const CONTROL_TIMEOUT_MS = 60_000;
const DUMP_WAIT_MS = 30_000;
const POLL_MS = 50;

/**
 * `valgrind --tool=callgrind` with what Node needs: V8 writes and rewrites machine code in
 * anonymous memory, so every such write must discard valgrind's translations
 * (`--smc-check=all-non-file`, the amd64 default, spelled out). Counters are read through
 * vgdb with its pipes in `dir`, so other valgrind runs on the machine stay out of reach.
 */
export function callgrindCommand(dir: string): string[] {
  return [
    'valgrind',
    '--tool=callgrind',
    `--callgrind-out-file=${join(dir, 'cg.%p')}`,
    '--smc-check=all-non-file',
    `--vgdb-prefix=${vgdbPrefix(dir)}`,
    '--vgdb=yes',
    // Start-up runs uninstrumented, several times faster; `instrumentOn` before counting.
    '--instr-atstart=no',
    // Costs per function are all that is read; per line they would only fill the disk.
    '--dump-line=no',
  ];
}

function vgdbPrefix(dir: string): string {
  return join(dir, 'vgdb');
}

async function control(dir: string, pid: number, request: string): Promise<string> {
  const { stdout } = await run(
    'callgrind_control',
    [`--vgdb-prefix=${vgdbPrefix(dir)}`, request, String(pid)],
    { timeout: CONTROL_TIMEOUT_MS },
  );
  if (!stdout.includes('OK')) throw new Error(`callgrind_control ${request} ${pid}: ${stdout}`);
  return stdout;
}

/** Turns instrumentation on (valgrind retranslates everything), once, before any count. */
export async function instrumentOn(dir: string, pid: number): Promise<void> {
  await control(dir, pid, '--instr=on');
}

/** Sets every event counter of the process to zero. */
export async function zeroCounters(dir: string, pid: number): Promise<void> {
  await control(dir, pid, '--zero');
}

/** One dump: every instruction since the last zero or dump, and where it was executed. */
export interface Dump {
  readonly file: string;
  /** The dump's `totals:` line: instructions (Ir) of every thread of the process. */
  readonly total: number;
  /** Instructions executed in each function itself, callees not included. */
  readonly selfByFunction: ReadonlyMap<string, number>;
  /** Per caller, the instructions of its calls to each callee, the callee's callees included. */
  readonly callsByFunction: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Asks for a dump labelled `label` and reads it once valgrind has written all of it. */
export async function dump(dir: string, pid: number, label: string): Promise<Dump> {
  const before = new Set(dumpFiles(dir, pid));
  await control(dir, pid, `--dump=${label}`);
  const deadline = performance.now() + DUMP_WAIT_MS;
  for (;;) {
    const fresh = dumpFiles(dir, pid).filter((file) => !before.has(file));
    if (fresh.length > 1) throw new Error(`several new callgrind dumps: ${fresh.join(', ')}`);
    const file = fresh[0];
    const text = file === undefined ? '' : readFileSync(join(dir, file), 'utf8');
    // `totals:` is written last, once the whole dump is in the file.
    if (file !== undefined && /^totals:/m.test(text)) {
      // valgrind 3.19 writes `dump <label>`; older ones `Client Request: <label>`.
      const trigger = /^desc: Trigger: (.*)$/m.exec(text)?.[1] ?? '';
      if (!trigger.endsWith(` ${label}`)) {
        throw new Error(`callgrind dump ${file} is not the one asked for (${label})`);
      }
      return { file, ...parseDump(text) };
    }
    if (performance.now() > deadline) throw new Error(`no callgrind dump for ${label}`);
    await sleep(POLL_MS);
  }
}

/**
 * Reads a dump in callgrind's format: `fn=(id) name` opens a function (a name is spelled out
 * at its id's first use, in `fn=` or `cfn=`), its cost lines (`<position> <Ir>`) are its own
 * instructions, and the cost line after `cfn=` and `calls=` is that call's inclusive cost.
 * Recursion levels (`name'2`) count as the function itself.
 */
export function parseDump(text: string): Omit<Dump, 'file'> {
  const names = new Map<string, string>();
  const self = new Map<string, number>();
  const calls = new Map<string, Map<string, number>>();
  let positions = 1;
  let current = '';
  let callee: string | undefined;
  let callCost = false;
  let total: number | undefined;
  const nameOf = (spec: string): string => {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(spec);
    if (match === null) return withoutRecursion(spec);
    const [, id, name] = match as unknown as [string, string, string | undefined];
    if (name !== undefined) names.set(id, withoutRecursion(name));
    return names.get(id) ?? `(${id})`;
  };
  for (const line of text.split('\n')) {
    const first = line.charAt(0);
    if ((first >= '0' && first <= '9') || first === '+' || first === '-' || first === '*') {
      const ir = Number(line.trim().split(/\s+/)[positions] ?? 0);
      if (callCost && callee !== undefined) {
        const out = calls.get(current) ?? new Map<string, number>();
        out.set(callee, (out.get(callee) ?? 0) + ir);
        calls.set(current, out);
      } else {
        self.set(current, (self.get(current) ?? 0) + ir);
      }
      callCost = false;
    } else if (line.startsWith('fn=')) current = nameOf(line.slice(3));
    else if (line.startsWith('cfn=')) callee = nameOf(line.slice(4));
    else if (line.startsWith('calls=')) callCost = true;
    else if (line.startsWith('positions:')) positions = line.slice(10).trim().split(/\s+/).length;
    else if (line.startsWith('totals:')) total = Number(line.slice(7).trim().split(/\s+/)[0]);
  }
  if (total === undefined) throw new Error('callgrind dump without totals');
  return { total, selfByFunction: self, callsByFunction: calls };
}

function withoutRecursion(name: string): string {
  return name.replace(/'\d+$/, '');
}

/** `cg.<pid>.<n>`: the dumps asked for; `cg.<pid>` alone is the one written at exit. */
function dumpFiles(dir: string, pid: number): string[] {
  const prefix = `cg.${pid}.`;
  return readdirSync(dir).filter((file) => file.startsWith(prefix));
}

/**
 * V8's compilers at work: parsing, bytecode generation, Sparkplug, TurboFan, deoptimization.
 * A counted run under valgrind is too short for the JIT to settle (each function optimized in
 * it costs a few million instructions, once), so this share moves from run to run; natively,
 * over hours, it fades out.
 */
const JIT_CLASSES = [
  'Parser',
  'PreParser',
  'ParserBase',
  'Scanner',
  'AstNodeFactory',
  'AstValueFactory',
  'Scope',
  'DeclarationScope',
  'FuncNameInferrer',
  'Compiler',
  'OptimizedCompilationJob',
  'OptimizedCompilationInfo',
  'UnoptimizedCompilationInfo',
  'OptimizingCompileDispatcher',
  'Zone',
  'Assembler',
  'AssemblerBase',
  'MacroAssembler',
  'TurboAssembler',
  'SourcePositionTableBuilder',
  'SafepointTableBuilder',
  'Deoptimizer',
  'TranslatedState',
  'TranslatedFrame',
  'TranslatedValue',
];
const JIT_FUNCTION = new RegExp(
  [
    'v8::internal::(compiler|baseline|interpreter|maglev)::',
    `v8::internal::(${JIT_CLASSES.join('|')})\\b`,
  ].join('|'),
);

/**
 * V8's garbage collector: scavenges, marking (and the barrier work marking adds to array
 * moves), sweeping, compaction, and the entry points that start them. Whether a full
 * collection falls inside a counted run is a matter of where the heap stood when it began,
 * so this share is lumpy too.
 */
const GC_CLASSES = [
  'Scaveng',
  'ScavengerCollector',
  'MarkCompact',
  'MinorMarkCompact',
  'Marking',
  'MainMarking',
  'ConcurrentMarking',
  'IncrementalMarking',
  'Sweeper',
  'Evacuat',
  'RememberedSet',
  'GCTracer',
  'LiveObjectRange',
  'CppMarkingState',
  'RecordMigratedSlot',
  'IterateAndScavenge',
  'ArrayBufferSweeper',
  'PointersUpdating',
  'MemoryReducer',
  'ScavengeJob',
  'IncrementalMarkingJob',
  'GlobalHandles',
  'PretenuringHandler',
];
/** `Heap::` methods that start or finish a collection. */
const GC_HEAP_METHODS = [
  'CollectGarbage',
  'CollectAllGarbage',
  'PerformGarbageCollection',
  'GarbageCollectionPrologue',
  'GarbageCollectionEpilogue',
  'StartIncrementalMarking',
  'FinalizeIncrementalMarking',
  'WriteBarrierForRange',
  'Scavenge',
  'MarkCompact',
  'EvacuateYoungGeneration',
  'IterateRoots',
];
const GC_FUNCTION = new RegExp(
  [
    `v8::internal::(${GC_CLASSES.join('|')}|Heap::(${GC_HEAP_METHODS.join('|')}))`,
    'heap::base::',
    'cppgc::',
    'BodyDescriptor(Base|Apply)',
    'ScavengeVisitor',
    'MarkingVisitor',
  ].join('|'),
);

/**
 * Library leaves a compiler or the collector calls (allocation, copies, containers): they call
 * nothing of V8's back, so a call's whole cost belongs to the caller's region.
 */
const LEAF_PREFIXES = [
  'std::',
  '__mem',
  '__str',
  '_int_',
  'malloc',
  'free',
  'calloc',
  'realloc',
  'cfree',
  'operator new',
  'operator delete',
  'pthread_',
];
const LEAF_FUNCTION = new RegExp(`^(${LEAF_PREFIXES.join('|')})`);

export interface Breakdown {
  readonly total: number;
  /** In V8's compilers, with what they call (malloc, memcpy), but not collections. */
  readonly jit: number;
  /** In the garbage collector, with what it calls. */
  readonly gc: number;
}

/**
 * Splits a dump's instructions three ways: compilers, collector, the rest (the broker's own
 * work: JavaScript, Node, OpenSSL, libc). A region's share is its functions' own
 * instructions plus their calls to library leaves, so memcpy from a collection is the
 * collector's and memcpy from JavaScript is the broker's. Inclusive costs of other calls are
 * not used: V8's frames and tail calls into JavaScript confuse callgrind's call tracking.
 */
export function breakdown(dumped: Dump): Breakdown {
  const regionOf = new Map<string, 'jit' | 'gc' | undefined>();
  const region = (name: string) => {
    if (!regionOf.has(name)) {
      // The name without its parameters (`Heap::Foo(v8::internal::Zone*)` is no compiler).
      const bare = name.replaceAll('(anonymous namespace)', '').split('(')[0] ?? name;
      regionOf.set(
        name,
        JIT_FUNCTION.test(bare) ? 'jit' : GC_FUNCTION.test(bare) ? 'gc' : undefined,
      );
    }
    return regionOf.get(name);
  };
  const sums = { jit: 0, gc: 0 };
  for (const [name, instructions] of dumped.selfByFunction) {
    const where = region(name);
    if (where !== undefined) sums[where] += instructions;
  }
  for (const [caller, callees] of dumped.callsByFunction) {
    const where = region(caller);
    if (where === undefined) continue;
    for (const [callee, instructions] of callees) {
      if (LEAF_FUNCTION.test(callee)) sums[where] += instructions;
    }
  }
  return { total: dumped.total, ...sums };
}
