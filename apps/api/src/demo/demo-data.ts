import { randomUUID } from 'node:crypto';
import { seededRandom } from '@maillage/ecosystem';
import { withLuhnKey, type ActorCategory, type AllianceStatus, type Fragility } from '@maillage/contract';

/**
 * The demo territory's content, generated (no I/O): actors in the DOMAIN.md
 * mix with valid identifiers, enjeux, the three action types and alliances
 * along their lifecycle over the three years before `now`. Deterministic for
 * a seed (ids aside), so tests can count on it.
 */

type Category = ActorCategory;
type Status = AllianceStatus;

export interface DemoCommune {
  code: string;
  name: string;
  population: number;
  /** The commune's own SIREN, for its town hall, when known. */
  siren: string | null;
}

export interface DemoActor {
  id: string;
  category: Category;
  name: string;
  employer: boolean | null;
  sizeClass: 'micro' | 'sme' | 'mid_cap' | 'large' | null;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  nafCode: string | null;
  communeCode: string;
  latitude: number;
  longitude: number;
  fragilities: Fragility[];
  tags: string[];
  description: string;
  priorityIds: string[];
  createdAt: string;
}

export interface DemoPriority {
  id: string;
  title: string;
  description: string;
  fragilities: Fragility[];
  createdAt: string;
}

export interface DemoAction {
  id: string;
  type: 'animation' | 'collective_experiment' | 'support';
  title: string;
  description: string;
  startDate: string;
  endDate: string | null;
  outcomes: string;
  details: Record<string, unknown>;
  phase: string | null;
  phases: { phase: string; at: string }[];
  supportedActorId: string | null;
  participants: { actorId: string; role: string }[];
  priorityIds: string[];
  createdAt: string;
}

export interface DemoAlliance {
  id: string;
  title: string;
  description: string;
  status: Status;
  modes: string[];
  patronageKinds: string[];
  fragilities: Fragility[];
  startDate: string | null;
  endDate: string | null;
  originActionId: string | null;
  proposerActorId: string;
  parties: { actorId: string; role: string }[];
  priorityIds: string[];
  transitions: { from: Status | null; to: Status; at: string; note: string | null }[];
  agreements: { actorId: string; at: string }[];
  evaluations: {
    actorId: string;
    period: string;
    product: number;
    balance: number;
    contribution: number;
    comment: string;
    at: string;
  }[];
  createdAt: string;
}

export interface DemoContent {
  priorities: DemoPriority[];
  actors: DemoActor[];
  actions: DemoAction[];
  alliances: DemoAlliance[];
}

/** Actors per category: the Observatoire's profiles, associations and companies first. */
export const DEMO_MIX: Record<Category, number> = {
  association: 120,
  company: 96,
  public_body: 24,
  foundation: 10,
  academic: 10,
  support_structure: 20,
  citizen_group: 20,
};

const DAY = 86_400_000;

/**
 * Approximate centres (WGS84) of the main communes of Grenoble-Alpes-Métropole;
 * other communes get a stable point around the metropolis' centre. The demo's
 * points are plausible, not surveyed: decoupage-administratif has no coordinates.
 */
const KNOWN_CENTRES: Record<string, [number, number]> = {
  '38185': [45.1885, 5.7245],
  '38421': [45.1672, 5.7653],
  '38151': [45.1436, 5.7192],
  '38169': [45.1928, 5.6856],
  '38229': [45.2097, 5.7797],
  '38485': [45.1783, 5.6911],
  '38382': [45.2331, 5.6833],
  '38474': [45.2042, 5.6653],
  '38158': [45.1475, 5.7506],
  '38317': [45.1233, 5.6975],
  '38486': [45.1636, 5.6844],
  '38179': [45.1817, 5.7914],
  '38562': [45.0781, 5.7708],
  '38423': [45.2025, 5.7194],
  '38150': [45.2022, 5.8389],
  '38111': [45.1192, 5.6717],
  '38545': [45.0561, 5.6711],
};
const CENTRE: [number, number] = [45.1885, 5.7245];

