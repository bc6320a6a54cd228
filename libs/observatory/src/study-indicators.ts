import {
  AGREEING_OPTIONS,
  PHARE_REFERENCE_FIGURES,
  PHARE_REFERENCE_LABEL,
  STUDY_INDICATOR_QUESTIONS,
  STUDY_PRISMS,
  STUDY_TEMPLATES,
  type StudyPrism,
} from '@maillage/contract';
import { FRAGILITIES } from '@maillage/ecosystem';
import type { Db } from '@maillage/platform';
import { figureKey, type Identity, type IndicatorDefinition } from './observatory-catalogue.js';
import { shiftMonth } from './territory-indicators.js';

/**
 * The territorial studies in the observatory: PHARE's questions, answered in the sharing
 * territories' studies over the publication's whole window (not per month: a study is run once
 * in a while, its answers are few), rolled up like the other indicators and protected with them
 * (`rollUp`). Counts of respondents only, per prism; mayors are the public bodies' respondents
 * who answered « Maire » to `respondent_role`. A study counts for a question only where its
 * questionnaire kept the question's key and the answer is one of the shipped options.
 */

/** Who the mayors' and public bodies' views are read for (mayors are public-body respondents). */
export const STUDY_VIEW_GROUPS = ['public_body', 'mayor'] as const;
export type StudyViewGroup = (typeof STUDY_VIEW_GROUPS)[number];

const optionKeys = (key: string): string[] => {
  const question = STUDY_TEMPLATES.phare.questions.find((candidate) => candidate.key === key);
  return question && 'options' in question ? question.options.map((option) => option.key) : [];
};

/** The shipped options of each rolled-up question. */
const SHIPPED = {
  duty: optionKeys(STUDY_INDICATOR_QUESTIONS.dutyOfAlliances),
  innovation: optionKeys(STUDY_INDICATOR_QUESTIONS.partnershipInnovation),
  dynamic: optionKeys(STUDY_INDICATOR_QUESTIONS.territoryDynamic),
  fragilities: optionKeys(STUDY_INDICATOR_QUESTIONS.perceivedFragilities),
};

const IN_DYNAMIC = ['established', 'emerging'];

const dims = (groups: readonly string[], measures: readonly string[]) =>
  groups.flatMap((group) => measures.map((measure) => `${group}:${measure}`));

/** The study indicators, published for the publication's window (period `AAAA-MM/AAAA-MM`). */
export const STUDY_INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'study_territories',
    label: 'Territoires partageant leurs données dont une étude territoriale a recueilli des réponses sur la période',
    kind: 'flow',
    unit: 'territoires',
    sensitive: false,
    dimensions: ['total'],
    families: [],
  },
  {
    id: 'study_duty_of_alliances',
    label: 'Études territoriales : répondants exprimant un « devoir d’alliances », par prisme',
    kind: 'flow',
    unit: 'répondants',
    dimensions: dims(STUDY_PRISMS, ['respondents', 'agreeing']),
    families: [],
    share: { over: { dimension: 'respondents' }, label: 'Part des répondants du même prisme' },
  },
  {
    id: 'study_fragilities',
    label: 'Études territoriales : fragilités perçues sur le territoire, par prisme (plusieurs réponses possibles)',
    kind: 'flow',
    unit: 'répondants',
    dimensions: dims(STUDY_PRISMS, ['respondents', ...FRAGILITIES.map((fragility) => `fragility:${fragility}`)]),
    families: [],
    share: { over: { dimension: 'respondents' }, label: 'Part des répondants du même prisme' },
  },
  {
    id: 'study_innovation',
    label: 'Études territoriales : acteurs publics et maires voyant les partenariats comme source d’innovation',
    kind: 'flow',
    unit: 'répondants',
    dimensions: dims(STUDY_VIEW_GROUPS, ['respondents', 'agreeing']),
    families: [],
    share: { over: { dimension: 'respondents' }, label: 'Part des répondants du même groupe' },
  },
  {
    id: 'study_dynamic',
    label:
      'Études territoriales : acteurs publics et maires estimant le territoire entré dans une dynamique de co-construction',
    kind: 'flow',
    unit: 'répondants',
    dimensions: dims(STUDY_VIEW_GROUPS, ['respondents', 'in_dynamic', 'established', 'emerging']),
    families: STUDY_VIEW_GROUPS.map((group) => ({
      total: `${group}:in_dynamic`,
      parts: [`${group}:established`, `${group}:emerging`],
    })),
    share: { over: { dimension: 'respondents' }, label: 'Part des répondants du même groupe' },
  },
];

export const STUDY_INDICATOR_IDS = STUDY_INDICATORS.map((indicator) => indicator.id);
export const STUDY_INDICATOR_BY_ID = new Map(STUDY_INDICATORS.map((indicator) => [indicator.id, indicator]));

