import { Injectable } from '@nestjs/common';
import { AuditLog, DomainEvents, notFound, DomainError, Transactions } from '@maillage/platform';
import { searchText, type ActorRow, type ActorView } from './actor.model.js';
import { ActorMergeRepository } from './actor-merge.repository.js';
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
    private readonly repository: ActorMergeRepository,
    private readonly events: DomainEvents,
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
      const moved = await this.repository.moveLinks(db, targetId, sourceId);
      // The source gives up its unique identifiers before the target may take them.
      await this.repository.retire(db, targetId, sourceId);
      await this.fillGaps(db, target, source);
      await this.repository.refreshExternal(db, targetId);
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
      await this.events.emit(db, {
        kind: 'actor.merged',
        subject: { type: 'actor', id: targetId },
        data: { name: after.name, mergedActorId: sourceId, mergedName: source.name },
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
    await this.repository.fillGaps(db, [
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
      source.location_precision,
      source.founded_on,
    ]);
  }
}
