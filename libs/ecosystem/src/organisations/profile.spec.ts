import { describe, expect, it } from '@jest/globals';
import { PUBLIC_PROFILE_FIELDS } from '@maillage/contract';
import type { ActorView } from '../directory/actor.model.js';
import { fieldChanges } from './profile.service.js';

const actor = (changes: Partial<ActorView>): ActorView =>
  ({
    name: 'Atelier',
    description: 'Réparation',
    website: null,
    address: null,
    location: null,
    fragilities: [],
    tags: ['vélo'],
    ...changes,
  }) as ActorView;

describe('the public fields a member changed', () => {
  it('lists each field whose value moved, the point as its two coordinates', () => {
    const before = actor({});
    const after = actor({ description: 'Réparation et formation', location: { latitude: 45.76, longitude: 4.83 } });
    expect(fieldChanges(before, after, PUBLIC_PROFILE_FIELDS)).toEqual({
      description: { old: 'Réparation', new: 'Réparation et formation' },
      latitude: { old: null, new: 45.76 },
      longitude: { old: null, new: 4.83 },
    });
  });

  it('lists nothing when the values sent are the ones already there', () => {
    expect(fieldChanges(actor({ tags: ['vélo'] }), actor({ tags: ['vélo'] }), PUBLIC_PROFILE_FIELDS)).toEqual({});
  });
});
