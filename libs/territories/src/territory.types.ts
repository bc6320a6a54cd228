import type { TerritoryRole } from '@maillage/platform';

export type TerritoryKind = 'region' | 'departement' | 'epci' | 'commune' | 'custom';
export const TERRITORY_KINDS: readonly TerritoryKind[] = ['region', 'departement', 'epci', 'commune', 'custom'];

/** Each kind in French, and the official code that identifies it (none for a custom grouping). */
export const TERRITORY_KIND_LABELS: Record<TerritoryKind, { label: string; code: string | null }> = {
  region: { label: 'Région', code: 'code région INSEE' },
  departement: { label: 'Département', code: 'code département INSEE' },
  epci: { label: 'Intercommunalité (EPCI)', code: 'SIREN' },
  commune: { label: 'Commune', code: 'code commune INSEE' },
  custom: { label: 'Regroupement de communes', code: null },
};

export interface TerritoryView {
  id: string;
  kind: TerritoryKind;
  code: string | null;
  name: string;
  population: number | null;
  regionCodes: string[];
  departementCodes: string[];
  epciCode: string | null;
  communeCount: number;
  /** A demo workspace: generated, fictitious content (« Espace de démonstration »). */
  demo: boolean;
  createdAt: string;
  /** The caller's role here, when the caller is a member. */
  myRole?: TerritoryRole;
}

export interface TerritoryRow {
  id: string;
  kind: TerritoryKind;
  code: string | null;
  name: string;
  population: number | null;
  region_codes: string[];
  departement_codes: string[];
  epci_code: string | null;
  commune_count: number;
  demo: boolean;
  created_at: Date;
  my_role?: TerritoryRole | null;
}

export const TERRITORY_COLUMNS =
  't.id, t.kind, t.code, t.name, t.population, t.region_codes, t.departement_codes, t.epci_code, t.commune_count, t.demo, t.created_at';

export function territoryView(row: TerritoryRow): TerritoryView {
  return {
    id: row.id,
    kind: row.kind,
    code: row.code,
    name: row.name,
    population: row.population,
    regionCodes: row.region_codes,
    departementCodes: row.departement_codes,
    epciCode: row.epci_code,
    communeCount: row.commune_count,
    demo: row.demo,
    createdAt: row.created_at.toISOString(),
    ...(row.my_role ? { myRole: row.my_role } : {}),
  };
}
