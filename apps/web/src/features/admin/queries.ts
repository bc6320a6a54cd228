/** The platform administration's query keys (not a territory's). */
export const adminKeys = {
  territories: ['territories'] as const,
  observers: ['observers'] as const,
};
