import type { ApiClient } from './api-client.js';
import type { EcosystemFixture } from './ecosystem-fixture.js';

export interface OrganisationsFixture {
  /** A pending link request of the member (made before they were linked to the company). */
  linkRequestId: string;
  /** A pending join request made through the open join link. */
  joinRequestId: string;
  /** A pending profile change of the company, asked by the member. */
  changeId: string;
  /** The join link's token (open). */
  joinToken: string;
}

function check<T>(response: { status: number; text: string; body: T }, what: string): T {
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${response.text}`);
  return response.body;
}

/**
 * Rows in every table of the organisations' part, built through the API: a
 * link request, the member linked to the company, a public field of its
 * profile changed (applied) and its pending profile change, an open join link with a pending request, and one party's agreement
 * on the ecosystem's first alliance (then under discussion).
 */
export async function seedOrganisations(
  coordinator: ApiClient,
  member: { id: string; api: ApiClient },
  anonymous: ApiClient,
  territoryId: string,
  eco: EcosystemFixture,
): Promise<OrganisationsFixture> {
  const base = `/territories/${territoryId}`;
  const link = check(
    await member.api.post<{ id: string }>(`${base}/link-requests`, { message: 'Atelier Numérique Lyonnais' }),
    'link request',
  );
  check(await coordinator.patch(`${base}/members/${member.id}`, { actorId: eco.company }), 'link member');
  const mine = check(
    await member.api.get<{ actor: { version: number } }>(`${base}/my-organisation`),
    'my organisation',
  );
  const changed = check(
    await member.api.request<{ pendingChanges: { id: string }[] }>('PATCH', `${base}/my-organisation`, {
      body: { name: 'Atelier Numérique de Lyon', description: 'Réparation et formation au numérique.' },
      headers: { 'if-match': `"${mine.actor.version}"` },
    }),
    'profile change',
  );
  const opened = check(await coordinator.post<{ token: string }>(`${base}/join-link`), 'join link');
  const joined = check(
    await anonymous.post<{ request: { id: string } }>(`/join/${opened.token}`, {
      name: 'Personne qui rejoint',
      email: `rejoint.${territoryId.slice(0, 8)}@maillage.test`,
      password: 'Chataignier-des-Cevennes-2026',
      actorId: eco.publicBody,
    }),
    'join request',
  );
  check(
    await coordinator.post(`${base}/alliances/${eco.allianceId}/transitions`, { to: 'under_discussion' }),
    'discussion',
  );
  check(
    await coordinator.post(`${base}/alliances/${eco.allianceId}/agreements`, { actorId: eco.association }),
    'agreement',
  );
  return {
    linkRequestId: link.id,
    joinRequestId: joined.request.id,
    changeId: (changed.pendingChanges[0] as { id: string }).id,
    joinToken: opened.token,
  };
}
