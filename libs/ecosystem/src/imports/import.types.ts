import type { TerritoryScoped } from '@maillage/platform';
import type { DuplicateReason } from '../directory/dedupe.js';
import type { ColumnMapping } from './import-mapping.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'imports.process': TerritoryScoped & { importId: string; revision: number };
  }
}

export type ImportStatus = 'analysing' | 'analysed' | 'running' | 'completed' | 'failed';
export type ImportMode = 'dry_run' | 'run';
export type RowOutcome = 'valid' | 'invalid' | 'duplicate' | 'created';

export interface ImportRowReport {
  /** Line number in the spreadsheet (the header is line 1). */
  line: number;
  name: string;
  outcome: RowOutcome;
  /** French problems, each on an actor field, or on `row` when the row's cells do not line up with the header. */
  errors?: { field: string; message: string }[];
  duplicateOf?: { actorId?: string; line?: number; name: string; reason: DuplicateReason };
  actorId?: string;
}

export interface ImportSummary {
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  created: number;
}

export interface ImportView {
  id: string;
  filename: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  mode: ImportMode;
  progress: number;
  columns: string[];
  mapping: ColumnMapping;
  summary: ImportSummary | null;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
}

declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** An import's analysis (dry run) or run finished; its requester is told. */
    'import.finished': ImportSummary & { filename: string; mode: ImportMode; requestedBy: string | null };
    /** An import failed for good (unreadable file, or its last attempt). */
    'import.failed': { filename: string; error: string; requestedBy: string | null };
  }
}
