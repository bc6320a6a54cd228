import { randomBytes } from 'node:crypto';
import { hashPassword, hashToken } from '@maillage/identity';
import { ownerQuery, type TestApp } from '@maillage/testing';

/**
 * A join request waiting for its address to be confirmed, planted as the mail would have left it
 * (where no SMTP server is configured the API creates accounts at once, so suites without one
 * plant the row, as made through the territory's open join link): answers the token of the link
 * the mail would carry.
 */
export async function plantJoinConfirmation(
  t: TestApp,
  territoryId: string,
  person: { email: string; name: string; password: string; request: Record<string, unknown> },
): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await ownerQuery(
    t.runtime,
    `insert into join_confirmations (territory_id, token_hash, link_hash, email, name, password_hash, request,
                                     expires_at)
     select $1, $2, l.token_hash, $3, $4, $5, $6, now() + interval '24 hours'
       from join_links l where l.territory_id = $1`,
    [
      territoryId,
      hashToken(secret),
      person.email,
      person.name,
      await hashPassword(person.password),
      JSON.stringify(person.request),
    ],
  );
  return `${territoryId}.${secret}`;
}
