const started = performance.now();
const MS_PER_SECOND = 1000;

/** A progress line on stderr, stamped with the seconds since the run began. */
export function progress(text: string): void {
  const seconds = ((performance.now() - started) / MS_PER_SECOND).toFixed(1).padStart(6);
  console.error(`[${seconds} s] ${text}`);
}
