import { Injectable } from '@nestjs/common';
import { AuditLog, TenantContext, Transactions } from '@maillage/platform';
import { peerGroup } from './observatory-areas.js';
import { DIMENSION_LABELS, FIGURE_KEYS, INDICATOR_BY_ID, figureKey } from './observatory-catalogue.js';
import { ObservatorySharingRepository } from './observatory-sharing.repository.js';
import { currentMonth } from './observatory-rollup.job.js';
import { lastCompleteMonth, ObservatoryService } from './observatory.service.js';
import { territoryFigures } from './territory-indicators.js';

export interface SharingView {
  sharing: boolean;
  changedAt: string | null;
  changedBy: string | null;
  /** When the rollup last took this territory's figures (null: never, or not sharing). */
  lastComputedAt: string | null;
}

export interface BenchmarkLine {
  indicator: string;
  dimension: string;
  label: string;
  /** This territory's own figure (live). */
  own: number;
  /** Sum over the peer group, null when suppressed. */
  peerTotal: number | null;
  /** Per territory of the peer group, null when either figure is suppressed. */
  peerAverage: number | null;
  suppressed: boolean;
}

export interface BenchmarkView {
  period: string;
  peerGroup: { code: string; name: string };
  peerTerritories: number | null;
  publication: { id: string; computedAt: string } | null;
  lines: BenchmarkLine[];
}

/** A territory's consent to the observatory, and its comparison with territories like it. */
@Injectable()
export class ObservatorySharingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly observatory: ObservatoryService,
    private readonly repository: ObservatorySharingRepository,
  ) {}

  get(): Promise<SharingView> {
    return this.transactions.tenant(async (db) => {
      const row = await this.repository.find(db);
      return {
        sharing: row?.sharing ?? false,
        changedAt: row?.changed_at.toISOString() ?? null,
        changedBy: row?.changed_by ?? null,
        lastComputedAt: row?.computed_at?.toISOString() ?? null,
      };
    });
  }

  /** Records the decision with who and when; stopping removes the territory's kept figures at once. */
  set(sharing: boolean): Promise<SharingView> {
    return this.transactions.tenant(async (db) => {
      // A rollup's visit of this territory takes the same locks in the same order: a decision waits
      // for the visit to end, and the visit sees it or not, never half of it.
      await this.repository.lockFacts(db, this.context.territoryId);
      const before = await this.repository.lock(db);
      await this.repository.save(db, sharing, this.context.caller?.userId ?? null);
      if (!sharing) await this.repository.deleteFacts(db);
      if (before?.sharing !== sharing) {
        await this.audit.record(db, {
          entity: 'observatory_sharing',
          entityId: this.context.territoryId,
          action: 'update',
          before: { sharing: before?.sharing ?? false },
          after: { sharing },
        });
      }
      const rows = await this.repository.changedAndComputed(db);
      return {
        sharing,
        changedAt: (rows[0] as { changed_at: Date }).changed_at.toISOString(),
        changedBy: this.context.caller?.userId ?? null,
        lastComputedAt: rows[0]?.computed_at?.toISOString() ?? null,
      };
    });
  }

  /**
   * The territory's own figures for a month (computed live from its rows)
   * beside its peer group's published, disclosure-controlled figures.
   */
  async benchmark(period: string | undefined): Promise<BenchmarkView> {
    const publication = await this.observatory.publication();
    const month =
      period ??
      (publication ? lastCompleteMonth({ from: publication.periodFrom, to: publication.periodTo }) : currentMonth());
    const { own, territory } = await this.transactions.tenant(async (db) => {
      const territory = await this.repository.territory(db, this.context.territoryId);
      const figures = await territoryFigures(db, this.context.territoryId, month, month);
      return {
        own: figures.get(month) ?? new Map<string, number>(),
        territory,
      };
    });
    const group = peerGroup(territory.kind, territory.population);
    const peers = new Map<string, number | null>();
    if (publication && month >= publication.periodFrom && month <= publication.periodTo) {
      const published = await this.observatory
        .cells({ level: 'peer_group', codes: [group.code], from: month, to: month })
        .catch(() => undefined);
      for (const row of published?.rows ?? []) peers.set(figureKey(row.indicator, row.dimension), row.value);
    }
    const peerTerritories = peers.get(figureKey('territories', 'total')) ?? null;
    const lines = FIGURE_KEYS.filter((key) => !key.startsWith('territories|')).map((key): BenchmarkLine => {
      const [indicator, dimension] = key.split('|') as [string, string];
      const peerTotal = peers.has(key) ? (peers.get(key) ?? null) : null;
      return {
        indicator,
        dimension,
        label: `${INDICATOR_BY_ID.get(indicator)?.label ?? indicator} — ${DIMENSION_LABELS[dimension] ?? dimension}`,
        own: own.get(key) ?? 0,
        peerTotal,
        peerAverage:
          peerTotal !== null && peerTerritories ? Math.round((peerTotal / peerTerritories) * 100) / 100 : null,
        suppressed: peers.has(key) && peers.get(key) === null,
      };
    });
    return {
      period: month,
      peerGroup: { code: group.code, name: group.name },
      peerTerritories,
      publication: publication ? { id: publication.id, computedAt: publication.computedAt } : null,
      lines,
    };
  }
}
