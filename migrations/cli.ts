import 'reflect-metadata';
import {
  loadConfig,
  pendingMigrations,
  postgresQueueSchema,
  revertLastMigration,
  runMigrations,
  startEmbeddedEngine,
  exitOnStartupError,
} from '@maillage/platform';
import { migrations } from './index.js';

/**
 * `npm run migration:run | migration:revert | migration:show`: works on
 * DATABASE_MIGRATION_URL (or DATABASE_URL) as the owner, or on the embedded
 * engine's data directory when no database is configured.
 */
async function main(command: string | undefined): Promise<void> {
  if (!command || !['run', 'revert', 'show'].includes(command)) {
    process.stderr.write('usage: migrate run | revert | show\n');
    process.exit(2);
  }
  const config = loadConfig();
  const engine =
    config.database.mode === 'embedded'
      ? await startEmbeddedEngine({
          dataDir: config.database.dataDir,
          queueSchema: postgresQueueSchema(config.queue.namespace),
        })
      : undefined;
  const url = engine?.databaseUrl ?? (config.database.migrationUrl as string);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (command === 'run') {
      const applied = await runMigrations(url, migrations);
      print(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.');
    } else if (command === 'revert') {
      const pendingBefore = await pendingMigrations(url, migrations);
      const reverted = await revertLastMigration(url, migrations);
      const pendingAfter = await pendingMigrations(url, migrations);
      const name = pendingAfter.find((candidate) => !pendingBefore.includes(candidate));
      print(reverted ? `Reverted: ${name ?? 'the last migration'}` : 'Nothing to revert.');
    } else {
      const pending = await pendingMigrations(url, migrations);
      for (const migration of migrations) {
        print(`${pending.includes(migration.name) ? '[ ]' : '[x]'} ${migration.name}`);
      }
    }
  } finally {
    await engine?.stop();
  }
}

main(process.argv[2]).catch(exitOnStartupError);
