import { z } from 'zod';
import { defineJob, systemScope } from './job-catalogue.js';
import { checkHandlers, JobRegistry } from './job-registry.js';

const probePayload = z.object({ ...systemScope, nonce: z.string(), requestedAt: z.string() });

describe('checkHandlers', () => {
  const probe = defineJob({ name: 'system.health-probe', queue: 'system', payload: probePayload });

  it('accepts exactly one handler per job', () => {
    expect(checkHandlers([probe], ['system.health-probe'])).toEqual([]);
  });

  it('reports a job without a handler', () => {
    expect(checkHandlers([probe], [])).toEqual(['job "system.health-probe" has no handler']);
  });

  it('reports a job with two handlers', () => {
    expect(checkHandlers([probe], ['system.health-probe', 'system.health-probe'])).toEqual([
      'job "system.health-probe" has 2 handlers',
    ]);
  });

  it('reports a handler for a job nobody defined', () => {
    expect(checkHandlers([probe], ['system.health-probe', 'reports.ghost'])).toEqual([
      'handler for "reports.ghost", which no module defines',
    ]);
  });
});

describe('JobRegistry', () => {
  it('refuses two different definitions under one name', () => {
    const registry = new JobRegistry();
    registry.register([defineJob({ name: 'system.health-probe', queue: 'system', payload: probePayload })]);
    expect(() =>
      registry.register([defineJob({ name: 'system.health-probe', queue: 'reports', payload: probePayload })]),
    ).toThrow(/defined twice/);
  });

  it('lists the queues its jobs use', () => {
    const registry = new JobRegistry();
    registry.register([defineJob({ name: 'system.health-probe', queue: 'system', payload: probePayload })]);
    expect(registry.queues()).toEqual(['system']);
    expect(registry.get('system.health-probe').attempts).toBe(3);
  });
});
