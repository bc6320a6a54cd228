/**
 * The resource centre's vocabulary: the kit's four axes, the toolbox's four sheet kinds, who a
 * resource is for, and the file types it accepts. The kit's structure (names, descriptions and
 * the titles it lists) is taken from Le RAMEAU's press material in `../shared/seeds/`: it is the
 * national centre's skeleton, not content of ours.
 */
import { ACTOR_CATEGORIES } from './enums.js';

export const RESOURCE_AXES = ['reference', 'illustration', 'method', 'toolbox'] as const;
export type ResourceAxis = (typeof RESOURCE_AXES)[number];

export const RESOURCE_SHEET_KINDS = ['context', 'knowledge', 'practice', 'tool'] as const;
export type ResourceSheetKind = (typeof RESOURCE_SHEET_KINDS)[number];

/** Who a resource is written for: the coordination of a territory, or a kind of actor. */
export const RESOURCE_AUDIENCES = ['coordinator', ...ACTOR_CATEGORIES] as const;
export type ResourceAudience = (typeof RESOURCE_AUDIENCES)[number];

export const RESOURCE_KINDS = ['file', 'link'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const RESOURCE_SORTS = ['recent', 'popular', 'relevance'] as const;
export type ResourceSort = (typeof RESOURCE_SORTS)[number];

/** The file types the centre stores, recognised from their content (never from their name). */
export const RESOURCE_FILE_TYPES = {
  pdf: { contentType: 'application/pdf', label: 'PDF' },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', label: 'Texte OpenDocument' },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'Classeur OpenDocument' },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', label: 'Présentation OpenDocument' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Document Word',
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Classeur Excel' },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'Présentation PowerPoint',
  },
  png: { contentType: 'image/png', label: 'Image PNG' },
  jpeg: { contentType: 'image/jpeg', label: 'Image JPEG' },
} as const;
export type ResourceFileType = keyof typeof RESOURCE_FILE_TYPES;
export const RESOURCE_FILE_TYPE_KEYS = Object.keys(RESOURCE_FILE_TYPES) as ResourceFileType[];

export interface KitSheetKind {
  value: ResourceSheetKind;
  label: string;
  /** What the kit lists under this kind (seeds, "Kit pratique sur la co-construction en territoire"). */
  examples: readonly string[];
}

export interface KitAxis {
  value: ResourceAxis;
  label: string;
  description: string;
  examples: readonly string[];
  sheetKinds: readonly KitSheetKind[];
}

