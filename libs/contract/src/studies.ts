/**
 * Territorial studies (études territoriales): PHARE's regard croisé on one territory.
 *
 * The questionnaires shipped with Maillage are written from the vocabulary of Le RAMEAU's
 * material in `../shared/seeds/`: the four fragilities, the « devoir d'alliances », the four
 * partnership modes, partnerships as a source of innovation, the territory's co-construction
 * dynamic (PHARE-Institutions), and the toolbox's « diagnostic d'une structure animant le
 * territoire » and « check-list des questions d'une démarche d'évaluation des partenariats ».
 *
 * Question and option keys are stable identifiers: answers are stored by key, the national
 * observatory rolls up the PHARE questions by key (`STUDY_INDICATOR_QUESTIONS`), and a
 * coordinator's adapted copy keeps the keys of the questions it keeps.
 */
import type { ActorCategory, Fragility } from './enums.js';

/** The prisms a study's answers are read by, side by side (PHARE crossed the first three). */
export const STUDY_PRISMS = ['association', 'company', 'public_body', 'inhabitant'] as const;
export type StudyPrism = (typeof STUDY_PRISMS)[number];

/**
 * The prism an invited actor's contact answers in, from the actor's category: organisations
 * of general interest answer with the associations, universities and research with the public
 * bodies, citizen groups with the inhabitants.
 */
export const PRISM_OF_CATEGORY: Readonly<Record<ActorCategory, StudyPrism>> = {
  association: 'association',
  foundation: 'association',
  support_structure: 'association',
  company: 'company',
  public_body: 'public_body',
  academic: 'public_body',
  citizen_group: 'inhabitant',
};

export const STUDY_QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;
export type StudyQuestionKind = (typeof STUDY_QUESTION_KINDS)[number];

export interface StudyOption {
  readonly key: string;
  readonly label: string;
  /** The fragility an option stands for, when it does: turning results into enjeux uses it. */
  readonly fragility?: Fragility;
}

interface StudyQuestionBase {
  readonly key: string;
  readonly label: string;
  readonly help?: string;
  readonly required: boolean;
  /** Asked only in these prisms; every prism when absent. */
  readonly prisms?: readonly StudyPrism[];
}

export interface SingleChoiceQuestion extends StudyQuestionBase {
  readonly kind: 'single';
  readonly options: readonly StudyOption[];
}
export interface MultipleChoiceQuestion extends StudyQuestionBase {
  readonly kind: 'multiple';
  readonly options: readonly StudyOption[];
  /** Most options one may tick; no limit when absent. */
  readonly maxChoices?: number;
}
export interface ScaleQuestion extends StudyQuestionBase {
  readonly kind: 'scale';
  readonly min: number;
  readonly max: number;
  readonly minLabel: string;
  readonly maxLabel: string;
}
export interface TextQuestion extends StudyQuestionBase {
  readonly kind: 'text';
  readonly maxLength: number;
}
export type StudyQuestion = SingleChoiceQuestion | MultipleChoiceQuestion | ScaleQuestion | TextQuestion;

/** Limits of an adapted questionnaire. */
export const STUDY_LIMITS = {
  questions: 60,
  options: 20,
  labelLength: 500,
  helpLength: 1000,
  optionLabelLength: 200,
  textAnswerLength: 2000,
  scaleMax: 10,
} as const;

export const STUDY_TEMPLATE_KEYS = ['phare', 'diagnostic', 'partnership_evaluation'] as const;
export type StudyTemplateKey = (typeof STUDY_TEMPLATE_KEYS)[number];

export interface StudyTemplate {
  readonly key: StudyTemplateKey;
  readonly title: string;
  readonly description: string;
  /** Where the template comes from in the kit (`../shared/seeds/`). */
  readonly source: string;
  /** The prisms it is meant for (the diagnostic and the check-list are for organisations). */
  readonly prisms: readonly StudyPrism[];
  readonly questions: readonly StudyQuestion[];
}