function hash(text: string): number {
  let value = 2166136261;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 16777619) >>> 0;
  return value;
}

/** « de » before a commune's name, as French writes it: d’Échirolles, du Pont-de-Claix, des Adrets. */
export function ofCommune(name: string): string {
  if (/^Le /.test(name)) return `du ${name.slice(3)}`;
  if (/^Les /.test(name)) return `des ${name.slice(4)}`;
  return /^[AEIOUYÀÂÉÈÊÎÔ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

export function communeCentre(code: string): [number, number] {
  const known = KNOWN_CENTRES[code];
  if (known) return known;
  const h = hash(code);
  const angle = ((h % 3600) / 3600) * 2 * Math.PI;
  const distance = 0.04 + ((h >>> 12) % 1000) / 1000 / 10; // 4 to 15 km or so
  return [CENTRE[0] + Math.sin(angle) * distance * 0.75, CENTRE[1] + Math.cos(angle) * distance];
}

const PRIORITIES: { title: string; description: string; fragilities: Fragility[] }[] = [
  {
    title: 'Insertion professionnelle des jeunes',
    description: 'Rapprocher les jeunes éloignés de l’emploi des entreprises du territoire.',
    fragilities: ['social', 'economic'],
  },
  {
    title: 'Transition écologique et sobriété énergétique',
    description: 'Rénovation, mobilités douces et réduction des déchets avec les habitants et les entreprises.',
    fragilities: ['environmental', 'economic'],
  },
  {
    title: 'Lutte contre l’isolement des personnes âgées',
    description: 'Repérer, visiter et relier les aînés isolés aux activités de leur quartier.',
    fragilities: ['social', 'societal'],
  },
  {
    title: 'Revitalisation des centres-bourgs',
    description: 'Commerces de proximité, tiers-lieux et services dans les communes périurbaines.',
    fragilities: ['economic', 'societal'],
  },
  {
    title: 'Alimentation durable et circuits courts',
    description: 'Relier producteurs de montagne, restauration collective et épiceries solidaires.',
    fragilities: ['environmental', 'social'],
  },
  {
    title: 'Inclusion numérique',
    description: 'Accompagner les démarches en ligne et l’équipement des ménages modestes.',
    fragilities: ['societal', 'social'],
  },
];

const ASSOCIATION_THEMES: { words: string; naf: string; tags: string[]; fragilities: Fragility[] }[] = [
  { words: 'Solidarité Emploi', naf: '88.99B', tags: ['insertion', 'emploi'], fragilities: ['social', 'economic'] },
  { words: 'Jardins partagés', naf: '94.99Z', tags: ['jardin', 'alimentation'], fragilities: ['environmental'] },
  { words: 'Repair café', naf: '94.99Z', tags: ['réemploi', 'déchets'], fragilities: ['environmental'] },
  { words: 'Aide à domicile', naf: '88.10A', tags: ['aînés', 'domicile'], fragilities: ['social'] },
  { words: 'Culture et quartiers', naf: '90.01Z', tags: ['culture', 'quartiers'], fragilities: ['societal'] },
  { words: 'Sport pour tous', naf: '93.12Z', tags: ['sport', 'jeunesse'], fragilities: ['societal', 'social'] },
  { words: 'Épicerie solidaire', naf: '88.99B', tags: ['alimentation', 'précarité'], fragilities: ['social'] },
  { words: 'Numérique solidaire', naf: '85.59A', tags: ['numérique', 'formation'], fragilities: ['societal'] },
  { words: 'Mobilité solidaire', naf: '88.99B', tags: ['mobilité', 'emploi'], fragilities: ['social', 'economic'] },
  { words: 'Éducation populaire', naf: '85.59B', tags: ['jeunesse', 'éducation'], fragilities: ['societal'] },
  { words: 'Montagne et nature', naf: '93.19Z', tags: ['nature', 'montagne'], fragilities: ['environmental'] },
  {
    words: 'Habitat et énergie',
    naf: '94.99Z',
    tags: ['logement', 'énergie'],
    fragilities: ['environmental', 'social'],
  },
];
const ASSOCIATION_FORMS = ['Association', 'Collectif', 'Amicale', 'Maison', 'Réseau', 'Les Amis de'];

const COMPANY_SECTORS: { naf: string; word: string; tags: string[]; fragilities: Fragility[] }[] = [
  { naf: '62.01Z', word: 'Numérique', tags: ['numérique'], fragilities: ['economic'] },
  { naf: '41.20A', word: 'Construction', tags: ['bâtiment'], fragilities: ['economic'] },
  { naf: '43.21A', word: 'Électricité', tags: ['bâtiment', 'énergie'], fragilities: ['environmental'] },
  { naf: '10.71C', word: 'Boulangerie', tags: ['alimentation', 'commerce'], fragilities: ['economic'] },
  { naf: '47.11B', word: 'Alimentation', tags: ['commerce'], fragilities: ['economic'] },
  { naf: '56.10A', word: 'Restaurant', tags: ['restauration'], fragilities: ['economic'] },
  { naf: '71.12B', word: 'Ingénierie', tags: ['ingénierie'], fragilities: ['economic', 'environmental'] },
  { naf: '26.11Z', word: 'Microélectronique', tags: ['industrie'], fragilities: ['economic'] },
  { naf: '35.11Z', word: 'Énergies', tags: ['énergie'], fragilities: ['environmental'] },
  { naf: '49.39A', word: 'Transports', tags: ['mobilité'], fragilities: ['environmental'] },
  { naf: '68.20A', word: 'Immobilier', tags: ['logement'], fragilities: ['social'] },
  { naf: '64.19Z', word: 'Banque coopérative', tags: ['finance'], fragilities: ['economic'] },
  { naf: '86.21Z', word: 'Santé', tags: ['santé'], fragilities: ['social'] },
  { naf: '38.11Z', word: 'Collecte et recyclage', tags: ['déchets'], fragilities: ['environmental'] },
  { naf: '01.13Z', word: 'Maraîchage', tags: ['alimentation', 'agriculture'], fragilities: ['environmental'] },
  { naf: '70.22Z', word: 'Conseil', tags: ['conseil'], fragilities: ['economic'] },
];
const SURNAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Girard',
  'Bonnet',
  'Faure',
  'Mercier',
  'Blanc',
  'Rousseau',
  'Chevalier',
  'Gauthier',
  'Perrin',
  'Morel',
  'Fournier',
  'Roux',
  'Vincent',
  'Garnier',
  'Brun',
  'Chabert',
  'Revol',
  'Arnaud',
  'Guillot',
  'Jacquet',
  'Bouvier',
];
const COMPANY_FORMS = ['SAS', 'SARL', 'SA', 'SCOP', 'EURL'];
const SIZE_WEIGHTS: ['micro' | 'sme' | 'mid_cap' | 'large', number][] = [
  ['micro', 50],
  ['sme', 38],
  ['mid_cap', 9],
  ['large', 3],
];

const FOUNDATIONS = [
  'Fondation Dauphiné Solidaire',
  'Fonds de dotation Alpes Avenir',
  'Fondation pour l’Habitat Alpin',
  'Fondation Agir Ensemble en Isère',
  'Fonds de dotation Vercors Partage',
  'Fondation d’entreprise Belledonne',
  'Fondation Chartreuse Innovation Sociale',
  'Fonds de dotation Grésivaudan Solidarités',
  'Fondation Jeunesse et Montagne',
  'Fondation Territoires Durables',
];
const ACADEMICS = [
  'Université Grenoble Alpes — chaire Territoires',
  'Lycée professionnel des Métiers de la Ville',
  'École d’ingénieurs en Énergie — laboratoire Transitions',
  'Institut de géographie alpine',
  'Collège Jean Jaurès',
  'IUT — département Carrières sociales',
  'École de management — chaire Entrepreneuriat social',
  'Laboratoire de sociologie urbaine',
  'Lycée agricole de la cluse',
  'Centre de formation d’apprentis du BTP',
];
const SUPPORT_STRUCTURES = [
  'Chambre de commerce et d’industrie',
  'Chambre de métiers et de l’artisanat',
  'Tiers-lieu La Fabrique',
  'Incubateur d’innovation sociale',
  'Réseau des entreprises engagées',
  'Dispositif local d’accompagnement',
  'Pôle territorial de coopération économique',
  'Maison de l’emploi',
  'Coopérative d’activités et d’emploi',
  'Plateforme d’initiative locale',
];
const CITIZEN_GROUPS = [
  'Collectif des habitants',
  'Conseil citoyen',
  'Collectif Zéro déchet',
  'Comité de quartier',
  'Collectif Vélo',
  'Groupe des parents solidaires',
  'Collectif Transition',
  'Habitants en fête',
];

export interface GenerateOptions {
  seed: number;
  now: Date;
  territoryName: string;
  epciSiren: string;
  departementName: string;
  communes: DemoCommune[];
}

export function generateDemoContent(options: GenerateOptions): DemoContent {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const start = options.now.getTime() - 3 * 365 * DAY;
  const span = options.now.getTime() - start;
  /** A moment in the three years, skewed towards recent times (the network grows). */
  const moment = (from = 0, to = 1): number => start + span * (from + (to - from) * Math.sqrt(random()));
  const iso = (time: number): string => new Date(time).toISOString();
  const date = (time: number): string => iso(time).slice(0, 10);

  const totalPopulation = options.communes.reduce((total, c) => total + Math.max(1, c.population), 0);
  const commune = (): DemoCommune => {
    let ticket = random() * totalPopulation;
    for (const candidate of options.communes) {
      ticket -= Math.max(1, candidate.population);
      if (ticket <= 0) return candidate;
    }
    return options.communes[0] as DemoCommune;
  };

  const priorities: DemoPriority[] = PRIORITIES.map((priority, index) => ({
    id: randomUUID(),
    ...priority,
    createdAt: iso(start + index * 20 * DAY),
  }));
  const prioritiesFor = (fragilities: Fragility[]): string[] =>
    priorities
      .filter((priority) => priority.fragilities.some((f) => fragilities.includes(f)) && random() < 0.5)
      .slice(0, 2)
      .map((priority) => priority.id);

  const actors: DemoActor[] = [];
  const usedNames = new Set<string>();
  let serial = 0;
  const point = (code: string): [number, number] => {
    const [lat, lon] = communeCentre(code);
    return [
      Math.round((lat + (random() - 0.5) * 0.012) * 1e6) / 1e6,
      Math.round((lon + (random() - 0.5) * 0.016) * 1e6) / 1e6,
    ];
  };
  const add = (
    category: Category,
    name: string,
    fields: Partial<DemoActor> & { fragilities: Fragility[]; tags: string[] },
    place = commune(),
  ): DemoActor => {
    let unique = name;
    for (let n = 2; usedNames.has(unique); n += 1) unique = `${name} ${n}`;
    usedNames.add(unique);
    const [latitude, longitude] = point(place.code);
    serial += 1;
    const actor: DemoActor = {
      id: randomUUID(),
      category,
      name: unique,
      employer: null,
      sizeClass: null,
      siren: null,
      siret: null,
      rna: null,
      nafCode: null,
      communeCode: place.code,
      latitude,
      longitude,
      description: '',
      priorityIds: prioritiesFor(fields.fragilities),
      createdAt: iso(serial <= 40 ? start + serial * DAY : Math.min(moment(), options.now.getTime() - 10 * DAY)),
      ...fields,
    };
    actors.push(actor);
    return actor;
  };
  const companyIds = (): { siren: string; siret: string } => {
    const siren = withLuhnKey(String(int(30_000_000, 89_999_999)));
    return { siren, siret: withLuhnKey(`${siren}${String(int(1, 99)).padStart(4, '0')}`) };
  };

  // Public bodies first: the EPCI, the département, the largest communes' town halls, public services.
  const bySize = [...options.communes].sort((a, b) => b.population - a.population);
  add(
    'public_body',
    options.territoryName.replace(/^Démo — /, ''),
    {
      siren: options.epciSiren,
      nafCode: '84.11Z',
      fragilities: ['economic', 'social', 'environmental', 'societal'],
      tags: ['intercommunalité'],
      description: 'L’intercommunalité, qui anime la démarche de co-construction.',
    },
    bySize[0],
  );
  add(
    'public_body',
    `Département — ${options.departementName}`,
    {
      nafCode: '84.11Z',
      fragilities: ['social'],
      tags: ['département', 'solidarités'],
    },
    bySize[0],
  );
  for (const town of bySize.slice(0, DEMO_MIX.public_body - 6)) {
    add(
      'public_body',
      `Mairie de ${town.name}`,
      {
        ...(town.siren ? { siren: town.siren } : {}),
        nafCode: '84.11Z',
        fragilities: ['societal'],
        tags: ['commune'],
      },
      town,
    );
  }
  const SERVICES = ['Mission locale', 'France Travail — agence', 'CCAS', 'Office public de l’habitat', 'Médiathèque'];
  for (let index = 0; actors.length < DEMO_MIX.public_body; index += 1) {
    const place = commune();
    add(
      'public_body',
      `${SERVICES[index % SERVICES.length]} ${ofCommune(place.name)}`,
      {
        fragilities: ['social'],
        tags: ['service public'],
      },
      place,
    );
  }
  for (let index = 0; index < DEMO_MIX.association; index += 1) {
    const theme = pick(ASSOCIATION_THEMES);
    const place = commune();
    add(
      'association',
      `${pick(ASSOCIATION_FORMS)} ${theme.words} ${place.name}`,
      {
        employer: random() < 0.45,
        rna: `W38${String(int(1_000_000, 9_999_999)).padStart(7, '0')}`,
        nafCode: theme.naf,
        fragilities: theme.fragilities,
        tags: theme.tags,
        description: `Association locale : ${theme.words.toLowerCase()} à ${place.name}.`,
      },
      place,
    );
  }
  for (let index = 0; index < DEMO_MIX.company; index += 1) {
    const sector = pick(COMPANY_SECTORS);
    let ticket = random() * 100;
    const sizeClass = SIZE_WEIGHTS.find(([, weight]) => (ticket -= weight) <= 0)?.[0] ?? 'micro';
    add('company', `${pick(SURNAMES)} ${sector.word} ${pick(COMPANY_FORMS)}`, {
      sizeClass,
      ...companyIds(),
      nafCode: sector.naf,
      fragilities: sector.fragilities,
      tags: sector.tags,
    });
  }
  for (const name of FOUNDATIONS.slice(0, DEMO_MIX.foundation)) {
    add('foundation', name, {
      ...companyIds(),
      nafCode: '94.99Z',
      fragilities: ['social', 'societal'],
      tags: ['mécénat'],
    });
  }
  for (const name of ACADEMICS.slice(0, DEMO_MIX.academic)) {
    add('academic', name, { nafCode: '85.42Z', fragilities: ['societal'], tags: ['recherche', 'formation'] });
  }
  for (let index = 0; index < DEMO_MIX.support_structure; index += 1) {
    const place = commune();
    add(
      'support_structure',
      `${SUPPORT_STRUCTURES[index % SUPPORT_STRUCTURES.length]} — ${place.name}`,
      {
        fragilities: ['economic'],
        tags: ['accompagnement'],
      },
      place,
    );
  }
  for (let index = 0; index < DEMO_MIX.citizen_group; index += 1) {
    const place = commune();
    add(
      'citizen_group',
      `${CITIZEN_GROUPS[index % CITIZEN_GROUPS.length]} de ${place.name}`,
      {
        fragilities: ['societal', 'environmental'],
        tags: ['habitants'],
      },
      place,
    );
  }

  const ofCategory = (category: Category) => actors.filter((actor) => actor.category === category);
  const associations = ofCategory('association');
  const companies = ofCategory('company');
  const publicBodies = ofCategory('public_body');
  const supporters = [...ofCategory('support_structure'), ...publicBodies.slice(0, 2)];
  const anyActor = (): DemoActor => pick(actors);
  const distinct = (count: number, from: () => DemoActor, not: string[] = []): DemoActor[] => {
    const chosen = new Map<string, DemoActor>();
    for (let guard = 0; chosen.size < count && guard < 50; guard += 1) {
      const actor = from();
      if (!not.includes(actor.id)) chosen.set(actor.id, actor);
    }
    return [...chosen.values()];
  };
  /** After the later of the actors' creations: nothing happens before its actors exist. */
  const after = (people: DemoActor[], time: number): number =>
    Math.max(time, ...people.map((actor) => Date.parse(actor.createdAt) + DAY));

  const actions: DemoAction[] = [];
  const FORMATS = ['forum', 'meeting', 'workshop', 'introduction', 'visit'];
  const TOPICS = ['emploi', 'mécénat de compétences', 'transition écologique', 'alimentation', 'numérique', 'mobilité'];
  for (let index = 0; index < 54; index += 1) {
    const format = pick(FORMATS);
    const organiser = pick([...publicBodies.slice(0, 3), ...supporters]);
    const people = distinct(int(3, 9), anyActor, [organiser.id]);
    const time = after([organiser, ...people], moment(0.02, 1));
    if (time > options.now.getTime()) continue;
    const priority = pick(priorities);
    actions.push({
      id: randomUUID(),
      type: 'animation',
      title: `${{ forum: 'Forum', meeting: 'Rencontre', workshop: 'Atelier', introduction: 'Mise en relation', visit: 'Visite' }[format] ?? 'Rencontre'} « ${priority.title} »`,
      description: `Temps d’animation du territoire autour de l’enjeu « ${priority.title.toLowerCase()} ».`,
      startDate: date(time),
      endDate: null,
      outcomes: random() < 0.6 ? 'Des contacts pris et des pistes de partenariat.' : '',
      details: {
        format,
        place: `Salle des fêtes, ${options.communes.find((c) => c.code === organiser.communeCode)?.name ?? ''}`.trim(),
        headcount: int(12, 140),
        topics: [pick(TOPICS), pick(TOPICS)].filter((topic, at, all) => all.indexOf(topic) === at),
      },
      phase: null,
      phases: [],
      supportedActorId: null,
      participants: [
        { actorId: organiser.id, role: 'organiser' },
        ...people.map((actor) => ({ actorId: actor.id, role: random() < 0.15 ? 'speaker' : 'participant' })),
      ],
      priorityIds: [priority.id],
      createdAt: iso(time),
    });
  }
  const PHASES = ['emergence', 'design', 'experimentation', 'evaluation', 'scaling'];
  const EXPERIMENTS = [
    'Garage solidaire partagé',
    'Plateforme de covoiturage domicile-travail',
    'Légumerie pour la restauration collective',
    'Conciergerie solidaire de zone d’activité',
    'Rénovation énergétique accompagnée',
    'Tiers-lieu numérique de quartier',
    'Visites de convivialité aux aînés',
    'Chantiers éducatifs en entreprise',
    'Ressourcerie intercommunale',
    'Épicerie mobile des hameaux',
    'Budget participatif des quartiers',
    'Parcours vers l’emploi des jeunes diplômés',
  ];
  EXPERIMENTS.forEach((title, index) => {
    const pilot = pick(associations);
    const partners = distinct(int(2, 4), () => pick([...companies, ...publicBodies]), [pilot.id]);
    const time = Math.min(after([pilot, ...partners], moment(0, 0.85)), options.now.getTime() - 30 * DAY);
    const reached = Math.min(PHASES.length - 1, Math.floor(((options.now.getTime() - time) / span) * 6 + (index % 2)));
    const phases = PHASES.slice(0, reached + 1).map((phase, step) => ({
      phase,
      at: iso(time + ((options.now.getTime() - time) * step) / (reached + 1)),
    }));
    const target = int(20, 300);
    actions.push({
      id: randomUUID(),
      type: 'collective_experiment',
      title,
      description: 'Une réponse collective à un enjeu partagé du territoire.',
      startDate: date(time),
      endDate: null,
      outcomes: reached >= 3 ? 'Premiers résultats évalués avec les partenaires.' : '',
      details: {
        objectives: [`Atteindre ${target} bénéficiaires`, 'Construire un modèle économique durable'],
        indicators: [
          { name: 'Bénéficiaires', unit: 'personnes', target, measured: Math.round((target * reached) / 4) },
        ],
      },
      phase: PHASES[reached] as string,
      phases,
      supportedActorId: null,
      participants: [
        { actorId: pilot.id, role: 'pilot' },
        ...partners.map((actor, at) => ({ actorId: actor.id, role: at === 0 ? 'funder' : 'partner' })),
      ],
      priorityIds: [pick(priorities).id],
      createdAt: iso(time),
    });
  });
  for (let index = 0; index < 30; index += 1) {
    const supported = pick([...associations, ...ofCategory('citizen_group'), ...companies.slice(0, 10)]);
    const time = Math.min(after([supported], moment(0.02, 0.97)), options.now.getTime() - 7 * DAY);
    const sessions = Array.from({ length: int(1, 4) }, (_, at) => ({
      date: date(Math.min(time + at * 21 * DAY, options.now.getTime())),
      minutes: pick([45, 60, 90, 120]),
    }));
    actions.push({
      id: randomUUID(),
      type: 'support',
      title: `Accompagnement de ${supported.name}`,
      description: 'Accompagner l’organisation dans les alliances qu’elle initie.',
      startDate: date(time),
      endDate: null,
      outcomes: random() < 0.5 ? 'Une stratégie partenariale formalisée.' : '',
      details: {
        diagnosis: pick([
          'Besoin de diversifier les partenaires privés',
          'Projet de mécénat de compétences à structurer',
          'Recherche de partenaires pour essaimer',
        ]),
        sessions,
      },
      phase: null,
      phases: [],
      supportedActorId: supported.id,
      // The organisation supported is the support's own field, not one of its participants (the API refuses it).
      participants: [],
      priorityIds: [],
      createdAt: iso(time),
    });
  }

  const alliances: DemoAlliance[] = [];
  const MODE_WEIGHTS: [string, number][] = [
    ['responsible_practices', 42],
    ['patronage', 30],
    ['economic_cooperation', 25],
    ['societal_innovation', 16],
  ];
  const TITLES: Record<string, string[]> = {
    responsible_practices: ['Achats responsables', 'Insertion dans les marchés', 'Plan de mobilité partagé'],
    patronage: ['Mécénat de compétences', 'Soutien financier', 'Don de matériel'],
    economic_cooperation: ['Coopération économique', 'Mutualisation de locaux', 'Groupement d’employeurs'],
    societal_innovation: ['Innovation sociétale', 'Expérimentation partagée', 'Laboratoire d’usages'],
  };
  const STATUS_PLAN: Status[] = [
    ...Array<Status>(52).fill('active'),
    ...Array<Status>(28).fill('ended'),
    ...Array<Status>(14).fill('under_discussion'),
    ...Array<Status>(12).fill('proposed'),
    ...Array<Status>(10).fill('declined'),
    ...Array<Status>(6).fill('withdrawn'),
  ];
  for (const status of STATUS_PLAN) {
    const modes = MODE_WEIGHTS.filter(([, weight]) => random() * 100 < weight).map(([mode]) => mode);
    if (modes.length === 0) modes.push(pick(MODE_WEIGHTS)[0]);
    const proposer = pick([...associations, ...companies, ...associations]);
    const others = distinct(
      random() < 0.8 ? 1 : 2,
      () =>
        proposer.category === 'company'
          ? pick([...associations, ...publicBodies])
          : pick([...companies, ...publicBodies, ...ofCategory('foundation')]),
      [proposer.id],
    );
    const parties = [proposer, ...others];
    // Early alliances have had time to run their course; proposals are recent.
    const window: [number, number] =
      status === 'ended'
        ? [0.05, 0.7]
        : status === 'proposed'
          ? [0.85, 0.98]
          : status === 'active'
            ? [0.1, 0.9]
            : [0.3, 0.95];
    const created = Math.min(after(parties, moment(...window)), options.now.getTime() - 7 * DAY);
    const remaining = options.now.getTime() - created;
    const at = (fraction: number): number => created + remaining * fraction;
    const transitions: DemoAlliance['transitions'] = [{ from: null, to: 'proposed', at: iso(created), note: null }];
    const agreements: DemoAlliance['agreements'] = [];
    const evaluations: DemoAlliance['evaluations'] = [];
    let startDate: string | null = null;
    let endDate: string | null = null;
    if (status !== 'proposed' && status !== 'withdrawn' && !(status === 'declined' && random() < 0.5)) {
      transitions.push({ from: 'proposed', to: 'under_discussion', at: iso(at(0.08)), note: null });
    }
    const last = transitions[transitions.length - 1]?.to as Status;
    if (status === 'declined' || status === 'withdrawn') {
      transitions.push({
        from: last,
        to: status,
        at: iso(at(0.2)),
        note: status === 'declined' ? 'Pas de disponibilité cette année.' : 'Projet reporté.',
      });
    }
    if (status === 'active' || status === 'ended') {
      parties.forEach((party, index) => agreements.push({ actorId: party.id, at: iso(at(0.12 + index * 0.01)) }));
      const activated = at(0.12 + parties.length * 0.01);
      transitions.push({
        from: 'under_discussion',
        to: 'active',
        at: iso(activated),
        note: 'Toutes les parties ont donné leur accord.',
      });
      startDate = date(activated);
      let finished = options.now.getTime();
      if (status === 'ended') {
        finished = at(0.75);
        transitions.push({ from: 'active', to: 'ended', at: iso(finished), note: 'Objectifs atteints.' });
        endDate = date(finished);
      }
      // One evaluation per half-year that has ended while the alliance ran.
      for (let half = new Date(activated); ;) {
        const year = half.getUTCFullYear();
        const second = half.getUTCMonth() >= 6;
        const halfEnd = Date.UTC(second ? year + 1 : year, second ? 0 : 6, 1);
        if (halfEnd > finished || halfEnd > options.now.getTime()) break;
        for (const party of parties) {
          if (random() < 0.25) continue;
          const base = int(3, 5);
          evaluations.push({
            actorId: party.id,
            period: `${year}-S${second ? 2 : 1}`,
            product: base,
            balance: Math.max(1, base - int(0, 2)),
            contribution: Math.max(1, Math.min(5, base + int(-1, 1))),
            comment: pick([
              '',
              'Une coopération qui porte ses fruits.',
              'À consolider l’an prochain.',
              'Très bon équilibre.',
            ]),
            at: iso(Math.min(halfEnd + int(3, 40) * DAY, options.now.getTime())),
          });
        }
        half = new Date(halfEnd);
      }
    }
    const mode = modes[0] as string;
    const fragilities = [...new Set(parties.flatMap((party) => party.fragilities))].slice(0, 2);
    const origin =
      random() < 0.3 ? actions.find((a) => a.type === 'animation' && Date.parse(a.createdAt) < created) : undefined;
    alliances.push({
      id: randomUUID(),
      title: `${pick(TITLES[mode] ?? ['Partenariat'])} — ${proposer.name}`.slice(0, 300),
      description: 'Une alliance entre acteurs du territoire.',
      status,
      modes,
      patronageKinds: modes.includes('patronage') ? [pick(['financial', 'skills', 'in_kind'])] : [],
      fragilities,
      startDate,
      endDate,
      originActionId: origin?.id ?? null,
      proposerActorId: proposer.id,
      parties: parties.map((party, index) => ({
        actorId: party.id,
        role:
          index === 0
            ? 'porteur'
            : party.category === 'company' && modes.includes('patronage')
              ? 'mécène'
              : 'partenaire',
      })),
      priorityIds: prioritiesFor(fragilities).slice(0, 1),
      transitions,
      agreements,
      evaluations,
      createdAt: iso(created),
    });
  }
  return { priorities, actors, actions, alliances };
}
