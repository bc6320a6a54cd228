/**
 * Reads `read` until `done` accepts the value, and answers it. For work that
 * happens in the background (a job, a mail sent after the answer): the test
 * waits for the state, not for a guessed duration. `done` may throw to stop
 * early (a job that failed will not complete). Fails after `timeoutMs` with
 * `what` and the last value read. The default is generous: the suites share
 * two cores with Chromium and with other builds.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 60_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: still not done after ${timeoutMs} ms; last seen ${describe(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string') {
    return value.text;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
