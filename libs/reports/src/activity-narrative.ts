import { ACTION_TYPES } from '@maillage/ecosystem';
import { byCount, countOf, frenchDate, frenchList, frenchNumber, quoted, type Noun } from './french-format.js';
import type { TerritoryActivity } from './territory-activity.js';

/**
 * The report's narrative: plain French sentences computed from the figures
 * gathered, nothing else (no figure here that the document does not show).
 */

const ACTOR: Noun = { one: 'acteur', many: 'acteurs' };
const ACTION: Noun = { one: 'action', many: 'actions', feminine: true };
const ALLIANCE: Noun = { one: 'alliance', many: 'alliances', feminine: true };
const PARTNER: Noun = { one: 'partenaire', many: 'partenaires' };
const ACTION_NOUNS: Record<string, Noun> = {
  animation: { one: 'animation du territoire', many: 'animations du territoire', feminine: true },
  collective_experiment: { one: 'expérimentation collective', many: 'expérimentations collectives', feminine: true },
  support: { one: 'accompagnement', many: 'accompagnements' },
};

/** When the previous figure was counted: after « contre 2 … », and after « autant que » (elided). */
interface Previously {
  against: string;
  likewise: string;
}
const PREVIOUS_PERIOD: Previously = {
  against: 'pendant la période précédente',
  likewise: 'au cours de la période précédente',
};
const PREVIOUS_END: Previously = {
  against: 'à la fin de la période précédente',
  likewise: 'à la fin de la période précédente',
};

/**
 * `, contre 2 pendant la période précédente, soit 1 de plus`; the same count:
 * `, autant qu’au cours de la période précédente`, or for none `, pas plus qu’au cours de …`.
 */
function comparedWith(current: number, previous: number, feminine: boolean, when: Previously): string {
  if (current === previous) {
    const than = /^[aàâeéèêiîoôu]/.test(when.likewise) ? 'qu’' : 'que ';
    return `, ${current === 0 ? 'pas plus' : 'autant'} ${than}${when.likewise}`;
  }
  const before = previous === 0 ? (feminine ? 'aucune' : 'aucun') : frenchNumber(previous);
  const difference = Math.abs(current - previous);
  return `, contre ${before} ${when.against}, soit ${frenchNumber(difference)} de ${current > previous ? 'plus' : 'moins'}`;
}

function actorsSentence(data: TerritoryActivity): string {
  const actors = data.actorsByCategory.reduce((sum, row) => sum + row.count, 0);
  const counted = byCount(actors, {
    none: 'ne compte aucun acteur',
    one: 'compte {n} acteur',
    many: 'compte {n} acteurs',
  });
  return `À la fin de la période, le territoire ${counted}${comparedWith(actors, data.previous.actors, false, PREVIOUS_END)}.`;
}

function actionsSentence(data: TerritoryActivity): string {
  const total = data.actions.total;
  const byType = ACTION_TYPES.map((type) => ({
    type,
    count: data.actionsByTypeAndMonth.filter((row) => row.type === type).reduce((sum, row) => sum + row.count, 0),
  })).filter((row) => row.count > 0);
  const detail =
    total > 0 ? ` (${frenchList(byType.map((row) => countOf(row.count, ACTION_NOUNS[row.type] as Noun)))})` : '';
  const begun = byCount(total, {
    none: 'Aucune action n’a commencé pendant la période',
    one: '{n} action a commencé pendant la période',
    many: '{n} actions ont commencé pendant la période',
  });
  return `${begun}${detail}${comparedWith(total, data.previous.actions, true, PREVIOUS_PERIOD)}.`;
}

function alliancesSentences(data: TerritoryActivity): string[] {
  const total = data.alliances.total;
  const begun = byCount(total, {
    none: 'Aucune alliance n’a débuté pendant la période',
    one: '{n} alliance a débuté pendant la période',
    many: '{n} alliances ont débuté pendant la période',
  });
  const sentences = [`${begun}${comparedWith(total, data.previous.alliances, true, PREVIOUS_PERIOD)}.`];
  const active = data.alliancesByStatus.find((row) => row.status === 'active')?.count ?? 0;
  if (total === 1) sentences.push(active ? 'Elle est active à ce jour.' : 'Elle n’est pas active à ce jour.');
  if (total >= 2)
    sentences.push(
      byCount(active, {
        none: 'Aucune n’est active à ce jour.',
        one: 'Parmi elles, {n} est active à ce jour.',
        many: 'Parmi elles, {n} sont actives à ce jour.',
      }),
    );
  if (data.endedAlliances > 0)
    sentences.push(
      byCount(data.endedAlliances, {
        none: '',
        one: '{n} alliance a pris fin pendant la période.',
        many: '{n} alliances ont pris fin pendant la période.',
      }),
    );
  return sentences;
}

/** At most `shown` titles, then `et N autres`. */
function titles(items: string[], shown = 5): string {
  const listed = items.slice(0, shown).map(quoted);
  const others = items.length - listed.length;
  return others > 0 ? `${listed.join(', ')} et ${frenchNumber(others)} autres` : frenchList(listed);
}

function newsSentences(data: TerritoryActivity): string[] {
  const sentences = [
    byCount(data.newActors.count, {
      none: 'Aucun nouvel acteur n’a été enregistré pendant la période.',
      one: '{n} nouvel acteur a été enregistré pendant la période.',
      many: '{n} nouveaux acteurs ont été enregistrés pendant la période.',
    }),
  ];
  const count = data.newPriorities.length;
  if (count > 0)
    sentences.push(
      `${byCount(count, { none: '', one: '{n} nouvel enjeu a été inscrit', many: '{n} nouveaux enjeux ont été inscrits' })} : ${titles(data.newPriorities)}.`,
    );
  return sentences;
}

