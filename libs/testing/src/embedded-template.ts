import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedDumps, EmbeddedTemplateStore, MigrationClass } from '@maillage/platform';
import { hashMigrations, safely } from './migrations-digest.js';

/**
 * The embedded engine's migrated template, kept on disk for every test file
 * of a run (and the next runs): a fresh in-memory engine loads it instead of
 * creating two empty clusters and migrating one, seconds per file. Keyed by
 * the migrations' code and the engine's version, so a changed migration
 * builds a new template; written atomically, so parallel workers never read
 * half a file (the first files of a run may each build one: same content).
 */
export function embeddedTemplateStore(migrations: MigrationClass[]): EmbeddedTemplateStore {
  const dir = join(tmpdir(), 'maillage-test-templates', templateKey(migrations));
  const files = { app: join(dir, 'app.tar'), queue: join(dir, 'queue.tar') };
  return {
    async load(): Promise<EmbeddedDumps | undefined> {
      try {
        const [app, queue] = await Promise.all([readFile(files.app), readFile(files.queue)]);
        return { app: new Blob([app]), queue: new Blob([queue]) };
      } catch {
        return undefined;
      }
    },
    async save(dumps: EmbeddedDumps): Promise<void> {
      await mkdir(dir, { recursive: true });
      // The queue's first: a reader needs both, and finds the app's only once both are there.
      for (const name of ['queue', 'app'] as const) {
        const partial = `${files[name]}.${process.pid}.${randomBytes(4).toString('hex')}`;
        await writeFile(partial, Buffer.from(await dumps[name].arrayBuffer()));
        await rename(partial, files[name]);
      }
    },
  };
}

function templateKey(migrations: MigrationClass[]): string {
  const hash = createHash('sha256');
  hash.update(process.versions.node);
  // The migrations' classes, and every file of the migrations folder (their helpers too).
  hashMigrations(hash, migrations);
  const manifest = join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json');
  hash.update(safely(() => readFileSync(manifest), Buffer.alloc(0)));
  return hash.digest('hex').slice(0, 24);
}
