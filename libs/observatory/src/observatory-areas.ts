import type { Commune, GeographyService, TerritoryKind } from '@maillage/territories';
import type { AreaLevel } from './observatory-catalogue.js';

export interface Area {
  level: AreaLevel;
  code: string;
  name: string;
}

export const NATIONAL: Area = { level: 'national', code: 'FR', name: 'France' };

/** What the rollup knows of a territory: its official identity, never its rows. */
export interface TerritoryIdentity {
  kind: TerritoryKind;
  code: string | null;
  name: string;
  population: number | null;
  communeCodes: string[];
}

/**
 * Population bands for "territories like mine", per kind of territory: close
 * enough to compare, wide enough that a band usually holds several territories.
 */
const BANDS: Record<TerritoryKind, { upTo: number; label: string }[]> = {
  commune: [
    { upTo: 2_000, label: 'moins-de-2k' },
    { upTo: 10_000, label: '2k-10k' },
    { upTo: 50_000, label: '10k-50k' },
    { upTo: Infinity, label: '50k-et-plus' },
  ],
  epci: [
    { upTo: 20_000, label: 'moins-de-20k' },
    { upTo: 50_000, label: '20k-50k' },
    { upTo: 200_000, label: '50k-200k' },
    { upTo: Infinity, label: '200k-et-plus' },
  ],
  custom: [
    { upTo: 20_000, label: 'moins-de-20k' },
    { upTo: 100_000, label: '20k-100k' },
    { upTo: Infinity, label: '100k-et-plus' },
  ],
  departement: [
    { upTo: 300_000, label: 'moins-de-300k' },
    { upTo: 800_000, label: '300k-800k' },
    { upTo: Infinity, label: '800k-et-plus' },
  ],
  region: [
    { upTo: 3_000_000, label: 'moins-de-3m' },
    { upTo: Infinity, label: '3m-et-plus' },
  ],
};

const KIND_LABELS: Record<TerritoryKind, string> = {
  commune: 'Communes',
  epci: 'Intercommunalités',
  custom: 'Territoires de projet',
  departement: 'Départements',
  region: 'Régions',
};

/** The peer group of a territory: same kind, same population band. */
export function peerGroup(kind: TerritoryKind, population: number | null): Area {
  const bands = BANDS[kind];
  const band = bands.find((candidate) => (population ?? 0) < candidate.upTo) ?? (bands[bands.length - 1] as never);
  return {
    level: 'peer_group',
    code: `${kind}:${band.label}`,
    name: `${KIND_LABELS[kind]} (${band.label.replaceAll('-', ' ')} habitants)`,
  };
}

/**
 * Where a territory's figures are counted, from its own area up to France,
 * along one strict tree (each area has one parent, so a parent's figures are
 * exactly its children's plus those of workspaces at its own level):
 * commune → EPCI → département → région → national. An EPCI or a custom
 * territory spanning two départements counts in the one holding most of its
 * population, and a commune counts in its EPCI's département. Custom
 * territories start at the département level.
 */
export function territoryChain(territory: TerritoryIdentity, geography: GeographyService): Area[] {
  const chain: Area[] = [];
  const official = (level: 'region' | 'departement' | 'epci' | 'commune', code: string): Area => ({
    level,
    code,
    name: geography.nameOf(level, code) ?? code,
  });
  const upFromDepartement = (departement: string | undefined) => {
    if (!departement) return;
    chain.push(official('departement', departement));
    const region = geography.regionOfDepartement(departement);
    if (region) chain.push(official('region', region));
  };
  const upFromEpci = (epci: string) => {
    chain.push(official('epci', epci));
    upFromDepartement(geography.mainDepartement(geography.epciCommunes(epci)));
  };
  switch (territory.kind) {
    case 'commune': {
      const commune = geography.commune(territory.code as string);
      chain.push(official('commune', territory.code as string));
      if (commune?.epci) upFromEpci(commune.epci);
      else upFromDepartement(commune?.departement);
      break;
    }
    case 'epci':
      upFromEpci(territory.code as string);
      break;
    case 'departement':
      upFromDepartement(territory.code as string);
      break;
    case 'region':
      chain.push(official('region', territory.code as string));
      break;
    case 'custom': {
      const communes = territory.communeCodes.flatMap((code): Commune[] => {
        const commune = geography.commune(code);
        return commune ? [commune] : [];
      });
      upFromDepartement(geography.mainDepartement(communes));
      break;
    }
  }
  chain.push(NATIONAL);
  return chain;
}

export const areaKey = (area: Pick<Area, 'level' | 'code'>): string => `${area.level}:${area.code}`;
