import { GeographyService } from '@maillage/territories';
import { peerGroup, territoryChain } from './observatory-areas.js';

const geography = new GeographyService();
const identity = (
  kind: 'commune' | 'epci' | 'departement' | 'region' | 'custom',
  code: string | null,
  communeCodes: string[] = [],
) => ({
  kind,
  code,
  name: code ?? 'Territoire de projet',
  population: null,
  communeCodes,
});
const codes = (chain: { level: string; code: string }[]) => chain.map((area) => `${area.level}:${area.code}`);

describe('observatory areas', () => {
  it('counts a commune in its EPCI, its département, its région and France', () => {
    expect(codes(territoryChain(identity('commune', '69266'), geography))).toEqual([
      'commune:69266',
      'epci:200046977',
      'departement:69',
      'region:84',
      'national:FR',
    ]);
    expect(territoryChain(identity('commune', '38185'), geography)[1]).toMatchObject({
      name: 'Grenoble-Alpes-Métropole',
    });
  });

  it('keeps one tree: an EPCI over two départements, and its communes, count in the one holding most people', () => {
    // CA Beaune, Côte et Sud: 43,372 inhabitants in Côte-d'Or (21), 7,130 in Saône-et-Loire (71).
    expect(codes(territoryChain(identity('epci', '200006682'), geography))).toEqual([
      'epci:200006682',
      'departement:21',
      'region:27',
      'national:FR',
    ]);
    expect(codes(territoryChain(identity('commune', '71073'), geography)).slice(1, 3)).toEqual([
      'epci:200006682',
      'departement:21',
    ]);
  });

  it('starts a département, a région or a custom territory at its own level', () => {
    expect(codes(territoryChain(identity('departement', '2A'), geography))).toEqual([
      'departement:2A',
      'region:94',
      'national:FR',
    ]);
    expect(codes(territoryChain(identity('region', '84'), geography))).toEqual(['region:84', 'national:FR']);
    expect(codes(territoryChain(identity('custom', null, ['38185', '38421', '01001']), geography))).toEqual([
      'departement:38',
      'region:84',
      'national:FR',
    ]);
  });

  it('groups territories of the same kind and population band', () => {
    expect(peerGroup('commune', 860).code).toBe('commune:moins-de-2k');
    expect(peerGroup('commune', 163_684).code).toBe('commune:50k-et-plus');
    expect(peerGroup('epci', 45_000).code).toBe('epci:20k-50k');
    expect(peerGroup('departement', null).code).toBe('departement:moins-de-300k');
    expect(peerGroup('region', 8_000_000).name).toContain('Régions');
  });
});
