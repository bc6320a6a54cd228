import 'reflect-metadata';
import { createHttpApp, exitOnStartupError, prepareRuntime, stopOnSignals, webConsoleDir } from '@maillage/platform';
import { migrations } from '@maillage/migrations';
import { AdminBootstrap } from '@maillage/identity';
import { ApiModule } from './api.module.js';
import { DemoService } from './demo/demo.service.js';
import { demoBanner } from './demo/demo-banner.js';

async function main(): Promise<void> {
  const runtime = await prepareRuntime({ migrations, role: 'api' });
  const { config, logger } = runtime;
  const withWorker = config.queue.workerInProcess;
  let app: Awaited<ReturnType<typeof createHttpApp>> | undefined;
  try {
    app = await createHttpApp(ApiModule.forRoot(runtime, { withWorker }), runtime);
    await app.listen({ port: config.http.port, host: config.http.host });
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
    logger,
    config.shutdownGraceMs + 10_000,
  );

  const address = started.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const shownHost = ['0.0.0.0', '::'].includes(config.http.host) ? 'localhost' : config.http.host;
  const base = config.http.publicUrl ?? `http://${shownHost}:${port}`;
  logger.info(
    {
      url: base,
      mode: config.database.mode,
      queue: config.queue.backend,
      worker: withWorker ? 'in-process' : 'separate',
    },
    'Maillage API started',
  );
  const admin = started.get(AdminBootstrap).outcome;
  const demo = await started
    .get(DemoService)
    .atStart()
    .catch((error: unknown) => {
      logger.error({ err: error }, 'demo territory not created');
      return undefined;
    });
  const login = admin?.generatedPassword
    ? [
        `  Connexion :         ${admin.email}`,
        `  Mot de passe :      ${admin.generatedPassword}   (généré, affiché une seule fois : notez-le)`,
      ]
    : admin
      ? [`  Connexion :         ${admin.email} (mot de passe : MAILLAGE_ADMIN_PASSWORD, ou celui que vous avez choisi)`]
      : ['  Connexion :         aucun administrateur : définissez MAILLAGE_ADMIN_EMAIL et MAILLAGE_ADMIN_PASSWORD'];
  process.stdout.write(
    [
      '',
      `  Maillage est prêt : ${base}`,
      webConsoleDir(config)
        ? `  Console web :       ${base}   (ouvrez cette adresse dans votre navigateur)`
        : '  Console web :       non construite (npm run build)',
      `  API :               ${base}/api/v1`,
      `  Documentation API : ${base}/docs   (OpenAPI : ${base}/docs-json)`,
      `  Base de données :   ${config.database.mode === 'embedded' ? `intégrée (PGlite), données dans ${config.database.dataDir}` : 'PostgreSQL'}`,
      `  File de tâches :    ${config.queue.backend === 'redis' ? 'Redis' : 'PostgreSQL'}${withWorker ? ', exécutées dans ce processus' : ''}`,
      ...login,
      `  Pour obtenir un jeton : POST ${base}/api/v1/auth/login  {"email": "…", "password": "…"}`,
      ...(demo ? demoBanner(demo, base) : []),
      '',
    ].join('\n') + '\n',
  );
}

main().catch(exitOnStartupError);
