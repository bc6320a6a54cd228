#!/usr/bin/env node
// Does an import's memory stay flat when the file is a decompression bomb, or
// a million rows? (issue "Trust", item 4)
//
//   npm run build -- --server-only && node bench/zip-bomb.mjs
//   BENCH_BOMB_MIB=1700 node bench/zip-bomb.mjs          # a bigger bomb (default 1100 MiB unpacked)
//
// The built API runs as in development with its worker in the same process,
// on a fresh database of the server of BENCH_DATABASE_URL (or DATABASE_URL, or
// the local postgres), with Redis when REDIS_URL is set. A coordinator uploads,
// over HTTP:
//   - an XLSX bomb (about 1.1 MB inflating to 1.1 GiB) whose directory says so:
//     refused at upload;
//   - the same bomb with a directory that lies (its sheet claims 64 KiB): taken,
//     then failed by the worker as soon as the sheet inflates past that;
//   - a CSV of 1,000,000 short rows (about 8.9 MB, under the byte limit),
//     streamed without a length: refused at upload at the 20,001st row.
// For each, the API process's resident memory just before (from /proc) and its
// peak meanwhile (VmHWM, reset just before), and the time from the first byte
// sent to the refusal (the 413, or the import's `failed` status).
//
// For comparison, what the code before this change did with the same files,
// each in a child process of its own: the worker loaded the whole workbook
// with exceljs (`Workbook.xlsx.load`, which inflates every part in memory), and
// parsed the whole CSV with csv-parse's synchronous parser before counting rows.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runMigrations } from '../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../dist/migrations/index.js';
import { coordinatorOf, newContextSecrets, startApi } from './lib/app.mjs';
import { freshDatabase, machine, MIB, memoryOf, requireBuild, resetPeak, ROOT, sleep } from './lib/harness.mjs';
import { xlsxBomb } from './lib/zip.mjs';

const BOMB_MIB = Number(process.env.BENCH_BOMB_MIB ?? 1100);
const SERVER =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The million rows, in blocks of a thousand: `Nom;Catégorie`, then `<n>;a`. */
function* millionRows() {
  yield Buffer.from('Nom;Catégorie\n');
  for (let block = 0; block < 1_000; block += 1)
    yield Buffer.from(Array.from({ length: 1_000 }, (_, index) => `${block * 1_000 + index};a\n`).join(''));
}

/** POSTs `chunks` as they come (no Content-Length); resolves with the answer as soon as it arrives. */
function upload(base, path, token, type, chunks) {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${base}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
    });
    outgoing.on('response', (response) => {
      let text = '';
      response.on('data', (data) => (text += data));
      response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(text) }));
    });
    // After a refusal the API reads the rest and drops it: the upload goes on to its end.
    pipeline(Readable.from(chunks), outgoing, (error) => error && reject(error));
  });
}

/** Runs `work` against the API process: its RSS before, its peak meanwhile, the seconds it took. */
async function measured(pid, work) {
  const before = (await memoryOf(pid)).rss;
  await resetPeak(pid);
  const startedAt = performance.now();
  const outcome = await work();
  const seconds = (performance.now() - startedAt) / 1000;
  const { peak } = await memoryOf(pid);
  return {
    ...outcome,
    seconds: +seconds.toFixed(2),
    rssBeforeMiB: Math.round(before / MIB),
    peakMiB: Math.round(peak / MIB),
    growthMiB: Math.round((peak - before) / MIB),
  };
}

/** What the previous reading did with `file`, in a child process: its peak RSS, time and outcome. */
function previously(file, script) {
  const output = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { readFileSync } from 'node:fs';
       const content = readFileSync(${JSON.stringify(file)});
       const startedAt = performance.now();
       let outcome;
       try { outcome = await (async () => { ${script} })(); } catch (error) { outcome = 'error: ' + error.message.slice(0, 120); }
       const seconds = (performance.now() - startedAt) / 1000;
       const peak = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
       console.log(JSON.stringify({ outcome, seconds: +seconds.toFixed(2), peakMiB: Math.round(peak / ${MIB}) }));`,
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * MIB },
  );
  return JSON.parse(output.trim().split('\n').at(-1));
}

async function main() {
  requireBuild();
  const honest = xlsxBomb({ mebibytes: BOMB_MIB });
  const lying = xlsxBomb({ mebibytes: BOMB_MIB, declaredBytes: 64 * 1024 });
  const csv = Buffer.concat([...millionRows()]);
  const database = await freshDatabase(SERVER);
  console.log(
    JSON.stringify({
      machine: await machine(database.url),
      queue: process.env.REDIS_URL ? 'redis' : 'postgres',
      bomb: { fileBytes: honest.length, unpackedMiB: BOMB_MIB },
      csv: { rows: 1_000_000, fileBytes: csv.length },
    }),
  );
  const context = {
    databaseUrl: database.url,
    redisUrl: process.env.REDIS_URL,
    namespace: database.name.replace('maillage_', ''),
    ...newContextSecrets(),
  };
  let api;
  try {
    await runMigrations(database.url, migrations);
    api = await startApi(context, { MAILLAGE_WORKER_IN_PROCESS: 'true' });
    const { accessToken } = await (
      await api.call('POST', '/auth/login', { email: context.admin.email, password: context.admin.password })
    ).json();
    const territory = await (
      await api.call('POST', '/territories', { kind: 'commune', code: '69123' }, accessToken)
    ).json();
    const { token } = await coordinatorOf(api, context, territory.id);
    const imports = `/territories/${territory.id}/imports`;
    const pid = api.process.child.pid;
    await sleep(2_000);

    const results = {};
    results.honestBomb = await measured(pid, async () => {
      const { status, body } = await upload(api.base, imports, token, XLSX, [honest]);
      return { status, detail: body.detail };
    });
    results.lyingBomb = await measured(pid, async () => {
      const { status, body } = await upload(api.base, imports, token, XLSX, [lying]);
      if (status !== 202) return { status, detail: body.detail };
      for (;;) {
        const current = await (await api.call('GET', `${imports}/${body.id}`, undefined, token)).json();
        if (['failed', 'analysed'].includes(current.status)) return { status: current.status, error: current.error };
        await sleep(50);
      }
    });
    results.millionRowCsv = await measured(pid, async () => {
      const { status, body } = await upload(api.base, imports, token, 'text/csv', millionRows());
      return { status, detail: body.detail };
    });
    for (const [name, result] of Object.entries(results)) console.log(JSON.stringify({ now: name, ...result }));

    // The same files through the previous reading.
    const bombFile = join(tmpdir(), `maillage-bench-bomb-${process.pid}.xlsx`);
    const csvFile = join(tmpdir(), `maillage-bench-million-${process.pid}.csv`);
    writeFileSync(bombFile, honest);
    writeFileSync(csvFile, csv);
    const before = {
      bomb: previously(
        bombFile,
        `const { default: ExcelJS } = await import('exceljs');
         const workbook = new ExcelJS.Workbook();
         await workbook.xlsx.load(content);
         return 'loaded';`,
      ),
      millionRowCsv: previously(
        csvFile,
        `const { parse } = await import('csv-parse/sync');
         const rows = parse(content.toString('utf8'), { bom: true, delimiter: ';', relax_column_count: true, skip_empty_lines: true, trim: true });
         return rows.length + ' rows parsed, then refused';`,
      ),
    };
    for (const [name, result] of Object.entries(before)) console.log(JSON.stringify({ before: name, ...result }));
  } finally {
    await api?.stop();
    await database.drop();
  }
}

await main();