const AGREEMENT: readonly StudyOption[] = [
  { key: 'strongly_agree', label: 'Tout à fait d’accord' },
  { key: 'agree', label: 'Plutôt d’accord' },
  { key: 'disagree', label: 'Plutôt pas d’accord' },
  { key: 'strongly_disagree', label: 'Pas du tout d’accord' },
  { key: 'no_opinion', label: 'Ne se prononce pas' },
];

/** The options of an agreement question that count as agreeing. */
export const AGREEING_OPTIONS: readonly string[] = ['strongly_agree', 'agree'];

const FRAGILITY_OPTIONS: readonly StudyOption[] = [
  { key: 'economic', label: 'Économiques (emploi, activité, commerces, revenus)', fragility: 'economic' },
  { key: 'social', label: 'Sociales (isolement, pauvreté, accès aux droits, santé)', fragility: 'social' },
  {
    key: 'environmental',
    label: 'Environnementales (climat, biodiversité, énergie, pollution)',
    fragility: 'environmental',
  },
  {
    key: 'societal',
    label: 'Sociétales (lien entre générations, citoyenneté, vivre-ensemble, éducation)',
    fragility: 'societal',
  },
];

const ORGANISATIONS: readonly StudyPrism[] = ['association', 'company', 'public_body'];

const PHARE: StudyTemplate = {
  key: 'phare',
  title: 'Étude territoriale — regard croisé sur les fragilités et les alliances',
  description:
    'Le questionnaire d’une étude territoriale, sur le modèle du programme PHARE de l’Observatoire des partenariats : ' +
    'associations, entreprises, acteurs publics et habitants disent quelles fragilités ils perçoivent sur le territoire, ' +
    's’ils ressentent un « devoir d’alliances », comment ils pratiquent le partenariat et s’ils souhaitent y prendre part.',
  source:
    'Kit pratique « co-construction en territoire », boîte à outils : « Structuration, plan et questionnaire d’une étude territoriale » (Le RAMEAU, 2013) ; études PHARE (Comisis – OpinionWay, 2015-2016).',
  prisms: STUDY_PRISMS,
  questions: [
    {
      key: 'respondent_role',
      kind: 'single',
      label: 'Quelle est votre fonction ?',
      required: true,
      prisms: ['public_body'],
      options: [
        { key: 'mayor', label: 'Maire' },
        { key: 'elected', label: 'Élu(e), adjoint(e) ou conseiller(ère)' },
        { key: 'executive', label: 'Direction générale ou direction de service' },
        { key: 'officer', label: 'Agent, chargé(e) de mission' },
        { key: 'other', label: 'Autre' },
      ],
    },
    {
      key: 'perceived_fragilities',
      kind: 'multiple',
      label: 'Quelles fragilités vous semblent les plus fortes sur notre territoire ?',
      help: 'Plusieurs réponses possibles.',
      required: true,
      options: FRAGILITY_OPTIONS,
    },
    {
      key: 'priority_issues',
      kind: 'multiple',
      label: 'Parmi ces enjeux, lesquels devraient être traités en priorité sur le territoire ?',
      help: 'Trois réponses au plus.',
      required: true,
      maxChoices: 3,
      options: [
        { key: 'employment', label: 'L’emploi et l’insertion professionnelle', fragility: 'economic' },
        { key: 'local_economy', label: 'Le développement économique local', fragility: 'economic' },
        { key: 'isolation', label: 'L’isolement des personnes', fragility: 'social' },
        { key: 'health_ageing', label: 'La santé et le bien vieillir', fragility: 'social' },
        { key: 'housing', label: 'Le logement', fragility: 'social' },
        { key: 'ecological_transition', label: 'La transition écologique et énergétique', fragility: 'environmental' },
        { key: 'mobility', label: 'La mobilité', fragility: 'environmental' },
        { key: 'education_youth', label: 'L’éducation et la jeunesse', fragility: 'societal' },
        { key: 'social_cohesion', label: 'Le vivre-ensemble et la citoyenneté', fragility: 'societal' },
        { key: 'digital_inclusion', label: 'L’inclusion numérique', fragility: 'societal' },
      ],
    },
    {
      key: 'duty_of_alliances',
      kind: 'single',
      label:
        'Face aux fragilités du territoire, les acteurs (associations, entreprises, acteurs publics, habitants) ont un « devoir d’alliances » : ils doivent agir ensemble.',
      help: 'Êtes-vous d’accord avec cette affirmation ?',
      required: true,
      options: AGREEMENT,
    },
    {
      key: 'partnership_innovation',
      kind: 'single',
      label:
        'Les partenariats entre acteurs différents sont une source d’innovation pour répondre aux besoins du territoire.',
      help: 'Êtes-vous d’accord avec cette affirmation ?',
      required: true,
      options: AGREEMENT,
    },
    {
      key: 'partnership_practice',
      kind: 'single',
      label:
        'Votre organisation a-t-elle aujourd’hui des partenariats avec des acteurs d’une autre nature (association, entreprise, acteur public) ?',
      required: true,
      prisms: ORGANISATIONS,
      options: [
        { key: 'several', label: 'Oui, plusieurs' },
        { key: 'one', label: 'Oui, un' },
        { key: 'planned', label: 'Non, mais nous en avons le projet' },
        { key: 'none', label: 'Non' },
      ],
    },
    {
      key: 'partnership_modes',
      kind: 'multiple',
      label: 'Sous quelles formes ces partenariats se font-ils, ou pourraient-ils se faire ?',
      help: 'Plusieurs réponses possibles.',
      required: false,
      prisms: ORGANISATIONS,
      options: [
        { key: 'responsible_practices', label: 'Pratiques responsables (achats, emploi, environnement)' },
        { key: 'patronage', label: 'Mécénat (financier, de compétences ou en nature)' },
        { key: 'economic_cooperation', label: 'Coopération économique' },
        { key: 'societal_innovation', label: 'Innovation sociétale (un projet conçu ensemble)' },
      ],
    },
    {
      key: 'territory_dynamic',
      kind: 'single',
      label: 'Diriez-vous que notre territoire est entré dans une dynamique de co-construction entre acteurs ?',
      required: true,
      options: [
        { key: 'established', label: 'Oui, une dynamique déjà installée' },
        { key: 'emerging', label: 'Oui, une dynamique tout juste en émergence' },
        { key: 'not_yet', label: 'Non, pas encore' },
        { key: 'no_opinion', label: 'Je ne sais pas' },
      ],
    },
    {
      key: 'willingness',
      kind: 'single',
      label: 'Souhaiteriez-vous être associé(e) à des actions de co-construction sur le territoire ?',
      required: true,
      options: [
        { key: 'yes', label: 'Oui' },
        { key: 'maybe', label: 'Peut-être, selon le sujet' },
        { key: 'no', label: 'Non' },
      ],
    },
    {
      key: 'comment',
      kind: 'text',
      label: 'Souhaitez-vous ajouter quelque chose ?',
      help: 'Ne donnez pas d’information permettant de vous identifier : les réponses sont anonymes.',
      required: false,
      maxLength: 2000,
    },
  ],
};

