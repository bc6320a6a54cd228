import { territoryKey } from '../../api/keys';

/** The workspace's query keys (members, invitations, reports, schedules, audit log), rooted at the territory. */
export const memberKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'members'] as const,
  list: (territoryId: string) => [...memberKeys.all(territoryId), 'list'] as const,
  /** Every page at once (the pickers). */
  complete: (territoryId: string) => [...memberKeys.all(territoryId), 'all'] as const,
};

export const invitationKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'invitations'] as const,
};

export const reportKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'reports'] as const,
  list: (territoryId: string) => [...reportKeys.all(territoryId), 'list'] as const,
  detail: (territoryId: string, reportId: string) => [...reportKeys.all(territoryId), 'one', reportId] as const,
};

export const scheduleKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'report-schedules'] as const,
};

export const auditKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'audit-log'] as const,
  list: (territoryId: string, query: object) => [...auditKeys.all(territoryId), 'list', query] as const,
  entry: (territoryId: string, query: object) => [...auditKeys.all(territoryId), 'entry', query] as const,
};
