import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMORY_DATA_DIR } from '../database/embedded-engine.js';
import { resolveSecretKey } from './secret-key.js';

describe('resolveSecretKey', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'maillage-secret-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('uses the configured key as given', async () => {
    await expect(resolveSecretKey('k'.repeat(40), join(root, 'never-created'))).resolves.toBe('k'.repeat(40));
    await expect(stat(join(root, 'never-created'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a data directory that does not exist yet (PostgreSQL configured, nothing else written there)', async () => {
    const dataDir = join(root, 'not', 'yet', 'there');
    const key = await resolveSecretKey(undefined, dataDir);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(join(dataDir, 'secret.key'), 'utf8')).trim()).toBe(key);
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
  });

  it('keeps the generated key across restarts', async () => {
    const first = await resolveSecretKey(undefined, root);
    await expect(resolveSecretKey(undefined, root)).resolves.toBe(first);
  });

  it('gives processes starting together the same key, and leaves no temporary file', async () => {
    const dataDir = join(root, 'shared');
    const keys = await Promise.all(Array.from({ length: 8 }, () => resolveSecretKey(undefined, dataDir)));
    expect(new Set(keys).size).toBe(1);
    expect(await readdir(dataDir)).toEqual(['secret.key']);
  });

  it('replaces a file too short to be a key', async () => {
    await writeFile(join(root, 'secret.key'), 'court');
    const key = await resolveSecretKey(undefined, root);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(join(root, 'secret.key'), 'utf8')).trim()).toBe(key);
  });

  it('writes nothing for an in-memory database', async () => {
    const key = await resolveSecretKey(undefined, MEMORY_DATA_DIR);
    expect(key.length).toBeGreaterThanOrEqual(32);
    await expect(resolveSecretKey(undefined, MEMORY_DATA_DIR)).resolves.not.toBe(key);
  });
});
