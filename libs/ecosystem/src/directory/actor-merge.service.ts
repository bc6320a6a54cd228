import { Injectable } from '@nestjs/common';
import { AuditLog, notFound, DomainError, Transactions } from '@maillage/platform';
import { searchText, type ActorRow, type ActorView } from './actor.model.js';
import { ActorsService } from './actors.service.js';

/**
 * Merges a duplicate actor (the source) into the one that stays (the
 * target), in one transaction: every participation, support, alliance,
 * evaluation, contact, priority and member link moves to the target; the
 * target keeps its own fields and takes the source's where it has none; the
 * source is archived, pointing at the target. Recorded in the audit log.
 */
@Injectable()
export class ActorMergeService {
  constructor(
    private readonly transactions: Transactions,
    private readonly actors: ActorsService,
    private readonly audit: AuditLog,
  ) {}

  async merge(targetId: string, sourceId: string): Promise<ActorView> {
    if (targetId === sourceId) {
      throw new DomainError('invalid', {
        code: 'invalid_merge',
        detail: 'Un acteur ne peut pas être fusionné avec lui-même.',
        errors: [{ field: 'sourceId', message: 'identique à l’acteur conservé' }],
      });
    }
    return this.transactions.tenant(async (db) => {
      const target = await this.actors.findIn(db, targetId, true);
      const source = await this.actors.findIn(db, sourceId, true);
      if (!target) throw notFound();
      if (!source) {
        throw new DomainError('invalid', {
          code: 'unknown_actor',
          detail: 'L’acteur à fusionner n’existe pas dans le territoire.',
          errors: [{ field: 'sourceId', message: 'acteur inconnu' }],
        });
      }
      if (target.archived_at || source.archived_at) {
        throw new DomainError('conflict', {
          code: 'invalid_merge',
          detail: 'Seuls deux acteurs actifs peuvent être fusionnés (restaurez d’abord l’acteur archivé).',
        });
      }
      const moved: Record<string, number> = {};
      const count = async (label: string, sql: string) => {
        const rows: unknown[] = await db.query(`with changed as (${sql} returning 1) select 1 from changed`, [
          targetId,
          sourceId,
        ]);
        moved[label] = rows.length;
      };
      // Participations: the target's own role wins where both took part.
      await db.query(
        `delete from action_participants s where s.actor_id = $2
         and exists (select 1 from action_participants t where t.action_id = s.action_id and t.actor_id = $1)`,
        [targetId, sourceId],
      );
      await count('participations', `update action_participants set actor_id = $1 where actor_id = $2`);
      await count('supports', `update actions set supported_actor_id = $1 where supported_actor_id = $2`);
      // Alliances where both are parties: the source's evaluations move where the target has none for the period.
      await db.query(
        `update alliance_evaluations e set actor_id = $1 where e.actor_id = $2
           and exists (select 1 from alliance_parties t where t.alliance_id = e.alliance_id and t.actor_id = $1)
           and not exists (select 1 from alliance_evaluations x
                           where x.alliance_id = e.alliance_id and x.actor_id = $1 and x.period = e.period)`,
        [targetId, sourceId],
      );
      await db.query(
        `delete from alliance_parties s where s.actor_id = $2
         and exists (select 1 from alliance_parties t where t.alliance_id = s.alliance_id and t.actor_id = $1)`,
        [targetId, sourceId],
      );
      // Evaluations follow their party (on update cascade).
      await count('alliances', `update alliance_parties set actor_id = $1 where actor_id = $2`);
      await count('proposals', `update alliances set proposer_actor_id = $1 where proposer_actor_id = $2`);
      await count('contacts', `update actor_contacts set actor_id = $1 where actor_id = $2`);
      await count(
        'priorities',
        `insert into actor_priorities (territory_id, actor_id, priority_id)
         select territory_id, $1, priority_id from actor_priorities where actor_id = $2 on conflict do nothing`,
      );
      await count('members', `update memberships set actor_id = $1 where actor_id = $2`);
      // The source gives up its unique identifiers before the target may take them.
      await db.query(
        `update actors set siret = null, rna = null, archived_at = coalesce(archived_at, now()), merged_into = $1,
                version = version + 1, updated_at = now() where id = $2`,
        [targetId, sourceId],
      );
      await this.fillGaps(db, target, source);
      await db.query(
        `update actors a set external = a.commune_code is not null
           and not exists (select 1 from territory_communes c where c.commune_code = a.commune_code)
         where a.id = $1`,
        [targetId],
      );
      await this.audit.record(db, {
        entity: 'actor',
        entityId: sourceId,
        action: 'merged_into',
        before: { siret: source.siret, rna: source.rna, archivedAt: null },
        after: { siret: null, rna: null, mergedInto: targetId },
      });
      const after = this.actors.view((await this.actors.findIn(db, targetId)) as ActorRow);
      await this.audit.record(db, {
        entity: 'actor',
        entityId: targetId,
        action: 'merge',
        before: { mergedActorId: null },
        after: { mergedActorId: sourceId, mergedActorName: source.name, moved },
      });
      return after;
    });
  }

  private async fillGaps(
    db: Parameters<Parameters<Transactions['tenant']>[0]>[0],
    target: ActorRow,
    source: ActorRow,
  ): Promise<void> {
    const tags = [...new Set([...target.tags, ...source.tags])].sort().slice(0, 30);
    // Identifiers are taken only where they stay consistent (a SIRET belongs to its SIREN).
    const siren =
      target.siren ?? (source.siren && (!target.siret || target.siret.startsWith(source.siren)) ? source.siren : null);
    const siret = target.siret ?? (source.siret && (!siren || source.siret.startsWith(siren)) ? source.siret : null);
    const description = target.description || source.description;
    await db.query(
      `update actors set
         siren = $2, siret = $3, rna = coalesce(rna, $4), naf_code = coalesce(naf_code, $5),
         commune_code = coalesce(commune_code, $6), address = coalesce(address, $7),
         latitude = case when latitude is null then $8 else latitude end,
         longitude = case when latitude is null then $9 else longitude end,
         website = coalesce(website, $10),
         fragilities = (select coalesce(array_agg(distinct f order by f), '{}') from unnest(fragilities || $11::text[]) f),
         tags = $12, description = $13, search_text = $14, version = version + 1, updated_at = now()
       where id = $1`,
      [
        target.id,
        siren,
        siret,
        target.category === 'association' ? source.rna : null,
        source.naf_code,
        source.commune_code,
        source.address,
        source.latitude,
        source.longitude,
        source.website,
        source.fragilities,
        tags,
        description,
        searchText({ name: target.name, description, tags }),
      ],
    );
  }
}
