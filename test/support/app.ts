import { ApiModule } from '../../apps/api/src/api.module.js';
import { createTestApp, TEST_ADMIN_ENV, type TestApp } from '@maillage/testing';

/**
 * The real API on a fresh database, with the test administrator, and the
 * in-process worker unless MAILLAGE_WORKER_IN_PROCESS=false (jobs then wait
 * for a worker the test starts itself).
 */
export function startApi(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const withWorker = env.MAILLAGE_WORKER_IN_PROCESS !== 'false';
  return createTestApp((runtime) => ApiModule.forRoot(runtime, { withWorker }), { ...TEST_ADMIN_ENV, ...env });
}
