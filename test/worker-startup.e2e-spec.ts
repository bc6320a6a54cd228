import { Injectable, Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  HandlesJob,
  PlatformModule,
  WorkerHostModule,
  type JobHandler,
  type JobPayload,
  type Runtime,
} from '@maillage/platform';
import { createTestRuntime, engineKind, type TestRuntime } from '@maillage/testing';

@Injectable()
@HandlesJob('system.health-probe')
class SecondProbeHandler implements JobHandler<'system.health-probe'> {
  async handle(payload: JobPayload<'system.health-probe'>): Promise<string> {
    return payload.nonce;
  }
}

@Injectable()
@HandlesJob('test.unknown' as never)
class OrphanHandler implements JobHandler<'system.health-probe'> {
  async handle(): Promise<void> {}
}

function workerWith(runtime: Runtime, extraProviders: Type[]) {
  @Module({ imports: [PlatformModule.forRoot(runtime, 'worker'), WorkerHostModule], providers: extraProviders })
  class WorkerUnderTest {}
  return WorkerUnderTest;
}

describe(`the worker refuses to start with a broken job catalogue (${engineKind()} engine)`, () => {
  let t: TestRuntime;

  beforeAll(async () => {
    t = await createTestRuntime();
  });
  afterAll(() => t?.close());

  async function startError(extraProviders: Type[]): Promise<string> {
    // compile() builds the context without starting it, so a failed start can still be closed.
    const app = await Test.createTestingModule({ imports: [workerWith(t.runtime, extraProviders)] })
      .setLogger({ log() {}, error() {}, warn() {} })
      .compile();
    try {
      await app.init();
      return 'started';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await app.close();
    }
  }

  it('starts with one handler per job', async () => {
    expect(await startError([])).toBe('started');
  });

  it('refuses a job with two handlers', async () => {
    expect(await startError([SecondProbeHandler])).toMatch(/job "system\.health-probe" has 2 handlers/);
  });

  it('refuses a handler whose job no module defines', async () => {
    expect(await startError([OrphanHandler])).toMatch(/handler for "test\.unknown", which no module defines/);
  });
});
