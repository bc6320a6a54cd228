import { z } from 'zod';
import { healthProbeJob } from '../health/health-probe.job.js';
import type { TerritoryScoped } from '@maillage/platform';
import { defineJob, territoryScope } from './job-catalogue.js';
import { checkJobPayload } from './job-payload.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'test.payload': TerritoryScoped & { count: number };
  }
}

const territoryJob = defineJob({
  name: 'test.payload',
  queue: 'system',
  payload: z.object({ ...territoryScope, count: z.number().int() }),
});
const territoryId = '0b6f4a3e-4c1d-4e8a-9a57-2f0e6c1d3b21';
const userId = '7d1c2b3a-5e6f-4a8b-9c0d-1e2f3a4b5c6d';

describe('checkJobPayload', () => {
  it('accepts a territory payload, with or without the user who asked for it', () => {
    expect(checkJobPayload(territoryJob, { territoryId, count: 2 })).toEqual({
      ok: true,
      payload: { territoryId, count: 2 },
    });
    expect(checkJobPayload(territoryJob, { territoryId, requestedBy: userId, count: 2 })).toEqual({
      ok: true,
      payload: { territoryId, requestedBy: userId, count: 2 },
    });
    expect(checkJobPayload(territoryJob, { territoryId, requestedBy: null, count: 0 }).ok).toBe(true);
  });

  it('drops members the schema does not declare', () => {
    expect(checkJobPayload(territoryJob, { territoryId, count: 1, injected: 'x' })).toEqual({
      ok: true,
      payload: { territoryId, count: 1 },
    });
  });

  it('refuses a payload without its territory, naming the field in French', () => {
    const checked = checkJobPayload(territoryJob, { count: 1 });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((problem) => problem.field)).toEqual(['territoryId']);
    expect(checked.reason).toMatch(/^Données de la tâche « test\.payload » invalides : territoryId \(.+\)$/);
    expect(checked.reason).toContain('attendu');
  });

  it('refuses a territory that is not an identifier and a member of the wrong type, listing both', () => {
    const checked = checkJobPayload(territoryJob, { territoryId: 'Paris', requestedBy: 42, count: '3' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((problem) => problem.field).sort()).toEqual(['count', 'requestedBy', 'territoryId']);
    expect(checked.reason.split(' ; ')).toHaveLength(3);
  });

  it('refuses a system payload without a reason for its system scope', () => {
    const payload = { nonce: 'n', requestedAt: new Date().toISOString() };
    const missing = checkJobPayload(healthProbeJob, payload);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.map((problem) => problem.field)).toEqual(['system']);
    const empty = checkJobPayload(healthProbeJob, { ...payload, system: { reason: '' } });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.problems.map((problem) => problem.field)).toEqual(['system.reason']);
    expect(checkJobPayload(healthProbeJob, { ...payload, system: { reason: 'health probe' } }).ok).toBe(true);
  });

  it('refuses data that is not an object at all', () => {
    for (const data of [null, undefined, 'territoryId', 12, []]) {
      const checked = checkJobPayload(territoryJob, data);
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.problems[0]?.field).toBe('(données)');
    }
  });
});
