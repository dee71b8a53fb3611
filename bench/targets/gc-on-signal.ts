/**
 * Preloaded into a Node broker whose instructions are counted (`--expose-gc --import` this
 * file): on SIGWINCH, a full garbage collection, then a log line saying how many so far. The
 * count starts each measurement from a freshly collected heap, so whether a full collection
 * falls inside it depends on the measured work alone, not on what ran before.
 */
const gc = (globalThis as { gc?: () => void }).gc;
let collections = 0;

process.on('SIGWINCH', () => {
  if (gc === undefined) return;
  gc();
  collections += 1;
  process.stderr.write(`${JSON.stringify({ msg: 'bench-gc', collections })}\n`);
});
