import { nafLabel } from '@maillage/ecosystem';
import { ALLIANCE_STATUSES, rnaValid, sirenValid, siretValid, TRANSITIONS } from '@maillage/contract';
import { DEMO_MIX, generateDemoContent, type GenerateOptions } from './demo-data.js';

const communes = [
  { code: '38185', name: 'Grenoble', population: 156_000, siren: null },
  { code: '38421', name: 'Saint-Martin-d’Hères', population: 38_000, siren: null },
  { code: '38151', name: 'Échirolles', population: 37_000, siren: null },
  { code: '38001', name: 'Petite commune', population: 600, siren: null },
];
const options: GenerateOptions = {
  seed: 7,
  now: new Date('2026-06-15T10:00:00Z'),
  territoryName: 'Démo — Grenoble-Alpes-Métropole',
  epciSiren: '200040715',
  departementName: 'Isère',
  communes,
};

describe('demo content', () => {
  const content = generateDemoContent(options);
  const start = options.now.getTime() - 3 * 365 * 86_400_000;

  it('is the same for the same seed (ids aside)', () => {
    const again = generateDemoContent(options);
    const shape = (c: typeof content) => ({
      names: c.actors.map((actor) => actor.name),
      statuses: c.alliances.map((alliance) => alliance.status),
      evaluations: c.alliances.reduce((total, alliance) => total + alliance.evaluations.length, 0),
    });
    expect(shape(again)).toEqual(shape(content));
  });

  it('has the DOMAIN.md mix of actors, with valid identifiers and known NAF codes', () => {
    for (const [category, count] of Object.entries(DEMO_MIX)) {
      expect(content.actors.filter((actor) => actor.category === category)).toHaveLength(count);
    }
    expect(new Set(content.actors.map((actor) => actor.name)).size).toBe(content.actors.length);
    for (const actor of content.actors) {
      if (actor.siren) expect(sirenValid(actor.siren)).toBe(true);
      if (actor.siret) expect(siretValid(actor.siret) && actor.siret.startsWith(actor.siren ?? '')).toBe(true);
      if (actor.rna) expect(rnaValid(actor.rna)).toBe(true);
      if (actor.nafCode) expect(nafLabel(actor.nafCode)).toBeTruthy();
      expect(actor.employer === null).toBe(actor.category !== 'association');
      expect(actor.sizeClass === null).toBe(actor.category !== 'company');
      expect(communes.map((commune) => commune.code)).toContain(actor.communeCode);
      expect(Math.abs(actor.latitude - 45.18)).toBeLessThan(0.3);
      expect(Date.parse(actor.createdAt)).toBeGreaterThanOrEqual(start);
    }
  });

  it('walks every alliance along the lifecycle, in time, with agreements before activation', () => {
    expect(new Set(content.alliances.map((alliance) => alliance.status))).toEqual(new Set(ALLIANCE_STATUSES));
    for (const alliance of content.alliances) {
      const moves = alliance.transitions;
      expect(moves[0]).toMatchObject({ from: null, to: 'proposed' });
      for (const [index, move] of moves.entries()) {
        if (index === 0) continue;
        expect(move.from).toBe(moves[index - 1]?.to);
        expect(TRANSITIONS.some((t) => t.from === move.from && t.to === move.to)).toBe(true);
        expect(move.at >= (moves[index - 1]?.at ?? '')).toBe(true);
        expect(Date.parse(move.at)).toBeLessThanOrEqual(options.now.getTime());
      }
      expect(moves.at(-1)?.to).toBe(alliance.status);
      const parties = content.actors.filter((actor) => alliance.parties.some((p) => p.actorId === actor.id));
      expect(parties.every((actor) => actor.createdAt <= alliance.createdAt)).toBe(true);
      if (['active', 'ended'].includes(alliance.status)) {
        const activation = moves.find((move) => move.to === 'active')?.at ?? '';
        expect(alliance.agreements.map((a) => a.actorId).sort()).toEqual(alliance.parties.map((p) => p.actorId).sort());
        expect(alliance.agreements.every((agreement) => agreement.at <= activation)).toBe(true);
      } else {
        expect(alliance.agreements).toEqual([]);
        expect(alliance.evaluations).toEqual([]);
      }
      for (const evaluation of alliance.evaluations) {
        expect(evaluation.period).toMatch(/^\d{4}-S[12]$/);
        expect(alliance.parties.map((p) => p.actorId)).toContain(evaluation.actorId);
      }
    }
    expect(content.alliances.some((alliance) => alliance.evaluations.length > 0)).toBe(true);
  });

  it('has the three action types, experiments in several phases and supports with sessions', () => {
    expect(new Set(content.actions.map((action) => action.type))).toEqual(
      new Set(['animation', 'collective_experiment', 'support']),
    );
    const phases = new Set(content.actions.filter((a) => a.phase).map((a) => a.phase));
    expect(phases.size).toBeGreaterThanOrEqual(3);
    for (const action of content.actions) {
      expect(action.startDate >= new Date(start).toISOString().slice(0, 10)).toBe(true);
      if (action.type === 'support') {
        expect(action.supportedActorId).toBeTruthy();
        expect((action.details.sessions as unknown[]).length).toBeGreaterThan(0);
      }
    }
  });

  it('lists each participant once, and never a support’s organisation supported among them (the API’s rule)', () => {
    for (const action of content.actions) {
      const actorIds = action.participants.map((participant) => participant.actorId);
      expect(new Set(actorIds).size).toBe(actorIds.length);
      if (action.supportedActorId) expect(actorIds).not.toContain(action.supportedActorId);
    }
  });
});
