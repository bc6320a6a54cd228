import { normaliseName } from './identifiers.js';

/** Two actors of the same name closer than this are one organisation. */
export const SAME_PLACE_METERS = 400;

export interface DedupeCandidate {
  name: string;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  communeCode: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface Known extends DedupeCandidate {
  /** An existing actor's id, or the spreadsheet row number of an earlier row. */
  ref: { actorId: string } | { row: number };
}

export type DuplicateReason = 'siret' | 'siren' | 'rna' | 'name_and_commune' | 'name_and_distance';

/** Great-circle distance in metres (haversine). */
export function distanceMeters(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/**
 * Finds what a candidate duplicates, by the rules of the import: the same
 * SIRET, SIREN or RNA; else the same normalised name in the same commune or
 * within 400 m. Indexes make each look-up constant-time but the distance one.
 */
export class DuplicateFinder {
  private readonly bySiret = new Map<string, Known>();
  private readonly bySiren = new Map<string, Known>();
  private readonly byRna = new Map<string, Known>();
  private readonly byName = new Map<string, Known[]>();

  add(known: Known): void {
    if (known.siret && !this.bySiret.has(known.siret)) this.bySiret.set(known.siret, known);
    const siren = known.siren ?? known.siret?.slice(0, 9) ?? null;
    if (siren && !this.bySiren.has(siren)) this.bySiren.set(siren, known);
    if (known.rna && !this.byRna.has(known.rna)) this.byRna.set(known.rna, known);
    const name = normaliseName(known.name);
    if (name) this.byName.set(name, [...(this.byName.get(name) ?? []), known]);
  }

  find(candidate: DedupeCandidate): { known: Known; reason: DuplicateReason } | undefined {
    if (candidate.siret) {
      const known = this.bySiret.get(candidate.siret);
      if (known) return { known, reason: 'siret' };
    }
    const siren = candidate.siren ?? candidate.siret?.slice(0, 9) ?? null;
    if (siren) {
      const known = this.bySiren.get(siren);
      // Two establishments of one company are distinct actors when both SIRETs are known and differ.
      if (known && !(known.siret && candidate.siret && known.siret !== candidate.siret))
        return { known, reason: 'siren' };
    }
    if (candidate.rna) {
      const known = this.byRna.get(candidate.rna);
      if (known) return { known, reason: 'rna' };
    }
    const sameName = this.byName.get(normaliseName(candidate.name)) ?? [];
    const inCommune = sameName.find((known) => candidate.communeCode && known.communeCode === candidate.communeCode);
    if (inCommune) return { known: inCommune, reason: 'name_and_commune' };
    if (candidate.latitude !== null && candidate.longitude !== null) {
      const point = { latitude: candidate.latitude, longitude: candidate.longitude };
      const near = sameName.find(
        (known) =>
          known.latitude !== null &&
          known.longitude !== null &&
          distanceMeters(point, { latitude: known.latitude, longitude: known.longitude }) <= SAME_PLACE_METERS,
      );
      if (near) return { known: near, reason: 'name_and_distance' };
    }
    return undefined;
  }
}