const SCALE_1_5 = { min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' } as const;

/** A required 1–5 scale from « Pas du tout » to « Tout à fait », the diagnostic's and the check-list's measure. */
const scale = (key: string, label: string): ScaleQuestion => ({
  key,
  kind: 'scale',
  label,
  required: true,
  ...SCALE_1_5,
});

const DIAGNOSTIC: StudyTemplate = {
  key: 'diagnostic',
  title: 'Diagnostic de la structure qui anime le territoire sur les partenariats',
  description:
    'Un auto-diagnostic de la structure d’animation, à faire remplir par son équipe et ses partenaires proches : ' +
    'connaissance des acteurs, légitimité, moyens, et les trois actions de la co-construction (animer le territoire, ' +
    'mener des expérimentations collectives, accompagner les organisations).',
  source:
    'Kit pratique « co-construction en territoire », boîte à outils : « Diagnostic d’une structure animant le territoire sur les partenariats » (Le RAMEAU, 2014).',
  prisms: ORGANISATIONS,
  questions: [
    scale(
      'knows_actors',
      'La structure connaît les acteurs du territoire (associations, entreprises, acteurs publics) et leurs besoins.',
    ),
    scale('legitimacy', 'Elle est reconnue comme légitime pour réunir des acteurs de nature différente.'),
    scale('resources', 'Elle dispose des moyens humains et financiers pour animer la co-construction dans la durée.'),
    scale('animation', 'Elle anime le territoire : elle sensibilise et organise des rencontres entre acteurs.'),
    scale('collective_experiments', 'Elle lance et pilote des expérimentations collectives sur des enjeux partagés.'),
    scale('support', 'Elle accompagne les organisations dans les alliances qu’elles initient.'),
    scale('evaluation', 'Elle évalue les partenariats et leur utilité sociale, et partage ce qu’elle en apprend.'),
    {
      key: 'priority_action',
      kind: 'single',
      label: 'Laquelle des trois actions de la co-construction faudrait-il renforcer d’abord ?',
      required: true,
      options: [
        { key: 'animation', label: 'L’animation du territoire' },
        { key: 'collective_experiment', label: 'Les expérimentations collectives' },
        { key: 'support', label: 'L’accompagnement des organisations' },
      ],
    },
    {
      key: 'strengths',
      kind: 'text',
      label: 'Quelles sont les forces de la structure ?',
      required: false,
      maxLength: 2000,
    },
    {
      key: 'improvements',
      kind: 'text',
      label: 'Que faudrait-il améliorer en priorité ?',
      required: false,
      maxLength: 2000,
    },
  ],
};

const YES_PARTLY_NO: readonly StudyOption[] = [
  { key: 'yes', label: 'Oui' },
  { key: 'partly', label: 'En partie' },
  { key: 'no', label: 'Non' },
  { key: 'unknown', label: 'Je ne sais pas' },
];

const PARTNERSHIP_EVALUATION: StudyTemplate = {
  key: 'partnership_evaluation',
  title: 'Check-list d’évaluation d’un partenariat',
  description:
    'Les questions d’une démarche d’évaluation des partenariats, à poser aux partenaires d’une alliance : ' +
    'objectifs partagés, gouvernance, moyens, résultats et utilité sociale, et suites à donner.',
  source:
    'Kit pratique « co-construction en territoire », boîte à outils : « Check list des questions d’une démarche d’évaluation des partenariats » (Le RAMEAU, 2015) ; méthodes : « Évaluer l’utilité sociale des partenariats » (2015).',
  prisms: ORGANISATIONS,
  questions: [
    {
      key: 'shared_objectives',
      kind: 'single',
      label: 'Les objectifs du partenariat ont-ils été définis ensemble et écrits ?',
      required: true,
      options: YES_PARTLY_NO,
    },
    {
      key: 'governance',
      kind: 'single',
      label: 'Le partenariat a-t-il une gouvernance claire (qui décide, à quel rythme on se réunit) ?',
      required: true,
      options: YES_PARTLY_NO,
    },
    {
      key: 'resources_committed',
      kind: 'single',
      label: 'Chaque partenaire a-t-il apporté les moyens prévus (temps, compétences, financement) ?',
      required: true,
      options: YES_PARTLY_NO,
    },
    {
      key: 'indicators',
      kind: 'single',
      label: 'Des indicateurs de suivi ont-ils été choisis au départ et suivis ?',
      required: true,
      options: YES_PARTLY_NO,
    },
    scale('objectives_met', 'Dans quelle mesure les objectifs ont-ils été atteints ?'),
    scale(
      'social_utility',
      'Le partenariat a-t-il une utilité pour le territoire et ses habitants, au-delà des partenaires ?',
    ),
    {
      key: 'partner_benefits',
      kind: 'multiple',
      label: 'Qu’a apporté le partenariat à votre organisation ?',
      help: 'Plusieurs réponses possibles.',
      required: false,
      options: [
        { key: 'innovation', label: 'De l’innovation (nouveaux services, nouvelles façons de faire)' },
        { key: 'skills', label: 'Des compétences' },
        { key: 'visibility', label: 'De la visibilité et de la reconnaissance' },
        { key: 'resources', label: 'Des ressources financières ou matérielles' },
        { key: 'engagement', label: 'L’engagement des équipes ou des bénévoles' },
        { key: 'network', label: 'Un réseau de nouveaux partenaires' },
      ],
    },
    scale('satisfaction', 'Globalement, êtes-vous satisfait(e) de ce partenariat ?'),
    {
      key: 'continuation',
      kind: 'single',
      label: 'Quelle suite souhaitez-vous donner au partenariat ?',
      required: true,
      options: [
        { key: 'extend', label: 'L’élargir ou l’essaimer' },
        { key: 'continue', label: 'Le poursuivre tel quel' },
        { key: 'adjust', label: 'Le poursuivre en l’ajustant' },
        { key: 'end', label: 'Y mettre fin' },
      ],
    },
    {
      key: 'lessons',
      kind: 'text',
      label: 'Quels enseignements en tirez-vous pour de futurs partenariats ?',
      required: false,
      maxLength: 2000,
    },
  ],
};

export const STUDY_TEMPLATES: Readonly<Record<StudyTemplateKey, StudyTemplate>> = {
  phare: PHARE,
  diagnostic: DIAGNOSTIC,
  partnership_evaluation: PARTNERSHIP_EVALUATION,
};

/**
 * The PHARE questions the national observatory rolls up, by key (a study counts for a question
 * only if its questionnaire kept that key with the shipped options).
 */
export const STUDY_INDICATOR_QUESTIONS = {
  dutyOfAlliances: 'duty_of_alliances',
  partnershipInnovation: 'partnership_innovation',
  perceivedFragilities: 'perceived_fragilities',
  territoryDynamic: 'territory_dynamic',
  respondentRole: 'respondent_role',
} as const;

/** What PHARE's figures are, said wherever they are shown. */
export const PHARE_REFERENCE_LABEL =
  'Valeurs de référence du programme PHARE (enquêtes nationales 2015–2016 de l’Observatoire des partenariats) : ' +
  'elles ne sont pas calculées à partir des données de Maillage.';

/**
 * PHARE's published figures (`../shared/seeds/`), shown beside the studies' indicators as
 * reference values from 2015–2016, never mixed with them.
 */
export const PHARE_REFERENCE_FIGURES = [
  {
    key: 'duty_of_alliances_inhabitants',
    prism: 'inhabitant',
    percent: 69,
    label: 'des Français expriment un « devoir d’alliances » pour répondre aux fragilités des territoires',
    source: 'Programme PHARE, Observatoire des partenariats (Comisis – OpinionWay), 2015',
  },
  {
    key: 'duty_of_alliances_companies',
    prism: 'company',
    percent: 81,
    label: 'des dirigeants d’entreprise expriment un « devoir d’alliances »',
    source: 'Programme PHARE, Observatoire des partenariats (Comisis – OpinionWay), 2015',
  },
  {
    key: 'duty_of_alliances_associations',
    prism: 'association',
    percent: 86,
    label: 'des responsables associatifs expriment un « devoir d’alliances »',
    source: 'Programme PHARE, Observatoire des partenariats (Comisis – OpinionWay), 2015',
  },
  {
    key: 'mayors_partnership_innovation',
    prism: 'public_body',
    percent: 87,
    label: 'des maires sont convaincus que les partenariats sont source d’innovation',
    source: 'PHARE-Institutions, publié le 29 novembre 2016',
  },
  {
    key: 'mayors_dynamic',
    prism: 'public_body',
    percent: 76,
    label: 'des maires estiment que leur commune est entrée dans une dynamique de co-construction',
    source: 'PHARE-Institutions, publié le 29 novembre 2016',
  },
  {
    key: 'mayors_dynamic_emerging',
    prism: 'public_body',
    percent: 46,
    label: 'des maires y voient un mouvement tout juste en émergence',
    source: 'PHARE-Institutions, publié le 29 novembre 2016',
  },
] as const satisfies readonly { key: string; prism: StudyPrism; percent: number; label: string; source: string }[];
