// Jobs: 10,000 trivial jobs through Maillage's queue layer (JobQueue.enqueue and
// the WorkerHost, in a worker process composed as apps/worker is) against bare
// BullMQ (Queue.add + Worker) on the same backend, with the same concurrency and
// job options. Each side runs in a fresh process of its own (bench/jobs-worker.mjs)
// with its own Redis prefix or PostgreSQL schema, removed afterwards. On Redis the
// pair runs five times, alternating which side goes first, and the pair with the
// median ratio is reported; on the PostgreSQL backend (10 times slower), twice.
import { Redis } from 'ioredis';
import { asOwner, start } from '../lib/harness.mjs';
import { appEnv } from '../lib/app.mjs';

const JOBS = 10_000;
/** Untimed jobs first, so both sides are measured warm (JIT, scripts loaded, connections open). */
const WARMUP = 500;

/** Removes what one side left: its Redis keys, or its PostgreSQL schema. */
async function cleanUp(context, prefix) {
  if (context.redisUrl) {
    const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  } else {
    await asOwner(context.databaseUrl, (owner) => owner.query(`drop schema if exists "${prefix}_queue" cascade`));
  }
}

async function runSide(context, side, prefix, concurrency) {
  const worker = start(
    'bench/jobs-worker.mjs',
    appEnv(
      { ...context, namespace: prefix },
      { BENCH_JOBS: String(JOBS), BENCH_WARMUP_JOBS: String(WARMUP), MAILLAGE_WORKER_CONCURRENCY: String(concurrency) },
    ),
    [side],
  );
  try {
    const [, json] = await worker.until(/jobs-result (\{.*\})/, 300_000);
    await worker.exited;
    return JSON.parse(json);
  } finally {
    await worker.stop();
    await cleanUp(context, prefix);
  }
}

export async function jobs(context) {
  const concurrency = Number(process.env.MAILLAGE_WORKER_CONCURRENCY ?? 4);
  const backend = context.redisUrl ? 'Redis' : 'PostgreSQL';
  // The PostgreSQL backend is an order of magnitude slower: two pairs only, one
  // in each order (the side that runs first in a pair is often the slower one there).
  const rounds = context.redisUrl ? 5 : 2;
  const pairs = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? ['maillage', 'bare'] : ['bare', 'maillage'];
    const pair = {};
    for (const side of order) {
      pair[side] = await runSide(context, side, `${context.namespace}_jobs${round}${side[0]}`, concurrency);
      console.log(
        `  ${side}: ${pair[side].jobs} jobs in ${(pair[side].ms / 1000).toFixed(2)} s ` +
          `(enqueued in ${(pair[side].enqueuedMs / 1000).toFixed(2)} s)`,
      );
    }
    pairs.push({ ...pair, ratio: pair.bare.ms / pair.maillage.ms });
  }
  // Load from elsewhere on the machine drifts between runs more than the two
  // sides differ, and each pair ran back to back: the figure is the median pair
  // by ratio (the two middle ones pooled, for an even count).
  const sorted = [...pairs].sort((a, b) => a.ratio - b.ratio);
  const middle = sorted.slice(Math.floor((sorted.length - 1) / 2), Math.floor(sorted.length / 2) + 1);
  const rateOf = (side, field = 'ms') =>
    (middle.reduce((sum, pair) => sum + pair[side].jobs, 0) * 1000) /
    middle.reduce((sum, pair) => sum + pair[side][field], 0);
  const app = rateOf('maillage');
  const baseline = rateOf('bare');
  const rate = (value) => Math.round(value).toLocaleString('en');
  const perPair = pairs
    .map((pair) => {
      const [m, b] = [pair.maillage, pair.bare].map((side) => rate((side.jobs * 1000) / side.ms));
      return `${m} ÷ ${b} = ${pair.ratio.toFixed(2)}`;
    })
    .join('; ');
  return [
    {
      scenario: `Jobs (${JOBS.toLocaleString('en')} trivial, concurrency ${concurrency}, ${backend})`,
      measure: 'jobs/s',
      app,
      baseline,
      ratio: app / baseline,
      target: '≥ 0.60',
      met: app / baseline >= 0.6,
      detail:
        `first enqueue to last completion, enqueue and work in one process, 50 adds in flight, after ${WARMUP} untimed jobs; ` +
        (middle.length === pairs.length
          ? `${pairs.length === 1 ? 'one pair' : `all ${pairs.length} back-to-back pairs pooled`}`
          : `the median ${middle.length === 1 ? 'pair' : 'two pairs, pooled,'} by ratio of ${pairs.length} back-to-back pairs`) +
        `, alternating which side goes first (Maillage ÷ bare jobs/s: ${perPair}); ` +
        `enqueue alone: Maillage ${rate(rateOf('maillage', 'enqueuedMs'))}, bare ${rate(rateOf('bare', 'enqueuedMs'))} jobs/s`,
    },
  ];
}
