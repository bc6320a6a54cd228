import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';

/** SQL of an actor merge: every link moved from the source to the target, the source retired. */
@Injectable()
export class ActorMergeRepository {
  /**
   * Moves every participation, support, alliance, evaluation, contact, priority and member link; counts
   * per kind (and the participations dropped where the actor that stays is the one supported).
   */
  async moveLinks(db: Db, targetId: string, sourceId: string): Promise<Record<string, number>> {
    const moved: Record<string, number> = {};
    const count = async (label: string, sql: string) => {
      const rows: unknown[] = await db.query(`with changed as (${sql} returning 1) select 1 from changed`, [
        targetId,
        sourceId,
      ]);
      moved[label] = rows.length;
    };
    // The actions either takes part in or is supported by, locked first: an edit of one of them
    // (which locks it before replacing its participants) is then either done before the statements
    // below read its rows, or waits for the merge.
    await db.query(
      `select x.id from actions x
         where x.supported_actor_id in ($1, $2)
            or exists (select 1 from action_participants p
                       where p.territory_id = x.territory_id and p.action_id = x.id and p.actor_id in ($1, $2))
         order by x.id for update of x`,
      [targetId, sourceId],
    );
    // Those the source takes part in or is supported by change below (their participants or the
    // organisation supported): a new version, so that a form opened on one before the merge is
    // refused at its save (412) instead of writing the source back over the merge.
    await db.query(
      `update actions x set version = version + 1, updated_at = now()
         where x.supported_actor_id = $1
            or exists (select 1 from action_participants p
                       where p.territory_id = x.territory_id and p.action_id = x.id and p.actor_id = $1)`,
      [sourceId],
    );
    // The alliances whose parties or proposer change, likewise: locked in id order here, with the
    // actions and before the evaluations, agreements and parties below are written.
    await db.query(
      `with changed as (
         select a.id from alliances a
           where a.proposer_actor_id = $1
              or exists (select 1 from alliance_parties p
                         where p.territory_id = a.territory_id and p.alliance_id = a.id and p.actor_id = $1)
           order by a.id for update of a
       )
       update alliances a set version = version + 1, updated_at = now() from changed where a.id = changed.id`,
      [sourceId],
    );
    // Participations: the target's own role wins where both took part.
    await db.query(
      `delete from action_participants s where s.actor_id = $2
         and exists (select 1 from action_participants t where t.action_id = s.action_id and t.actor_id = $1)`,
      [targetId, sourceId],
    );
    // A support of either that the other (or itself) takes part in: once merged, the actor that stays
    // would be both its organisation supported and one of its participants, which an action may not
    // be. The supported link stays; the participant rows go, counted apart from those moved.
    await count(
      'participationsAsSupported',
      `delete from action_participants p using actions x
         where x.territory_id = p.territory_id and x.id = p.action_id
           and p.actor_id in ($1, $2) and x.supported_actor_id in ($1, $2)`,
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
    // Agreements to activate an alliance: the source's becomes the target's where the target has none.
    await db.query(
      `update alliance_agreements g set actor_id = $1 where g.actor_id = $2
         and not exists (select 1 from alliance_agreements x where x.alliance_id = g.alliance_id and x.actor_id = $1)`,
      [targetId, sourceId],
    );
    await db.query(`delete from alliance_agreements where actor_id = $2 and $1::uuid is not null`, [
      targetId,
      sourceId,
    ]);
    // Pending link and join requests name the organisation that stays.
    for (const table of ['link_requests', 'join_requests']) {
      await db.query(`update ${table} set actor_id = $1 where actor_id = $2 and status = 'pending'`, [
        targetId,
        sourceId,
      ]);
    }
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
    return moved;
  }

  /** The source gives up its unique identifiers and is archived, pointing at the target. */
  async retire(db: Db, targetId: string, sourceId: string): Promise<void> {
    await db.query(
      `update actors set siret = null, rna = null, archived_at = coalesce(archived_at, now()), merged_into = $1,
                version = version + 1, updated_at = now() where id = $2`,
      [targetId, sourceId],
    );
  }

  /** Writes the target's filled-in fields: `values` are $1 (the target's id) to $16. */
  async fillGaps(db: Db, values: unknown[]): Promise<void> {
    await db.query(
      `update actors set
         siren = $2, siret = $3, rna = coalesce(rna, $4), naf_code = coalesce(naf_code, $5),
         commune_code = coalesce(commune_code, $6), address = coalesce(address, $7),
         location_precision = case when latitude is null and $8::double precision is not null
           then coalesce($15, 'manual') else location_precision end,
         latitude = case when latitude is null then $8 else latitude end,
         longitude = case when latitude is null then $9 else longitude end,
         website = coalesce(website, $10), founded_on = coalesce(founded_on, $16::date),
         fragilities = (select coalesce(array_agg(distinct f order by f), '{}') from unnest(fragilities || $11::text[]) f),
         tags = $12, description = $13, search_text = $14, version = version + 1, updated_at = now()
       where id = $1`,
      values,
    );
  }

  /** Whether the actor is outside the territory, from its commune. */
  async refreshExternal(db: Db, actorId: string): Promise<void> {
    await db.query(
      `update actors a set external = a.commune_code is not null
           and not exists (select 1 from territory_communes c where c.commune_code = a.commune_code)
         where a.id = $1`,
      [actorId],
    );
  }
}
