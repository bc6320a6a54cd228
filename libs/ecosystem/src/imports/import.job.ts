import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import {
  AuditLog,
  defineJob,
  DomainError,
  DomainEvents,
  HandlesJob,
  TenantContext,
  territoryScope,
  Transactions,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type Db,
} from '@maillage/platform';
import { ActorRules } from '../directory/actor-rules.js';
import { ActorsRepository } from '../directory/actors.repository.js';
import { DuplicateFinder, type Known } from '../directory/dedupe.js';
import { GeographyService } from '@maillage/territories';
import { cellOf, guessMapping, rowToActor, type ImportField } from './import-mapping.js';
import { ImportsRepository, type ImportWork } from './imports.repository.js';
import type { ImportRowReport, ImportSummary } from './import.types.js';
import { SpreadsheetError } from './import-limits.js';
import { readSpreadsheet } from './spreadsheet.js';
import { GeocodingService } from '../geocoding/geocoding.service.js';

export const importJob = defineJob({
  name: 'imports.process',
  queue: 'imports',
  payload: z.object({ ...territoryScope, importId: z.guid(), revision: z.number().int().nonnegative() }),
  attempts: 3,
  backoffMs: 5_000,
});

/** Rows created per transaction: a crash loses at most one batch, which the retry redoes. */
const BATCH = 250;

/**
 * Analyses (dry run) or runs an import in the worker. Idempotent: a run
 * checks every row against the actors that exist, so a retry after a crash,
 * or the same file imported twice, creates nothing new; rows this import
 * created in an earlier attempt are reported as created.
 */