/** Le RAMEAU's practical kit in four axes, word for word from the seeds. */
export const RESOURCE_KIT: {
  title: string;
  objective: readonly string[];
  axes: readonly KitAxis[];
} = {
  title: 'Kit pratique sur la co-construction en territoire',
  objective: [
    'Comprendre le mouvement en marche de co-construction sur les territoires et se positionner',
    'Etre en mesure d’animer les acteurs du territoire afin de développer les initiatives de co-construction',
  ],
  axes: [
    {
      value: 'reference',
      label: 'Cadre de référence',
      description:
        'Des publications de référence pour comprendre les enjeux, les définitions et l’état de l’art de la co-construction territoriale.',
      examples: [
        'Note prospective sur la co-construction en territoire (LR, 2015)',
        'Note prospective sur l’animation de la co-construction en territoire (LR, 2016)',
      ],
      sheetKinds: [],
    },
    {
      value: 'illustration',
      label: 'Illustrations',
      description:
        'Des illustrations pour partager les retours d’expérience d’organisations pionnières et les bonnes pratiques.',
      examples: [
        'Film sur 3 exemples de co-construction territoriale (LR, 2015)',
        '2 études territoriales (Régions Nord et Poitou-Charentes, LR, 2012)',
        'Retours d’expérience d’animation du territoire : Région Alsace, Le Labo régional des partenariats en Alsace (AA, 2012) ; Communauté de commune de Charenton St Maurice (LR, 2012)',
        'Retour d’expérience collective (Silver Geek, LR, 2015)',
        'Retour d’expérience de création d’activités économiques (District Solidaire, LR, 2015)',
      ],
      sheetKinds: [],
    },
    {
      value: 'method',
      label: 'Méthodes',
      description:
        'Des méthodes pour définir sa propre stratégie territoriale et mettre en œuvre une démarche adaptée à ses besoins.',
      examples: [
        'Se former aux enjeux et à la pratique des partenariats (MOOC ESSEC / LR « les partenariats qui changent le monde », 2015)',
        'Réaliser une étude territoriale (LR, 2013)',
        'Animer la co-construction territoriale (LR, 2014)',
        'Lancer et piloter une expérimentation collective sur le territoire (LR, 2013)',
        'Accompagner les organisations dans leur dynamique partenariale : accompagner les entreprises, les associations, le partenariat (LR, 2008)',
        'Evaluer l’utilité sociale des partenariats (référentiel méthodologique, LR, 2015)',
      ],
      sheetKinds: [],
    },
    {
      value: 'toolbox',
      label: 'Boîte à outils',
      description:
        'Une boîte à outils pour agir efficacement grâce à 4 types de fiches : contexte, connaissance, pratiques et outils.',
      examples: [],
      sheetKinds: [
        {
          value: 'context',
          label: 'Fiches contexte',
          examples: [
            'Etat des lieux des partenariats en France (LR, 2014)',
            'Etudes PHARE sur les fragilités et la co-construction en territoire (Comisis - OpinionWay, 2015-2016)',
            'Etude sur l’état des lieux de la co-construction en territoire (LR, 2016)',
          ],
        },
        {
          value: 'knowledge',
          label: 'Fiches connaissance',
          examples: [
            'Rapport sur l’Intérêt général (Rapport collectif co-piloté par LR, 2016)',
            'Benchmark sur les modèles d’animation territoriale (LR, 2016)',
            'Note sur la diversité des modes d’accompagnement (LR, 2015)',
            'Note prospective « l’Entreprise Responsable » (LR, 2013)',
            'Note prospective « pourquoi investir dans le secteur associatif » (LR, 2012)',
          ],
        },
        {
          value: 'practice',
          label: 'Guides pratiques',
          examples: [
            'Guide « Construire Ensemble » sur les partenariats associations – entreprises (MEDEF / LR, 2014)',
            'Guide pratique et études de cas de partenariats (ORSE/LR, 2012)',
            'Référentiel sur les partenariats associations – entreprises (CIDES/ LR, 2011)',
          ],
        },
        {
          value: 'tool',
          label: 'Fiches outil',
          examples: [
            'Structuration, plan et questionnaire d’une étude territoriale (LR, 2013)',
            'Animation de groupes de travail territoriaux (LR, 2013)',
            'Démarche de mise en place d’une expérimentation collective (LR, 2014)',
            'Diagnostic d’une structure animant le territoire sur les partenariats (LR, 2014)',
            'Check list des questions d’une démarche d’évaluation des partenariats (LR, 2015)',
          ],
        },
      ],
    },
  ],
};

export const RESOURCE_AXIS_LABELS = Object.fromEntries(
  RESOURCE_KIT.axes.map((axis) => [axis.value, axis.label]),
) as Record<ResourceAxis, string>;

export const RESOURCE_SHEET_KIND_LABELS = Object.fromEntries(
  RESOURCE_KIT.axes.flatMap((axis) => axis.sheetKinds.map((kind) => [kind.value, kind.label])),
) as Record<ResourceSheetKind, string>;

export const RESOURCE_AUDIENCE_LABELS: Record<ResourceAudience, string> = {
  coordinator: 'Animateurs du territoire',
  association: 'Associations',
  company: 'Entreprises',
  public_body: 'Collectivités et acteurs publics',
  foundation: 'Fondations',
  academic: 'Enseignement et recherche',
  support_structure: 'Structures d’accompagnement',
  citizen_group: 'Collectifs citoyens',
};
