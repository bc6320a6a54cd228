import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function requireBuild(): void {
  if (!existsSync(resolve(ROOT, 'dist/apps/api/src/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it).');
  }
}

export interface RunningChild {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output contains `text` (rejects after `timeoutMs`). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
}

export function startChild(script: string, env: NodeJS.ProcessEnv): RunningChild {
  const child = spawn(process.execPath, [resolve(ROOT, script)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const matches = (text: string | RegExp) => (typeof text === 'string' ? output.includes(text) : text.test(output));
  return {
    child,
    output: () => output,
    exited,
    waitFor(text, timeoutMs = 60_000) {
      return new Promise<void>((done, fail) => {
        const check = () => {
          if (matches(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            done();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          fail(new Error(`timed out waiting for ${String(text)}; output so far:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (!matches(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            fail(new Error(`process exited before ${String(text)}; output:\n${output}`));
          }
        });
        check();
      });
    },
  };
}
