import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, type Runtime } from '@maillage/platform';
import { createTestRuntime, type TestRuntime } from './test-runtime.js';

export interface TestApp extends TestRuntime {
  app: NestFastifyApplication;
}

/**
 * The real HTTP application (same factory as production) on a fresh
 * database and queue namespace. Requests go through `app.inject()`.
 */
export async function createTestApp(
  module: (runtime: Runtime) => DynamicModule,
  env: NodeJS.ProcessEnv = {},
): Promise<TestApp> {
  const testRuntime = await createTestRuntime(env);
  let app: NestFastifyApplication | undefined;
  try {
    app = await createHttpApp(module(testRuntime.runtime), testRuntime.runtime);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await testRuntime.close();
    throw error;
  }
  const started = app;
  return {
    ...testRuntime,
    app: started,
    close: async () => {
      await started.close();
      await testRuntime.close();
    },
  };
}
