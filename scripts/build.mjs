#!/usr/bin/env node
// Compiles apps, libs and migrations to dist/ (tsc, then tsc-alias rewrites the
// @maillage/* aliases to relative ESM paths), then bundles the web console with
// Vite into dist/web. With --if-needed, skips each part whose output is newer than
// every one of its source files; --server-only skips the web console.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ifNeeded = process.argv.includes('--if-needed');
const serverOnly = process.argv.includes('--server-only');

function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Whether any source is newer than the phase's stamp (always true without --if-needed). */
function stale(stamp, sources) {
  if (!ifNeeded || !existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((source) => existsSync(join(root, source)) && newestMtime(join(root, source)) > built);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

/**
 * Brotli and gzip copies of the console's text files, served as they are by the
 * API (@fastify/static preCompressed): about 70 % fewer bytes on a cold load.
 */
function precompress(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      precompress(path);
      continue;
    }
    if (!/\.(js|css|html|svg|json)$/.test(entry.name)) continue;
    const content = readFileSync(path);
    if (content.length < 1024) continue;
    writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  }
}

// The API, the worker and the migrations: tsc, then tsc-alias.
const serverStamp = join(root, 'dist', '.build-stamp');
const serverSources = [
  'apps/api',
  'apps/worker',
  'libs',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
];
if (stale(serverStamp, serverSources)) {
  process.stdout.write('Building Maillage (API, worker)…\n');
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  writeFileSync(serverStamp, new Date().toISOString());
}

// The web console: Vite bundles apps/web into dist/web, which the API serves.
const webStamp = join(root, 'dist', '.build-stamp-web');
if (!serverOnly && stale(webStamp, ['apps/web', 'libs/contract', 'package-lock.json'])) {
  process.stdout.write('Building Maillage (web console)…\n');
  execFileSync(bin('vite'), ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  precompress(join(root, 'dist', 'web'));
  writeFileSync(webStamp, new Date().toISOString());
}
