import 'reflect-metadata';
import { createHttpApp, exitOnStartupError, prepareRuntime } from '@maillage/platform';
import { migrations } from '@maillage/migrations';
import { AdminBootstrap } from '@maillage/identity';
import { ApiModule } from './api.module.js';
import { demoBanner } from './demo/demo-banner.js';
import { DemoService } from './demo/demo.service.js';

/**
 * `npm run demo`: creates the demo territory (`--reset`: deletes it first and
 * creates it again; `--delete`: deletes it), on the database the environment
 * names (the embedded one by default: stop a running Maillage first, the
 * embedded engine has one process), then prints where it is and its accounts.
 */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((arg) => !['--reset', '--delete'].includes(arg));
  if (unknown.length > 0 || (args.has('--reset') && args.has('--delete'))) {
    process.stderr.write('Usage : npm run demo [-- --reset | --delete]\n');
    process.exitCode = 2;
    return;
  }
  const runtime = await prepareRuntime({ migrations, role: 'demo' });
  const app = await createHttpApp(ApiModule.forRoot(runtime, { withWorker: false }), runtime);
  try {
    await app.init();
    const demo = app.get(DemoService);
    const { config } = runtime;
    const base = config.http.publicUrl ?? `http://localhost:${config.http.port}`;
    const lines: string[] = [''];
    const admin = app.get(AdminBootstrap).outcome;
    if (admin?.generatedPassword) {
      lines.push(`  Administrateur créé : ${admin.email} / ${admin.generatedPassword}   (affiché une seule fois)`);
    }
    if (args.has('--delete')) {
      lines.push(
        (await demo.delete())
          ? '  Espace de démonstration supprimé, avec ses comptes de démonstration.'
          : '  Aucun espace de démonstration à supprimer.',
      );
    } else {
      const created = await demo.create(args.has('--reset'));
      lines.push(
        created.created
          ? `  Espace de démonstration ${args.has('--reset') ? 'réinitialisé' : 'créé'}.`
          : '  L’espace de démonstration existe déjà (npm run demo -- --reset pour le recréer).',
        ...demoBanner(created, base),
        '',
        `  Démarrez Maillage (npm start) puis ouvrez ${base}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  } finally {
    await app.close();
    await runtime.close();
  }
}

main().catch(exitOnStartupError);
