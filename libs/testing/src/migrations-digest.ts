import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationClass } from '@maillage/platform';

/**
 * What a migrated test template depends on, added to `hash`: each migration class's name and code, and
 * every file of the migrations folder (the SQL a migration builds from its module's constants and
 * helpers is not in its class's code). An edited migration, or a helper it uses, gets a new template.
 */
export function hashMigrations(hash: Hash, migrations: MigrationClass[]): Hash {
  for (const migration of migrations) hash.update(`${migration.name}\n${migration.toString()}\n`);
  const folder = join(process.cwd(), 'migrations');
  for (const file of safely(() => readdirSync(folder).sort(), [] as string[])) {
    hash.update(`${file}\n`);
    hash.update(safely(() => readFileSync(join(folder, file)), Buffer.alloc(0)));
  }
  return hash;
}

/** The digest of `hashMigrations` alone. */
export function migrationsDigest(migrations: MigrationClass[]): string {
  return hashMigrations(createHash('sha256'), migrations).digest('hex');
}

export function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
