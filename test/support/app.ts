import { ApiModule } from '../../apps/api/src/api.module.js';
import { createTestApp, TEST_ADMIN_ENV, type TestApp } from '@maillage/testing';

/** The real API (with the in-process worker) on a fresh database, with the test administrator. */
export function startApi(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  return createTestApp((runtime) => ApiModule.forRoot(runtime, { withWorker: true }), { ...TEST_ADMIN_ENV, ...env });
}