/** Every study figure key, in catalogue order. */
export const STUDY_FIGURE_KEYS: readonly string[] = STUDY_INDICATORS.flatMap((indicator) =>
  indicator.dimensions.map((dimension) => figureKey(indicator.id, dimension)),
);

/** The group (prism, or mayors) of a study dimension, and its measure. */
export function studyDimension(dimension: string): { group: string; measure: string } {
  const [group, ...measure] = dimension.split(':');
  return { group: group as string, measure: measure.join(':') };
}

const GROUP_LABELS: Record<StudyPrism | 'mayor', string> = {
  association: 'Associations',
  company: 'Entreprises',
  public_body: 'Acteurs publics',
  inhabitant: 'Habitants',
  mayor: 'Maires',
};
const MEASURE_LABELS: Record<string, string> = {
  respondents: 'répondants',
  agreeing: 'répondants d’accord',
  in_dynamic: 'territoire entré dans une dynamique (installée ou en émergence)',
  established: 'dynamique déjà installée',
  emerging: 'dynamique tout juste en émergence',
  'fragility:economic': 'fragilités économiques',
  'fragility:social': 'fragilités sociales',
  'fragility:environmental': 'fragilités environnementales',
  'fragility:societal': 'fragilités sociétales',
};

/** French labels of the study dimensions (« Associations — répondants d’accord »). */
export const STUDY_DIMENSION_LABELS: Record<string, string> = Object.fromEntries(
  [...new Set(STUDY_INDICATORS.flatMap((indicator) => indicator.dimensions))].map((dimension) => {
    if (dimension === 'total') return [dimension, 'Total'];
    const { group, measure } = studyDimension(dimension);
    return [dimension, `${GROUP_LABELS[group as StudyPrism]} — ${MEASURE_LABELS[measure] ?? measure}`];
  }),
);
export const STUDY_GROUP_LABELS: Readonly<Record<string, string>> = GROUP_LABELS;

const atMost = (terms: [string, number][]): Identity => ({ terms, relation: 'le', rhs: 0 });

/**
 * What every attacker knows of one territory's study figures: a part is at most its respondents,
 * respondents to the fragilities ticked at least one, mayors are public bodies (and the other
 * public bodies' agreeing are at most their respondents), the dynamic is installed or emerging,
 * and a workspace counts once.
 */
export const STUDY_IDENTITIES: readonly Identity[] = [
  ...STUDY_INDICATORS.flatMap((indicator) =>
    indicator.families.map((family): Identity => ({
      terms: [
        [figureKey(indicator.id, family.total), 1],
        ...family.parts.map((part): [string, number] => [figureKey(indicator.id, part), -1]),
      ],
      relation: 'eq',
      rhs: 0,
    })),
  ),
  ...STUDY_INDICATORS.filter((indicator) => indicator.id !== 'study_territories').flatMap((indicator) =>
    indicator.dimensions
      .filter((dimension) => studyDimension(dimension).measure !== 'respondents')
      .map((dimension) =>
        atMost([
          [figureKey(indicator.id, dimension), 1],
          [figureKey(indicator.id, `${studyDimension(dimension).group}:respondents`), -1],
        ]),
      ),
  ),
  ...STUDY_PRISMS.map((prism) =>
    atMost([
      [figureKey('study_fragilities', `${prism}:respondents`), 1],
      ...FRAGILITIES.map((fragility): [string, number] => [
        figureKey('study_fragilities', `${prism}:fragility:${fragility}`),
        -1,
      ]),
    ]),
  ),
  ...(['study_innovation', 'study_dynamic'] as const).flatMap((indicator) => {
    const measures = (STUDY_INDICATOR_BY_ID.get(indicator) as IndicatorDefinition).dimensions
      .filter((dimension) => dimension.startsWith('mayor:'))
      .map((dimension) => studyDimension(dimension).measure);
    const key = (group: string, measure: string) => figureKey(indicator, `${group}:${measure}`);
    return [
      ...measures.map((measure) =>
        atMost([
          [key('mayor', measure), 1],
          [key('public_body', measure), -1],
        ]),
      ),
      // The public bodies that are not mayors: their parts are at most their respondents too.
      ...measures
        .filter((measure) => measure !== 'respondents')
        .map((measure) =>
          atMost([
            [key('public_body', measure), 1],
            [key('mayor', measure), -1],
            [key('public_body', 'respondents'), -1],
            [key('mayor', 'respondents'), 1],
          ]),
        ),
    ];
  }),
  { terms: [['study_territories|total', 1]], relation: 'le', rhs: 1 },
];

/** One group of identical responses: what was answered to the rolled-up questions, and how many. */
export interface StudyResponseGroup {
  prism: StudyPrism;
  /** Answered « Maire » to `respondent_role`. */
  mayor: boolean;
  duty: string | null;
  innovation: string | null;
  dynamic: string | null;
  /** The fragilities ticked (shipped options only). */
  fragilities: readonly string[];
  count: number;
}

