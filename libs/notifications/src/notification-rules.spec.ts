import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@maillage/platform';
import { periodLabel } from '@maillage/contract';
import { dateLabel, targetsOf } from './notification-rules.js';

const lookups = { userName: () => Promise.resolve('Awa Diallo') };

function event<K extends RecordedEvent['kind']>(
  kind: K,
  data: RecordedEvent<K>['data'],
  authorActorId: string | null = null,
): RecordedEvent {
  return {
    kind,
    data,
    subject: { type: 'alliance', id: 'al-1' },
    territoryId: 't-1',
    id: '1',
    occurredAt: new Date(),
    authorUserId: 'u-1',
    authorActorId,
  } as RecordedEvent;
}

const alliance = {
  title: 'Parcours numériques',
  parties: ['company', 'association'],
  partyNames: ['Atelier Numérique', 'Passerelles Emploi'],
  proposerActorId: 'company',
};

describe('notification rules', () => {
  it('tells the other parties and the coordination of a proposal, never the proposing organisation', async () => {
    const targets = await targetsOf(event('alliance.proposed', alliance, 'company'), lookups);
    expect(targets).toEqual([
      expect.objectContaining({
        audience: 'organisation',
        actorIds: ['association'],
        kind: 'proposals',
        text: 'Atelier Numérique propose une alliance à votre organisation : « Parcours numériques ».',
        link: '/t/t-1/alliances/al-1',
      }),
      expect.objectContaining({ audience: 'coordinator', kind: 'proposals' }),
    ]);
  });

  it('tells every party when the coordination acts', async () => {
    const targets = await targetsOf(
      event('alliance.transitioned', { ...alliance, from: 'under_discussion', to: 'active', note: null }),
      lookups,
    );
    expect(targets[0]).toMatchObject({
      actorIds: ['company', 'association'],
      kind: 'alliances',
      text: 'L’alliance « Parcours numériques » est désormais active.',
    });
  });

  it('tells a report’s requester only, and nobody about a report nobody ordered', async () => {
    const ready = await targetsOf(
      event('report.completed', {
        type: 'territory_activity',
        format: 'pdf',
        label: 'Activité du territoire',
        fileName: 'activite.pdf',
        requestedBy: 'u-9',
      }),
      lookups,
    );
    expect(ready).toEqual([
      expect.objectContaining({
        audience: 'person',
        userIds: ['u-9'],
        text: 'Votre rapport « Activité du territoire » est prêt.',
      }),
    ]);
    expect(await targetsOf(event('actor.archived', { name: 'X', archived: true }), lookups)).toEqual([]);
  });

  it('writes periods and dates in French', () => {
    expect(periodLabel('2026-Q3')).toBe('le 3e trimestre 2026');
    expect(periodLabel('2026-S1')).toBe('le 1er semestre 2026');
    expect(periodLabel('2026-05')).toBe('mai 2026');
    expect(periodLabel('2026')).toBe('l’année 2026');
    expect(dateLabel('2026-03-14')).toBe('14 mars 2026');
    expect(dateLabel('2026-08-01')).toBe('1er août 2026');
  });
  it('names the fields of a profile change by their French labels, never their codes', async () => {
    const [coordination] = await targetsOf(
      event('profile.change_requested', { actorId: 'a-1', actorName: 'Réseau Sport', fields: ['siret', 'foundedOn'] }),
      lookups,
    );
    expect(coordination?.text).toBe('« Réseau Sport » demande à modifier sa fiche (SIRET, date de création).');
    const [organisation] = await targetsOf(
      event('profile.change_reviewed', {
        actorId: 'a-1',
        actorName: 'Réseau Sport',
        accepted: true,
        reason: null,
        fields: ['name', 'siret'],
      }),
      lookups,
    );
    expect(organisation?.text).toBe(
      'La coordination a appliqué la modification de la fiche de votre organisation (nom, SIRET).',
    );
  });

  it('elides « de » before a name starting with a vowel', async () => {
    const [agreed] = await targetsOf(
      event('alliance.agreed', {
        ...alliance,
        actorId: 'association',
        actorName: 'Amicale laïque',
        onBehalf: true,
        awaited: [],
      }),
      lookups,
    );
    expect(agreed?.text).toBe(
      'La coordination a enregistré l’accord d’Amicale laïque pour l’alliance « Parcours numériques ».',
    );
  });
});
