import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Injectable } from '@nestjs/common';

import { CommuneNames, type CommuneHints, type CommuneResolution, type PlaceData } from './place-names.js';
import { PlaceSearch, type OfficialKind, type PlaceHit } from './place-search.js';

export type { OfficialKind } from './place-search.js';

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  population?: number;
  codesPostaux?: string[];
  /** An arrondissement's commune. */
  commune?: string;
  /** A delegated or associated commune's current commune. */
  chefLieu?: string;
}
interface RawNamed {
  code: string;
  nom: string;
  region?: string;
}
interface RawEpci {
  code: string;
  nom: string;
  populationMunicipale?: number;
  membres: { code: string }[];
}

export interface Commune {
  code: string;
  name: string;
  departement: string;
  region: string;
  population: number;
  epci: string | null;
}

/** An official or custom area, resolved to what Maillage stores for a territory. */
export interface ResolvedArea {
  name: string;
  population: number;
  regionCodes: string[];
  departementCodes: string[];
  epciCode: string | null;
  communeCodes: string[];
}

interface Indexes {
  communes: Map<string, Commune>;
  regions: Map<string, string>;
  departements: Map<string, string>;
  departementRegions: Map<string, string>;
  epcis: Map<string, { name: string; members: string[] }>;
  /** What name lookups need, beyond the communes above. */
  places: Omit<PlaceData, 'communes'> & { postalCodes: Map<string, string[]> };
}

const require = createRequire(import.meta.url);