/** The enjeux most worked on by the period's actions and alliances. */
export function prioritiesSentence(data: TerritoryActivity): string {
  if (data.priorities.length === 0) return 'Aucun enjeu n’est inscrit à la fin de la période.';
  const busiest = data.priorities
    .filter((row) => row.actions + row.alliances > 0)
    .sort((a, b) => b.actions + b.alliances - (a.actions + a.alliances) || a.title.localeCompare(b.title, 'fr'))
    .slice(0, 3)
    .map((row) => {
      const parts = [
        ...(row.actions ? [countOf(row.actions, ACTION)] : []),
        ...(row.alliances ? [countOf(row.alliances, ALLIANCE)] : []),
      ];
      return `${quoted(row.title)} (${frenchList(parts)})`;
    });
  if (busiest.length === 0) return 'Aucune action ni alliance de la période n’est rattachée à un enjeu.';
  if (busiest.length === 1)
    return `Un seul enjeu est mobilisé par les actions et alliances de la période : ${busiest[0]}.`;
  return `Les enjeux les plus mobilisés par les actions et alliances de la période sont ${frenchList(busiest)}.`;
}

/** The network of alliances at the end of the period, in words. */
export function networkSentence(data: TerritoryActivity): string {
  const network = data.network;
  const when = `Au ${frenchDate(network.asOf)}`;
  if (network.linkedActors === 0) return `${when}, aucune alliance ne relie encore deux acteurs du territoire.`;
  const groups =
    network.components === 1
      ? 'et forment un seul réseau connecté'
      : `et se répartissent en ${frenchNumber(network.components)} réseaux distincts`;
  const mean = Math.round(network.meanDegree * 100) / 100;
  const sentence = `${when}, ${countOf(network.linkedActors, ACTOR)} sont reliés par ${countOf(network.alliances, ALLIANCE)} ${groups} ; chacun a en moyenne ${frenchNumber(mean)} ${mean >= 2 ? PARTNER.many : PARTNER.one}.`;
  const top = network.central[0];
  if (!top) return sentence;
  const tied = network.central.filter((row) => row.partners === top.partners).map((row) => row.name);
  const most =
    tied.length === 1
      ? `L’acteur le plus relié est ${top.name}, avec ${countOf(top.partners, PARTNER)}.`
      : `Les acteurs les plus reliés sont ${frenchList(tied)}, avec ${countOf(top.partners, PARTNER)} chacun.`;
  return `${sentence} ${most}`;
}

/** The evaluations of the period, explained. */
export function evaluationSentence(data: TerritoryActivity): string {
  const evaluations = data.evaluations;
  if (evaluations.count === 0) return 'Aucune évaluation d’alliance ne porte sur la période.';
  const score = (value: number | null) => `${frenchNumber(value)} sur 5`;
  const intro = byCount(evaluations.count, {
    none: '',
    one: '{n} évaluation d’alliance porte sur la période',
    many: '{n} évaluations d’alliances portent sur la période',
  });
  const disagreements = byCount(evaluations.disagreements, {
    none: 'Aucun désaccord marqué n’apparaît entre les parties d’une même alliance',
    one: 'On relève {n} désaccord marqué entre les parties d’une même alliance',
    many: 'On relève {n} désaccords marqués entre les parties d’une même alliance',
  });
  return (
    `${intro} : en moyenne, les parties donnent ${score(evaluations.product)} au produit de l’alliance, ` +
    `${score(evaluations.balance)} à son équilibre et ${score(evaluations.contribution)} à la valeur de leur contribution. ` +
    `${disagreements} (un écart de 2 points ou plus sur un critère, pour une même période).`
  );
}

/** Where the actors are, or why the map is missing. */
export function mapSentence(data: TerritoryActivity): string {
  const placed = data.map.points.length;
  const all = placed + data.map.unplaced;
  const outside =
    data.map.external > 0
      ? ` ${byCount(data.map.external, { none: '', one: '{n} acteur situé hors du territoire n’y figure pas.', many: '{n} acteurs situés hors du territoire n’y figurent pas.' })}`
      : '';
  if (all === 0)
    return `Le territoire ne compte aucun acteur à la fin de la période : il n’y a rien à cartographier.${outside}`;
  if (placed === 0)
    return `${all === 1 ? 'L’unique acteur du territoire n’a pas' : `Aucun des ${countOf(all, ACTOR)} du territoire n’a`} de position connue : la carte ne peut pas être dessinée.${outside}`;
  const approximate = data.map.points.filter((point) => point.approximate).length;
  const approx =
    approximate === 0
      ? ''
      : approximate === placed
        ? placed >= 2
          ? ' Tous le sont approximativement, au centre de leur commune (cercles vides).'
          : ' Il l’est approximativement, au centre de sa commune (cercle vide).'
        : ` ${byCount(approximate, { none: '', one: '{n} est placé approximativement, au centre de sa commune (cercle vide).', many: '{n} sont placés approximativement, au centre de leur commune (cercles vides).' })}`;
  const shown =
    all === 1
      ? 'L’unique acteur du territoire est placé sur la carte.'
      : placed === all
        ? `Les ${countOf(all, ACTOR)} du territoire sont placés sur la carte.`
        : `${frenchNumber(placed)} des ${countOf(all, ACTOR)} du territoire ${placed >= 2 ? 'sont placés' : 'est placé'} sur la carte.`;
  return `${shown}${approx}${outside}`;
}

/** The narrative at the head of the document. */
export function activityNarrative(data: TerritoryActivity): string[] {
  return [
    `${actorsSentence(data)} ${actionsSentence(data)}`,
    alliancesSentences(data).join(' '),
    newsSentences(data).join(' '),
    prioritiesSentence(data),
    networkSentence(data),
    evaluationSentence(data),
  ];
}
