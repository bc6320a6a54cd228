import { Injectable, type OnModuleInit } from '@nestjs/common';
import { frenchPeriod } from '@maillage/contract';
import { AuditSubjects, leadingId, namedRows, type Db } from '@maillage/platform';

const byId = (table: string, label: string) => (db: Db, ids: string[]) =>
  namedRows(db, `select id::text as id, ${label} as name from ${table} where id::text = any($1::text[])`, ids);

/**
 * Entries whose id is `allianceId:actorId[:period]`: the alliance's title, the party's name,
 * and the period in its French form.
 */
async function allianceParty(db: Db, ids: string[]): Promise<Map<string, string>> {
  const parts = ids.map((id) => id.split(':'));
  const alliances = await byId('alliances', 'title')(db, [...new Set(ids.map(leadingId))]);
  const actors = await byId('actors', 'name')(db, [...new Set(parts.map((part) => part[1] ?? ''))]);
  const names = new Map<string, string>();
  ids.forEach((id, index) => {
    const [allianceId = '', actorId = '', period] = parts[index] ?? [];
    const title = alliances.get(allianceId);
    if (!title) return;
    const actor = actors.get(actorId);
    names.set(
      id,
      [`« ${title} »`, actor, period ? `période ${frenchPeriod(period)}` : undefined].filter(Boolean).join(' — '),
    );
  });
  return names;
}

/** How the audit log names the ecosystem's rows: actors, enjeux, actions, alliances, requests. */
@Injectable()
export class EcosystemAuditSubjects implements OnModuleInit {
  constructor(private readonly subjects: AuditSubjects) {}

  onModuleInit(): void {
    const register = this.subjects.register.bind(this.subjects);
    register('actor', byId('actors', 'name'));
    register('priority', byId('priorities', 'title'));
    register('action', byId('actions', 'title'));
    register('alliance', byId('alliances', 'title'));
    register('import', byId('imports', 'filename'));
    register('geocoding', byId('geocoding_runs', `'Géocodage du ' || to_char(created_at, 'DD/MM/YYYY HH24:MI')`));
    register(
      'actor_contact',
      byId('actor_contacts c', `c.name || ' (' || (select a.name from actors a where a.id = c.actor_id) || ')'`),
    );
    register('alliance_agreement', allianceParty);
    register('alliance_evaluation', allianceParty);
    register(
      'comment',
      byId(
        'comments c',
        `'Message sur « ' || coalesce(
           (select title from alliances where id = c.subject_id),
           (select title from actions where id = c.subject_id),
           (select title from priorities where id = c.subject_id)) || ' »'`,
      ),
    );
    register(
      'join_request',
      byId('join_requests r', `coalesce((select a.name from actors a where a.id = r.actor_id), r.new_actor->>'name')`),
    );
    register('link_request', byId('link_requests r', `(select u.name from users u where u.id = r.user_id)`));
    register(
      'profile_change',
      byId('profile_change_requests r', `(select a.name from actors a where a.id = r.actor_id)`),
    );
  }
}
