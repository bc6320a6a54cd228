import type { LocationPrecision } from './ban-geocoder.js';

/**
 * What a run did for one actor: placed at its address, its street or its
 * commune (approximate); not found (no position, the reason in French);
 * failed (the service stayed unreachable: nothing changed, run it again);
 * skipped (placed by a person meanwhile, or archived).
 */
export type GeocodingOutcome = Exclude<LocationPrecision, 'manual'> | 'not_found' | 'failed' | 'skipped';

export interface GeocodingRowResult {
  actorId: string;
  name: string;
  /** Line of the import's spreadsheet, for a run after an import. */
  line?: number;
  outcome: GeocodingOutcome;
  /** The address the service recognised. */
  label?: string;
  score?: number;
  /** In French: why the actor has no position, or why it is approximate. */
  message?: string;
}

export interface GeocodingSummary {
  actors: number;
  address: number;
  street: number;
  commune: number;
  notFound: number;
  failed: number;
  skipped: number;
}

export interface GeocodingRunView {
  id: string;
  importId: string | null;
  status: 'running' | 'completed' | 'failed';
  progress: number;
  summary: GeocodingSummary;
  rows: GeocodingRowResult[];
  error: string | null;
  createdAt: string;
  completedAt: string | null;
}

declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** A geocoding run ended (completed, or failed with its rows reported). */
    'geocoding.finished': GeocodingSummary & {
      status: 'completed' | 'failed';
      importId: string | null;
      requestedBy: string | null;
    };
  }
}