@Injectable()
@HandlesJob('imports.process')
export class ImportJobHandler implements JobHandler<'imports.process'> {
  private readonly logger = new Logger('ImportJob');

  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly rules: ActorRules,
    private readonly audit: AuditLog,
    private readonly actors: ActorsRepository,
    private readonly imports: ImportsRepository,
    private readonly events: DomainEvents,
    private readonly geography: GeographyService,
    private readonly geocoding: GeocodingService,
  ) {}

  handle(payload: JobPayload<'imports.process'>, job: JobContext): Promise<ImportSummary | { skipped: string }> {
    return this.process(payload, job);
  }

  private async process(
    payload: JobPayload<'imports.process'>,
    job: JobContext,
  ): Promise<ImportSummary | { skipped: string }> {
    const current = await this.transactions.tenant((db) => this.imports.work(db, payload.importId));
    if (!current) throw new DomainError('not_found', { code: 'import_missing', detail: 'Import introuvable.' });
    // A newer request (another mapping, a run) superseded this one.
    if (current.revision !== payload.revision) return { skipped: 'superseded' };
    try {
      return await this.analyse(payload.importId, current, job);
    } catch (error) {
      if (error instanceof SpreadsheetError || (error instanceof DomainError && error.permanent) || job.attempt >= 3) {
        const message = error instanceof Error ? error.message : 'Erreur inattendue';
        await this.transactions.tenant(async (db) => {
          await this.imports.fail(db, payload.importId, payload.revision, message);
          await this.events.emit(db, {
            kind: 'import.failed',
            subject: { type: 'import', id: payload.importId },
            data: { filename: current.filename, error: message, requestedBy: current.created_by },
          });
        });
        if (error instanceof SpreadsheetError) {
          throw new DomainError(error.code === 'unreadable_file' ? 'invalid' : 'too_large', {
            code: error.code,
            detail: error.message,
          });
        }
      }
      throw error;
    }
  }

  private async analyse(importId: string, current: ImportWork, job: JobContext): Promise<ImportSummary> {
    const sheet = await readSpreadsheet(current.content, current.format);
    // An XLSX file's columns are first known here (the API only checks it holds a data row): guess its mapping now.
    if (Object.keys(current.mapping).length === 0) {
      current.mapping = guessMapping(sheet.columns);
      const mapping = JSON.stringify(current.mapping);
      await this.transactions.tenant((db) =>
        this.imports.saveColumns(db, importId, current.revision, sheet.columns, mapping),
      );
    }
    const inTerritory = new Set(current.territory_communes);
    const existing = await this.transactions.tenant((db) => this.imports.existingActors(db));
    const finder = new DuplicateFinder();
    const existingById = new Map(existing.map((actor) => [actor.id, actor]));
    for (const actor of existing) {
      finder.add({
        name: actor.name,
        siren: actor.siren,
        siret: actor.siret,
        rna: actor.rna,
        communeCode: actor.commune_code,
        latitude: actor.latitude,
        longitude: actor.longitude,
        ref: { actorId: actor.id },
      });
    }
    const reports: ImportRowReport[] = [];
    // Actors this import created in an earlier attempt, and the line that created each.
    const claimed = new Map<string, number>();
    const toCreate: { report: ImportRowReport; actor: ReturnType<ActorRules['normalise']> }[] = [];
    sheet.rows.forEach((cells, index) => {
      // The line the user sees in the file (blank lines before the row counted).
      const line = sheet.lines[index] ?? index + 2;
      const { actor: input, problems } = rowToActor(cells, sheet.columns, current.mapping, this.geography);
      const actor = this.rules.normalise(input);
      // The rules' reasons, with the value the file held.
      const ruled = this.rules.problems(actor).map((problem) => {
        const value = cellOf(cells, sheet.columns, current.mapping, problem.field as ImportField);
        return value ? { ...problem, message: `${problem.message.replace(/\.$/, '')} (lu : « ${value} »)` } : problem;
      });
      // A row whose cells do not line up with the header may have its values in the wrong columns: said first.
      const misaligned = sheet.misaligned.get(index);
      const errors = [...(misaligned ? [{ field: 'row', message: misaligned }] : []), ...problems, ...ruled];
      const report: ImportRowReport = { line, name: actor.name, outcome: 'valid' };
      if (errors.length > 0) {
        reports.push({ ...report, outcome: 'invalid', errors });
        return;
      }
      const duplicate = finder.find(actor);
      if (duplicate) {
        const ref = duplicate.known.ref;
        const earlier = 'actorId' in ref ? claimed.get(ref.actorId) : undefined;
        if ('actorId' in ref && earlier === undefined && existingById.get(ref.actorId)?.imported_from === importId) {
          claimed.set(ref.actorId, line);
          reports.push({ ...report, outcome: 'created', actorId: ref.actorId });
        } else if (earlier !== undefined) {
          reports.push({
            ...report,
            outcome: 'duplicate',
            duplicateOf: { line: earlier, name: duplicate.known.name, reason: duplicate.reason },
          });
        } else {
          reports.push({
            ...report,
            outcome: 'duplicate',
            duplicateOf: {
              ...ref,
              ...('row' in ref ? { line: ref.row } : {}),
              name: duplicate.known.name,
              reason: duplicate.reason,
            },
          });
        }
        return;
      }
      const known: Known = { ...actor, ref: { row: line } };
      finder.add(known);
      reports.push(report);
      toCreate.push({ report, actor });
    });
    for (const report of reports) {
      if (report.duplicateOf && 'row' in report.duplicateOf) delete (report.duplicateOf as { row?: number }).row;
    }
    await job.progress(current.mode === 'run' ? 10 : 90);

    if (current.mode === 'run') {
      for (let start = 0; start < toCreate.length; start += BATCH) {
        if (job.signal.aborted) throw new Error('Import interrompu : il reprendra là où il s’est arrêté.');
        const batch = toCreate.slice(start, start + BATCH);
        await this.transactions.tenant(async (db) => {
          for (const entry of batch) entry.report.actorId = await this.insert(db, entry.actor, importId, inTerritory);
          const done = Math.min(99, 10 + Math.round(((start + batch.length) / toCreate.length) * 89));
          await this.imports.progress(db, importId, done);
        });
        await job.progress(10 + ((start + batch.length) / toCreate.length) * 89);
      }
      for (const entry of toCreate) if (entry.report.actorId) entry.report.outcome = 'created';
    }

    const count = (outcome: ImportRowReport['outcome']) =>
      reports.filter((report) => report.outcome === outcome).length;
    const summary: ImportSummary = {
      rows: reports.length,
      valid: count('valid'),
      invalid: count('invalid'),
      duplicates: count('duplicate'),
      created: count('created'),
    };
    await this.transactions.tenant(async (db) => {
      await this.imports.finish(db, importId, current.revision, current.mode, summary, reports);
      await this.events.emit(db, {
        kind: 'import.finished',
        subject: { type: 'import', id: importId },
        data: { filename: current.filename, mode: current.mode, requestedBy: current.created_by, ...summary },
      });
      await this.audit.record(db, {
        entity: 'import',
        entityId: importId,
        action: current.mode === 'run' ? 'run' : 'dry_run',
        after: { ...summary },
      });
    });
    this.logger.log({ importId, mode: current.mode, ...summary }, 'import processed');
    if (current.mode === 'run' && summary.created > 0) {
      // The new actors with an address or a commune go to the address service (when one is configured).
      try {
        await this.geocoding.afterImport(importId);
      } catch (error) {
        this.logger.warn({ importId, error: (error as Error).message }, 'geocoding after import not started');
      }
    }
    return summary;
  }

  /** Creates one actor; a concurrent duplicate (unique SIRET/RNA) leaves the existing one in place. */
  private async insert(
    db: Db,
    actor: ReturnType<ActorRules['normalise']>,
    importId: string,
    inTerritory: Set<string>,
  ): Promise<string | undefined> {
    const id = await this.actors.insert(db, actor, {
      external: actor.communeCode ? !inTerritory.has(actor.communeCode) : false,
      createdBy: this.context.caller?.userId ?? null,
      importedFrom: importId,
      skipDuplicates: true,
    });
    if (id)
      await this.audit.record(db, {
        entity: 'actor',
        entityId: id,
        action: 'create',
        after: { name: actor.name, importId },
      });
    return id;
  }
}
