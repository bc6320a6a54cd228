import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { exitOnStartupError, loadConfig, postgresQueueSchema, startEmbeddedEngine } from '@maillage/platform';
import { hashPassword } from '@maillage/identity';

/**
 * `npm run admin:password [-- <e-mail>]`: gives a platform administrator a new generated
 * password, printed once, and ends their sessions: the way back in when the first
 * administrator's password is lost. Works on DATABASE_MIGRATION_URL (or DATABASE_URL) as the
 * owner, or on the embedded engine's data directory (stop Maillage first: one process at a time).
 */
async function main(email: string | undefined): Promise<void> {
  const config = loadConfig();
  const engine =
    config.database.mode === 'embedded'
      ? await startEmbeddedEngine({
          dataDir: config.database.dataDir,
          queueSchema: postgresQueueSchema(config.queue.namespace),
        })
      : undefined;
  const client = new pg.Client({ connectionString: engine?.databaseUrl ?? (config.database.migrationUrl as string) });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  await client.connect();
  try {
    const admins = (
      await client.query<{ id: string; email: string }>(
        `select id, email from users where global_role = 'platform_admin' order by email`,
      )
    ).rows;
    const target = email
      ? admins.find((admin) => admin.email === email.trim().toLowerCase())
      : admins.length === 1
        ? admins[0]
        : undefined;
    if (!target) {
      print(
        admins.length === 0
          ? 'Aucun administrateur de la plateforme : définissez MAILLAGE_ADMIN_EMAIL et MAILLAGE_ADMIN_PASSWORD, puis démarrez Maillage.'
          : `Précisez l’adresse de l’administrateur : npm run admin:password -- <adresse>. Administrateurs : ${admins.map((admin) => admin.email).join(', ')}.`,
      );
      process.exitCode = 1;
      return;
    }
    // 24 random bytes: far beyond the password policy, never a common word.
    const password = randomBytes(18).toString('base64url');
    await client.query('begin');
    await client.query(`update users set password_hash = $2 where id = $1`, [target.id, await hashPassword(password)]);
    await client.query(`update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null`, [
      target.id,
    ]);
    await client.query('commit');
    print(`Nouveau mot de passe de ${target.email} (affiché une seule fois) : ${password}`);
    print('Ses sessions ouvertes sont fermées. Changez ce mot de passe depuis « Mon compte » après connexion.');
  } finally {
    await client.end();
    await engine?.stop();
  }
}

main(process.argv[2]).catch(exitOnStartupError);
