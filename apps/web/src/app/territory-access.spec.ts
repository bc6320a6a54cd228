import { describe, expect, it } from '@jest/globals';
import { french } from '../i18n/test-catalogue';
import { isMissingTerritory, spacesOf, territoryAccess } from './territory-access';

const space = (territoryId: string, territoryName: string) =>
  ({ territoryId, territoryName, role: 'member', actorId: null, territoryKind: 'epci', territoryCode: null }) as const;
const me = { roles: [] as string[], memberships: [space('t-2', 'Vallée de l’Oisans'), space('t-1', 'Grenoble-Alpes')] };

describe('opening a territory’s workspace', () => {
  it('lets members in with their role', () => {
    expect(territoryAccess(me, 't-1')).toEqual({ kind: 'member', membership: me.memberships[1] });
  });

  it('answers the same for a territory the person is not part of and one that does not exist', () => {
    expect(territoryAccess(me, '5d0b7a4e-0000-4000-8000-000000000000')).toEqual({ kind: 'unknown' });
    expect(territoryAccess(me, '')).toEqual({ kind: 'unknown' });
    expect(territoryAccess({ ...me, roles: ['observer'] }, 't-3')).toEqual({ kind: 'unknown' });
  });

  it('lets a platform administrator in, the API saying whether the territory exists', () => {
    expect(territoryAccess({ memberships: [], roles: ['platform_admin'] }, 't-3')).toEqual({ kind: 'admin' });
    expect(isMissingTerritory({ status: 404 })).toBe(true);
    expect(isMissingTerritory({ status: 500 })).toBe(false);
    expect(isMissingTerritory(null)).toBe(false);
  });

  it('offers the person’s spaces by name, in French', () => {
    expect(spacesOf(me)).toEqual([
      { territoryId: 't-1', name: 'Grenoble-Alpes' },
      { territoryId: 't-2', name: 'Vallée de l’Oisans' },
    ]);
    expect(french('common:territoryNotFound.title')).toBe('Espace introuvable');
    expect(french('common:territoryNotFound.yourSpaces', { count: 2 })).toBe('Vos espaces');
  });
});
