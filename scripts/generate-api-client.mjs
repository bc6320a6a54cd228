#!/usr/bin/env node
// Regenerates the web console's typed API client types (apps/web/src/api/schema.d.ts)
// from the OpenAPI document the API itself serves: builds, starts the API on a
// throw-away embedded engine, reads /docs-json, runs openapi-typescript.
// `npm run generate:api` after any change to a controller or DTO; the test
// test/web-client.e2e-spec.ts fails while the committed file is stale.
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderApiTypes } from './api-types.mjs';

const root = new URL('..', import.meta.url).pathname;
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-needed', '--server-only'], { stdio: 'inherit' });

const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: '',
    REDIS_URL: '',
    MAILLAGE_DATA_DIR: 'memory://',
    MAILLAGE_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /Maillage est prêt : (\S+)/.exec(output);
    if (match) resolve(match[1]);
  });
  child.on('exit', (code) => reject(new Error(`the API exited (${code}) before it was ready`)));
});
try {
  const document = await (await fetch(`${url}/docs-json`)).json();
  const target = join(root, 'apps/web/src/api/schema.d.ts');
  writeFileSync(target, await renderApiTypes(document));
  process.stdout.write(`Wrote ${target}\n`);
} finally {
  child.kill('SIGTERM');
}
