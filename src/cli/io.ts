/** Where a text stream goes; `process.stdout` fits, and so does an in-memory sink in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/** What a command reads from and writes to its surroundings, so tests can run it in-process. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
