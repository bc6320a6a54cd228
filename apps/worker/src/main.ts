import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitOnStartupError, prepareRuntime, stopOnSignals } from '@maillage/platform';
import { migrations } from '@maillage/migrations';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const runtime = await prepareRuntime({ migrations, role: 'worker' });
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  try {
    app = await NestFactory.createApplicationContext(WorkerModule.forRoot(runtime), {
      bufferLogs: true,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    await app.init();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  const started = app;
  stopOnSignals(
    async () => {
      await started.close();
      await runtime.close();
    },
    runtime.logger,
    runtime.config.shutdownGraceMs + 10_000,
  );
  runtime.logger.info({ queue: runtime.config.queue.backend }, 'Maillage worker started');
}

main().catch(exitOnStartupError);