function load<T>(file: string): T {
  // The package's own index reads its files relative to the working directory: read them directly.
  return JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}.json`), 'utf8')) as T;
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

@Injectable()
export class GeographyService {
  private indexes: Indexes | undefined;

  /** Loaded on first use (about 12 MB of JSON), then kept. */
  private get data(): Indexes {
    if (this.indexes) return this.indexes;
    const epcis = new Map<string, { name: string; members: string[] }>();
    const epciOfCommune = new Map<string, string>();
    for (const epci of load<RawEpci[]>('epci')) {
      const members = epci.membres.map((member) => member.code);
      epcis.set(epci.code, { name: epci.nom, members });
      for (const member of members) epciOfCommune.set(member, epci.code);
    }
    const communes = new Map<string, Commune>();
    const places: Indexes['places'] = {
      arrondissements: [],
      formerCommunes: [],
      departements: [],
      postalCodes: new Map(),
    };
    for (const commune of load<RawCommune[]>('communes')) {
      if (commune.type === 'arrondissement-municipal' && commune.commune)
        places.arrondissements.push({
          code: commune.code,
          name: commune.nom,
          commune: commune.commune,
          postalCodes: commune.codesPostaux ?? [],
        });
      else if (commune.type !== 'commune-actuelle' && commune.chefLieu)
        places.formerCommunes.push({ code: commune.code, name: commune.nom, commune: commune.chefLieu });
      // Current communes only: delegated and associated ones are parts of another.
      if (commune.type !== 'commune-actuelle' || !commune.departement || !commune.region) continue;
      communes.set(commune.code, {
        code: commune.code,
        name: commune.nom,
        departement: commune.departement,
        region: commune.region,
        population: commune.population ?? 0,
        epci: epciOfCommune.get(commune.code) ?? null,
      });
      places.postalCodes.set(commune.code, commune.codesPostaux ?? []);
    }
    const departements = load<RawNamed[]>('departements');
    places.departements = departements.map((d) => ({ code: d.code, name: d.nom }));
    this.indexes = {
      places,
      communes,
      epcis,
      regions: new Map(load<RawNamed[]>('regions').map((region) => [region.code, region.nom])),
      departements: new Map(departements.map((d) => [d.code, d.nom])),
      departementRegions: new Map(departements.flatMap((d) => (d.region ? [[d.code, d.region] as const] : []))),
    };
    return this.indexes;
  }

  private names: CommuneNames | undefined;
  private finder: PlaceSearch | undefined;

  /** Commune lookups by name, postal code or code; built once. */
  private get communeNames(): CommuneNames {
    const { communes, places } = this.data;
    this.names ??= new CommuneNames({
      ...places,
      communes: [...communes.values()].map((commune) => ({
        code: commune.code,
        name: commune.name,
        departement: commune.departement,
        population: commune.population,
        postalCodes: places.postalCodes.get(commune.code) ?? [],
      })),
    });
    return this.names;
  }

  /**
   * The current commune a spreadsheet cell designates (INSEE code, postal
   * code, name, name with postal code or département), narrowed by hints;
   * a French message when it designates none or several. See CommuneNames.
   */
  resolveCommune(text: string, hints?: CommuneHints): CommuneResolution {
    return this.communeNames.resolve(text, hints);
  }

  /** Communes, EPCIs, départements and régions by name, best first (see PlaceSearch). */
  search(text: string, limit = 20, kinds?: readonly OfficialKind[]): PlaceHit[] {
    this.finder ??= this.buildSearch();
    return this.finder.search(text, limit, kinds);
  }

  private buildSearch(): PlaceSearch {
    const data = this.data;
    const departement = (code: string | undefined) =>
      code ? { code, name: data.departements.get(code) ?? code } : null;
    const population = new Map<string, number>();
    const add = (key: string, value: number) => population.set(key, (population.get(key) ?? 0) + value);
    for (const commune of data.communes.values()) {
      add(`departement:${commune.departement}`, commune.population);
      add(`region:${commune.region}`, commune.population);
    }
    const hits: PlaceHit[] = [];
    for (const [code, name] of data.regions)
      hits.push({ kind: 'region', code, name, departement: null, population: population.get(`region:${code}`) ?? 0 });
    for (const [code, name] of data.departements)
      hits.push({
        kind: 'departement',
        code,
        name,
        departement: null,
        population: population.get(`departement:${code}`) ?? 0,
      });
    for (const [code, epci] of data.epcis) {
      const members = epci.members.flatMap((member) => data.communes.get(member) ?? []);
      hits.push({
        kind: 'epci',
        code,
        name: epci.name,
        departement: departement(this.mainDepartement(members)),
        population: members.reduce((total, commune) => total + commune.population, 0),
      });
    }
    for (const commune of data.communes.values())
      hits.push({
        kind: 'commune',
        code: commune.code,
        name: commune.name,
        departement: departement(commune.departement),
        population: commune.population,
      });
    return new PlaceSearch(hits);
  }

  commune(code: string): Commune | undefined {
    return this.data.communes.get(code);
  }

  /** Official name of a région, département, EPCI or commune. */
  nameOf(kind: OfficialKind, code: string): string | undefined {
    const data = this.data;
    switch (kind) {
      case 'region':
        return data.regions.get(code);
      case 'departement':
        return data.departements.get(code);
      case 'epci':
        return data.epcis.get(code)?.name;
      case 'commune':
        return data.communes.get(code)?.name;
    }
  }

  /** The région a département belongs to. */
  regionOfDepartement(code: string): string | undefined {
    return this.data.departementRegions.get(code);
  }

  /** An EPCI's member communes (current ones). */
  epciCommunes(code: string): Commune[] {
    const data = this.data;
    return (data.epcis.get(code)?.members ?? []).flatMap((member) => data.communes.get(member) ?? []);
  }

  /**
   * The département holding most of these communes' population (ties: the
   * lowest code), so an area spanning two départements has one parent.
   */
  mainDepartement(communes: Commune[]): string | undefined {
    const population = new Map<string, number>();
    for (const commune of communes)
      population.set(commune.departement, (population.get(commune.departement) ?? 0) + commune.population);
    return [...population.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  }

  /** Resolves an official code of the given kind, or undefined when it does not exist. */
  resolveOfficial(kind: OfficialKind, code: string): ResolvedArea | undefined {
    const data = this.data;
    let name: string | undefined;
    let members: Commune[];
    switch (kind) {
      case 'region':
        name = data.regions.get(code);
        members = [...data.communes.values()].filter((commune) => commune.region === code);
        break;
      case 'departement':
        name = data.departements.get(code);
        members = [...data.communes.values()].filter((commune) => commune.departement === code);
        break;
      case 'epci': {
        const epci = data.epcis.get(code);
        name = epci?.name;
        members = (epci?.members ?? []).flatMap((member) => data.communes.get(member) ?? []);
        break;
      }
      case 'commune': {
        const commune = data.communes.get(code);
        name = commune?.name;
        members = commune ? [commune] : [];
        break;
      }
    }
    if (!name || members.length === 0) return undefined;
    return this.area(name, members, kind === 'epci' ? code : kind === 'commune' ? (members[0]?.epci ?? null) : null);
  }

  /** A custom grouping of communes; returns the unknown codes instead when there are any. */
  resolveCustom(name: string, codes: string[]): ResolvedArea | { unknown: string[] } {
    const unknown = codes.filter((code) => !this.data.communes.has(code));
    if (unknown.length > 0) return { unknown };
    const members = sorted(codes).map((code) => this.data.communes.get(code) as Commune);
    const epcis = new Set(members.map((member) => member.epci));
    return this.area(name, members, epcis.size === 1 ? ([...epcis][0] ?? null) : null);
  }

  private area(name: string, members: Commune[], epciCode: string | null): ResolvedArea {
    return {
      name,
      population: members.reduce((total, commune) => total + commune.population, 0),
      regionCodes: sorted(members.map((commune) => commune.region)),
      departementCodes: sorted(members.map((commune) => commune.departement)),
      epciCode,
      communeCodes: sorted(members.map((commune) => commune.code)),
    };
  }
}
