import type { Schemas } from '../../api/client';

/**
 * Colours of the views' charts, map and graph: each at least 3:1 against white
 * (WCAG 1.4.11, non-text contrast). Colour never carries meaning alone: every
 * chart has a legend with labels and a data table.
 */
export const CATEGORY_COLOURS: Record<Schemas['ActorCategory'], string> = {
  association: '#000091',
  company: '#b34000',
  public_body: '#18753c',
  foundation: '#6e445a',
  academic: '#007c89',
  support_structure: '#c3002f',
  citizen_group: '#716043',
};
export const CATEGORIES = Object.keys(CATEGORY_COLOURS) as Schemas['ActorCategory'][];

export const ACTION_TYPE_COLOURS: Record<Schemas['ActionType'], string> = {
  animation: '#000091',
  collective_experiment: '#b34000',
  support: '#18753c',
};
export const ACTION_TYPES = Object.keys(ACTION_TYPE_COLOURS) as Schemas['ActionType'][];

export const MODE_COLOURS: Record<Schemas['AllianceMode'], string> = {
  responsible_practices: '#18753c',
  patronage: '#6e445a',
  economic_cooperation: '#b34000',
  societal_innovation: '#0063cb',
};
export const MODES = Object.keys(MODE_COLOURS) as Schemas['AllianceMode'][];

export const STATUS_COLOURS: Record<Schemas['AllianceStatus'], string> = {
  proposed: '#716043',
  under_discussion: '#b34000',
  active: '#18753c',
  ended: '#3a3a3a',
  declined: '#ce0500',
  withdrawn: '#6a6a6a',
};
export const STATUSES = Object.keys(STATUS_COLOURS) as Schemas['AllianceStatus'][];

const COMMUNITY_COLOURS = [
  '#000091',
  '#b34000',
  '#18753c',
  '#c3002f',
  '#6e445a',
  '#007c89',
  '#716043',
  '#0063cb',
  '#8d533e',
  '#465f9d',
];

/** A community's colour (Louvain labels from 0; -1: no link, grey). */
export function communityColour(community: number): string {
  return community < 0 ? '#6a6a6a' : (COMMUNITY_COLOURS[community % COMMUNITY_COLOURS.length] as string);
}
