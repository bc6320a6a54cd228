import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MEMORY_DATA_DIR } from '../database/embedded-engine.js';

/**
 * Outside production a missing MAILLAGE_SECRET_KEY is generated once per data
 * directory (kept beside the data, readable by its owner only), so sessions
 * survive a restart and no default secret ever ships in the code.
 */
export async function resolveSecretKey(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const generated = randomBytes(48).toString('base64url');
  if (dataDir === MEMORY_DATA_DIR) return generated;
  const file = join(dataDir, 'secret.key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // With DATABASE_URL the data directory holds only this key: nothing else has created it yet.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Written whole under another name, then linked in place, which fails if the file exists: an API
  // and a worker starting together both end up with the first key linked, never a partial one.
  const written = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(written, generated, { mode: 0o600 });
  try {
    await link(written, file);
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
    // A file too short to be a key (an older version's interrupted write): replaced, as before.
    await rename(written, file);
    return generated;
  } finally {
    await unlink(written).catch(() => undefined);
  }
}
