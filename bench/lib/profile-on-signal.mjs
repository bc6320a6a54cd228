// Preloaded into a process under measure (`node --import ./bench/lib/profile-on-signal.mjs …`):
// the first SIGUSR2 starts V8's CPU profiler, the next one stops it and writes the profile to
// $PROFILE_ON_SIGNAL_FILE — so that a profile holds the steady state only, not start-up and warm-up.
// With PROFILE_ON_SIGNAL_KIND=heap, V8's sampling heap profiler instead, counting every sampled
// allocation, the ones the garbage collector has already freed included (what a request allocates).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.PROFILE_ON_SIGNAL_FILE;
if (!file) throw new Error('PROFILE_ON_SIGNAL_FILE is not set');
const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((done, fail) => session.post(method, params, (error, result) => (error ? fail(error) : done(result))));
const heap = process.env.PROFILE_ON_SIGNAL_KIND === 'heap';
let running = false;
process.on('SIGUSR2', () => {
  const step = heap
    ? running
      ? post('HeapProfiler.stopSampling').then(({ profile }) => writeFileSync(file, JSON.stringify(profile)))
      : post('HeapProfiler.enable').then(() =>
          post('HeapProfiler.startSampling', {
            samplingInterval: 4096,
            includeObjectsCollectedByMajorGC: true,
            includeObjectsCollectedByMinorGC: true,
          }),
        )
    : running
      ? post('Profiler.stop').then(({ profile }) => writeFileSync(file, JSON.stringify(profile)))
      : post('Profiler.enable')
          .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
          .then(() => post('Profiler.start'));
  running = !running;
  step.catch((error) => process.stderr.write(`profile-on-signal: ${error}\n`));
});
