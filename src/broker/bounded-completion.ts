/**
 * Completion resumes aedes' parser for the client's next packet, inline. Under a backlog in
 * mqemitter that nests once per packet, and with 10,000 simulated devices on an overloaded
 * broker it overflowed the stack and ended the process (measured). Past a depth, completion
 * waits for the next turn of the event loop, which unwinds the stack; below it nothing changes.
 */
const MAX_INLINE_COMPLETION_DEPTH = 64;
let completionDepth = 0;

export function completeBounded(done: (error?: Error) => void, error?: Error): void {
  if (completionDepth >= MAX_INLINE_COMPLETION_DEPTH) {
    setImmediate(done, error);
    return;
  }
  completionDepth += 1;
  try {
    done(error);
  } finally {
    completionDepth -= 1;
  }
}
