import { AGREEING_OPTIONS, PRISM_OF_CATEGORY, STUDY_PRISMS, STUDY_TEMPLATES } from '@maillage/contract';
import { generateDemoContent } from './demo-data.js';
import { generateDemoStudy } from './demo-study.js';

const now = new Date('2026-06-15T10:00:00Z');
const content = generateDemoContent({
  seed: 7,
  now,
  territoryName: 'Démo — Grenoble-Alpes-Métropole',
  epciSiren: '200040715',
  departementName: 'Isère',
  communes: [{ code: '38185', name: 'Grenoble', population: 156_000, siren: null }],
});

describe('the demo’s territorial study', () => {
  const study = generateDemoStudy(7, now, content.actors);
  const questions = new Map(STUDY_TEMPLATES.phare.questions.map((question) => [question.key, question]));

  it('is the same for the same seed (ids aside)', () => {
    const again = generateDemoStudy(7, now, content.actors);
    const shape = (s: typeof study) => s.answers.map((a) => [a.questionKey, a.optionKeys, a.textValue]);
    expect(shape(again)).toEqual(shape(study));
  });

  it('answers only what the questionnaire asks each prism, with its options, within its limits', () => {
    const prismOf = new Map(study.responses.map((response) => [response.id, response.prism]));
    for (const answer of study.answers) {
      const question = questions.get(answer.questionKey);
      expect(question).toBeDefined();
      if (!question) continue;
      const prism = prismOf.get(answer.responseId);
      if (question.prisms) expect(question.prisms).toContain(prism);
      if (question.kind === 'text') {
        expect(answer.textValue?.length).toBeGreaterThan(0);
        continue;
      }
      const keys = 'options' in question ? question.options.map((option) => option.key) : [];
      for (const key of answer.optionKeys ?? []) expect(keys).toContain(key);
      if (question.kind === 'single') expect(answer.optionKeys).toHaveLength(1);
      if (question.kind === 'multiple' && question.maxChoices) {
        expect(answer.optionKeys?.length).toBeLessThanOrEqual(question.maxChoices);
      }
    }
    // Every required question of a prism is answered once by each of its respondents.
    for (const response of study.responses) {
      const answered = study.answers.filter((answer) => answer.responseId === response.id).map((a) => a.questionKey);
      expect(new Set(answered).size).toBe(answered.length);
      const required = [...questions.values()].filter(
        (question) => question.required && (!question.prisms || question.prisms.includes(response.prism)),
      );
      for (const question of required) expect(answered).toContain(question.key);
    }
  });

  it('has every prism above the disclosure threshold, organisations invited and about 60 % answering', () => {
    for (const prism of STUDY_PRISMS) {
      expect(study.responses.filter((response) => response.prism === prism).length).toBeGreaterThanOrEqual(5);
    }
    expect(
      study.responses.filter((response) => response.channel === 'public').every((r) => r.prism === 'inhabitant'),
    ).toBe(true);
    const byActor = new Map(content.actors.map((actor) => [actor.id, actor]));
    for (const invitation of study.invitations) {
      const actor = byActor.get(invitation.actorId);
      expect(actor && PRISM_OF_CATEGORY[actor.category]).toBe(invitation.prism);
    }
    const answered = study.invitations.filter((invitation) => invitation.answered).length;
    expect(study.responses.filter((response) => response.channel === 'invitation')).toHaveLength(answered);
    expect(answered / study.invitations.length).toBeGreaterThan(0.45);
    expect(answered / study.invitations.length).toBeLessThan(0.75);
  });

  it('draws the « devoir d’alliances » around PHARE’s figures: associations above inhabitants', () => {
    const share = (prism: string) => {
      const ids = new Set(study.responses.filter((r) => r.prism === prism).map((r) => r.id));
      const duty = study.answers.filter((a) => ids.has(a.responseId) && a.questionKey === 'duty_of_alliances');
      return duty.filter((a) => AGREEING_OPTIONS.includes(a.optionKeys?.[0] ?? '')).length / duty.length;
    };
    expect(share('association')).toBeGreaterThan(0.65);
    expect(share('inhabitant')).toBeGreaterThan(0.5);
    expect(share('inhabitant')).toBeLessThan(0.85);
  });
});