/**
 * One territory's study figures from its grouped responses (`study_territories|total` is 1 when
 * it has any response in the window). Only the shipped options count.
 */
export function studyFigures(groups: readonly StudyResponseGroup[]): Map<string, number> {
  const figures = new Map<string, number>();
  const add = (indicator: string, dimension: string, count: number) => {
    const key = figureKey(indicator, dimension);
    figures.set(key, (figures.get(key) ?? 0) + count);
  };
  let responded = false;
  for (const group of groups) {
    if (group.count <= 0) continue;
    responded = true;
    const { prism, count } = group;
    if (group.duty !== null && SHIPPED.duty.includes(group.duty)) {
      add('study_duty_of_alliances', `${prism}:respondents`, count);
      if (AGREEING_OPTIONS.includes(group.duty)) add('study_duty_of_alliances', `${prism}:agreeing`, count);
    }
    const ticked = group.fragilities.filter((fragility) => SHIPPED.fragilities.includes(fragility));
    if (ticked.length > 0) {
      add('study_fragilities', `${prism}:respondents`, count);
      for (const fragility of new Set(ticked)) add('study_fragilities', `${prism}:fragility:${fragility}`, count);
    }
    if (prism !== 'public_body') continue;
    const groupsOf: StudyViewGroup[] = group.mayor ? ['public_body', 'mayor'] : ['public_body'];
    for (const view of groupsOf) {
      if (group.innovation !== null && SHIPPED.innovation.includes(group.innovation)) {
        add('study_innovation', `${view}:respondents`, count);
        if (AGREEING_OPTIONS.includes(group.innovation)) add('study_innovation', `${view}:agreeing`, count);
      }
      if (group.dynamic !== null && SHIPPED.dynamic.includes(group.dynamic)) {
        add('study_dynamic', `${view}:respondents`, count);
        if (IN_DYNAMIC.includes(group.dynamic)) {
          add('study_dynamic', `${view}:in_dynamic`, count);
          add('study_dynamic', `${view}:${group.dynamic}`, count);
        }
      }
    }
  }
  if (responded) figures.set('study_territories|total', 1);
  return figures;
}

/**
 * One territory's study figures over the months `from`..`to` (by the day each response was
 * submitted), inside its own transaction: row security leaves its rows only, and nothing leaves
 * but counts.
 */
export async function territoryStudyFigures(
  db: Pick<Db, 'query'>,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const answer = (question: string) =>
    `(select a.option_keys from study_answers a
      where a.territory_id = r.territory_id and a.response_id = r.id and a.question_key = '${question}')`;
  const rows: {
    prism: StudyPrism;
    role: string[] | null;
    duty: string[] | null;
    innovation: string[] | null;
    dynamic: string[] | null;
    fragilities: string[] | null;
    n: number;
  }[] = await db.query(
    `select prism, role, duty, innovation, dynamic, fragilities, count(*)::int as n from (
       select r.prism,
              ${answer(STUDY_INDICATOR_QUESTIONS.respondentRole)} as role,
              ${answer(STUDY_INDICATOR_QUESTIONS.dutyOfAlliances)} as duty,
              ${answer(STUDY_INDICATOR_QUESTIONS.partnershipInnovation)} as innovation,
              ${answer(STUDY_INDICATOR_QUESTIONS.territoryDynamic)} as dynamic,
              ${answer(STUDY_INDICATOR_QUESTIONS.perceivedFragilities)} as fragilities
       from study_responses r
       where r.submitted_on >= $1::date and r.submitted_on < $2::date
     ) x group by 1, 2, 3, 4, 5, 6`,
    [`${from}-01`, `${shiftMonth(to, -1)}-01`],
  );
  const single = (keys: string[] | null) => (keys && keys.length === 1 ? (keys[0] as string) : null);
  return studyFigures(
    rows.map((row) => ({
      prism: row.prism,
      mayor: single(row.role) === 'mayor',
      duty: single(row.duty),
      innovation: single(row.innovation),
      dynamic: single(row.dynamic),
      fragilities: row.fragilities ?? [],
      count: row.n,
    })),
  );
}

/** The window's period label, `AAAA-MM/AAAA-MM` (an ISO 8601 interval of months). */
export const studyWindow = (from: string, to: string): string => `${from}/${to}`;
/** Whether a period label is a study window. */
export const isStudyWindow = (period: string): boolean => period.includes('/');

/** PHARE's figures, as published beside the study indicators: reference values, never Maillage's data. */
export const STUDY_REFERENCE = {
  label: PHARE_REFERENCE_LABEL,
  figures: PHARE_REFERENCE_FIGURES,
};
