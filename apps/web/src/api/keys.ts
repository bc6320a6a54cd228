/**
 * The root of every query key about one territory: each feature's key factories
 * (features/<feature>/queries.ts) start with it, so a prefix invalidates a whole
 * family (`actionKeys.all(territoryId)`: the lists, the months and every action).
 */
export const territoryKey = (territoryId: string) => ['territory', territoryId] as const;

/** The territory itself (name, kind, communes count…). */
export const territoryKeys = {
  detail: (territoryId: string) => [...territoryKey(territoryId), 'detail'] as const,
};

/** Keys that belong to no territory. */
export const globalKeys = {
  me: ['me'] as const,
  clientConfig: ['client-config'] as const,
  /** The signed-in person's notifications (badge, list, preferences) and the mail status. */
  notifications: ['notifications'] as const,
};
