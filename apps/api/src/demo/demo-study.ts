import { randomBytes, randomUUID } from 'node:crypto';
import { PRISM_OF_CATEGORY, STUDY_TEMPLATES, type StudyPrism, type StudyQuestion } from '@maillage/contract';
import { seededRandom } from '@maillage/ecosystem';
import { type DemoActor } from './demo-data.js';

/**
 * The demo territory's territorial study: the shipped PHARE questionnaire, run two months ago
 * and closed two weeks ago, with answers drawn around PHARE's own national figures (the
 * « devoir d'alliances » of 86 % of associations, 81 % of companies, 69 % of inhabitants; 87 %
 * of mayors seeing partnerships as a source of innovation), so the results page and the regard
 * croisé have something true-looking to show. Invited organisations answered at about 60 %.
 */
export interface DemoStudy {
  id: string;
  title: string;
  description: string;
  questions: readonly StudyQuestion[];
  createdAt: string;
  openedAt: string;
  closedAt: string;
  invitations: {
    id: string;
    actorId: string;
    prism: StudyPrism;
    answered: boolean;
    tokenHash: string;
    sentAt: string;
  }[];
  responses: { id: string; prism: StudyPrism; channel: 'invitation' | 'public'; submittedOn: string }[];
  answers: {
    responseId: string;
    questionKey: string;
    optionKeys: string[] | null;
    scaleValue: number | null;
    textValue: string | null;
  }[];
}

const DAY = 86_400_000;

/** Inhabitants answering through the public link. */
const INHABITANTS = 58;

/** The share of each prism agreeing with the « devoir d'alliances » (PHARE, 2015). */
const DUTY: Record<StudyPrism, number> = { association: 0.86, company: 0.81, public_body: 0.8, inhabitant: 0.69 };

/** How often each prism ticks each fragility. */
const FRAGILITY_ODDS: Record<StudyPrism, Record<string, number>> = {
  association: { economic: 0.45, social: 0.8, environmental: 0.4, societal: 0.6 },
  company: { economic: 0.75, social: 0.45, environmental: 0.5, societal: 0.3 },
  public_body: { economic: 0.6, social: 0.65, environmental: 0.55, societal: 0.45 },
  inhabitant: { economic: 0.55, social: 0.5, environmental: 0.6, societal: 0.4 },
};

const COMMENTS = [
  'Il manque un lieu où associations et entreprises se rencontrent régulièrement.',
  'La mobilité dans les communes de montagne reste le premier frein à l’emploi.',
  'Nous serions prêts à mettre des salariés à disposition pour du mécénat de compétences.',
  'Les appels à projets mettent les associations en concurrence au lieu de les faire coopérer.',
  'Un annuaire des acteurs du territoire serait déjà une grande aide.',
  'Les jeunes sont peu associés aux décisions.',
];

export function generateDemoStudy(seed: number, now: Date, actors: readonly DemoActor[]): DemoStudy {
  const random = seededRandom(seed);
  const chance = (odds: number): boolean => random() < odds;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const template = STUDY_TEMPLATES.phare;
  const opened = now.getTime() - 62 * DAY;
  const closed = now.getTime() - 14 * DAY;
  const day = (): string => new Date(opened + random() * (closed - opened)).toISOString().slice(0, 10);
  const agreement = (odds: number): string =>
    chance(odds)
      ? chance(0.45)
        ? 'strongly_agree'
        : 'agree'
      : chance(0.12)
        ? 'no_opinion'
        : chance(0.7)
          ? 'disagree'
          : 'strongly_disagree';
  const issues = template.questions.find((question) => question.key === 'priority_issues');
  const issueKeys = issues && 'options' in issues ? issues.options.map((option) => option.key) : [];

  const study: DemoStudy = {
    id: randomUUID(),
    title: `${template.title} (${new Date(opened).getUTCFullYear()})`,
    description: template.description,
    questions: template.questions,
    createdAt: new Date(opened - 5 * DAY).toISOString(),
    openedAt: new Date(opened).toISOString(),
    closedAt: new Date(closed).toISOString(),
    invitations: [],
    responses: [],
    answers: [],
  };
  const answer = (responseId: string, questionKey: string, value: string | string[] | number): void => {
    study.answers.push({
      responseId,
      questionKey,
      optionKeys: typeof value === 'number' ? null : Array.isArray(value) ? value : [value],
      scaleValue: typeof value === 'number' ? value : null,
      textValue: null,
    });
  };
  const respond = (prism: StudyPrism, channel: 'invitation' | 'public'): void => {
    const id = randomUUID();
    study.responses.push({ id, prism, channel, submittedOn: day() });
    const mayor = prism === 'public_body' && chance(0.45);
    if (prism === 'public_body')
      answer(id, 'respondent_role', mayor ? 'mayor' : pick(['elected', 'executive', 'officer']));
    const fragilities = Object.entries(FRAGILITY_ODDS[prism])
      .filter(([, odds]) => chance(odds))
      .map(([key]) => key);
    answer(id, 'perceived_fragilities', fragilities.length > 0 ? fragilities : ['social']);
    const chosen = new Set<string>();
    while (chosen.size < 3) chosen.add(pick(issueKeys));
    answer(id, 'priority_issues', [...chosen]);
    answer(id, 'duty_of_alliances', agreement(DUTY[prism]));
    answer(id, 'partnership_innovation', agreement(mayor ? 0.87 : prism === 'inhabitant' ? 0.7 : 0.8));
    if (prism !== 'inhabitant') {
      const practice = pick(['several', 'several', 'one', 'planned', 'none']);
      answer(id, 'partnership_practice', practice);
      if (practice === 'several' || practice === 'one') {
        const modes = ['responsible_practices', 'patronage', 'economic_cooperation', 'societal_innovation'].filter(
          (_mode, index) => chance([0.42, 0.3, 0.25, 0.16][index] as number),
        );
        if (modes.length > 0) answer(id, 'partnership_modes', modes);
      }
    }
    // PHARE-Institutions: 76 % of mayors see their commune in the dynamic, 46 % as just emerging.
    const dynamic = random();
    answer(
      id,
      'territory_dynamic',
      dynamic < 0.3 ? 'established' : dynamic < 0.76 ? 'emerging' : pick(['not_yet', 'no_opinion']),
    );
    answer(id, 'willingness', chance(0.55) ? 'yes' : chance(0.6) ? 'maybe' : 'no');
    if (chance(0.12)) {
      study.answers.push({
        responseId: id,
        questionKey: 'comment',
        optionKeys: null,
        scaleValue: null,
        textValue: pick(COMMENTS),
      });
    }
  };

  for (const actor of actors) {
    const prism = PRISM_OF_CATEGORY[actor.category];
    if (prism === 'inhabitant' || !chance(0.5)) continue;
    const answered = chance(0.6);
    study.invitations.push({
      id: randomUUID(),
      actorId: actor.id,
      prism,
      answered,
      tokenHash: randomBytes(32).toString('hex'),
      sentAt: study.openedAt,
    });
    if (answered) respond(prism, 'invitation');
  }
  for (let n = 0; n < INHABITANTS; n += 1) respond('inhabitant', 'public');
  return study;
}
