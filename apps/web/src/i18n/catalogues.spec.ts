import { describe, expect, it } from '@jest/globals';
import {
  ACTION_TYPES,
  ACTOR_CATEGORIES,
  ALLIANCE_MODES,
  ALLIANCE_STATUSES,
  AUDIT_EVENTS,
  EXPERIMENT_PHASES,
  FRAGILITIES,
  PARTICIPANT_ROLES,
  PATRONAGE_KINDS,
  PRIORITY_STATUSES,
  STUDY_PRISMS,
  STUDY_QUESTION_KINDS,
  SIZE_CLASSES,
  frenchPeriod,
  storedPeriod,
  PERIOD_INPUT,
} from '@maillage/contract';
import { french } from './test-catalogue';

/** Every code the console shows, with the catalogue its labels live in. */
const CATALOGUES: [string, readonly string[]][] = [
  ['domain:category', ACTOR_CATEGORIES],
  ['domain:sizeClass', SIZE_CLASSES],
  ['domain:fragility', FRAGILITIES],
  ['domain:actionType', ACTION_TYPES],
  ['domain:experimentStage', EXPERIMENT_PHASES],
  ['domain:participantRole', PARTICIPANT_ROLES],
  ['domain:allianceMode', ALLIANCE_MODES],
  ['domain:patronageKind', PATRONAGE_KINDS],
  ['domain:allianceStatus', ALLIANCE_STATUSES],
  ['domain:priorityStatus', PRIORITY_STATUSES],
  ['domain:studyPrism', STUDY_PRISMS],
  ['domain:studyStatus', ['draft', 'open', 'closed']],
  ['common:roles', ['coordinator', 'member', 'platform_admin', 'observer']],
  ['studies:kind', STUDY_QUESTION_KINDS],
];

describe('the French catalogues', () => {
  it('label every value of every enum of the contract', () => {
    const missing = CATALOGUES.flatMap(([prefix, values]) =>
      values
        .filter((value) => french(`${prefix}.${value}`) === `${prefix}.${value}`)
        .map((value) => `${prefix}.${value}`),
    );
    expect(missing).toEqual([]);
  });

  it('describe every entity and action the audit log records', () => {
    const missing = Object.entries(AUDIT_EVENTS).flatMap(([entity, actions]) => [
      ...(french(`workspace:audit.entities.${entity}`).startsWith('workspace:') ? [entity] : []),
      ...actions.map((action) => `workspace:audit.describe.${entity}.${action}`).filter((key) => french(key) === key),
    ]);
    expect(missing).toEqual([]);
  });
});

describe('evaluation periods', () => {
  it.each([
    ['2026-T4', '2026-Q4'],
    [' 2026-t1 ', '2026-Q1'],
    ['2026-Q3', '2026-Q3'],
    ['2026-s2', '2026-S2'],
    ['2026-03', '2026-03'],
    ['2026', '2026'],
  ])('stores %j as %j, shown the French way', (typed, stored) => {
    expect(PERIOD_INPUT.test(typed.trim())).toBe(true);
    expect(storedPeriod(typed)).toBe(stored);
    expect(frenchPeriod(stored)).toBe(stored.replace('-Q', '-T'));
  });

  it.each(['2026-T5', '2026-13', '26-T1', '2026-S3'])('refuses %j', (typed) => {
    expect(PERIOD_INPUT.test(storedPeriod(typed))).toBe(false);
  });
});
