import { readFileSync } from 'node:fs';
import {
  AUDIT_EVENTS,
  AUDIT_NAMED_ID_FIELDS,
  auditValueCatalogue,
  isIdentifierField,
  type AuditEntity,
} from '@maillage/contract';
import {
  createTenancyFixture,
  engineKind,
  seedEcosystem,
  seedOrganisations,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import type { Page } from '@maillage/platform';
import { startApi } from './support/app.js';

interface Entry {
  entity: AuditEntity;
  entityId: string;
  action: string;
  subject: string | null;
  changes: Record<string, { old: unknown; new: unknown }>;
}

type Catalogue = Record<string, unknown>;
const catalogue = (name: string): Catalogue =>
  JSON.parse(
    readFileSync(new URL(`../apps/web/src/i18n/locales/fr/${name}.json`, import.meta.url), 'utf8'),
  ) as Catalogue;
const catalogues: Record<string, Catalogue> = {
  workspace: catalogue('workspace'),
  domain: catalogue('domain'),
  common: catalogue('common'),
};

/** The French message of `namespace:dotted.key`, or undefined. */
function french(key: string): string | undefined {
  const [namespace = '', path = ''] = key.split(':');
  const message = path
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogues[namespace]);
  return typeof message === 'string' ? message : undefined;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * What a field's value puts on the screen that could be a code: the names of the parts of a
 * nested value (the console labels them like fields) and the identifiers it holds.
 */
function shown(value: unknown, at: string): { keys: string[]; ids: string[] } {
  if (Array.isArray(value)) {
    const parts = value.map((item) => shown(item, at));
    return { keys: parts.flatMap((part) => part.keys), ids: parts.flatMap((part) => part.ids) };
  }
  if (value && typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      // The console leaves a nested identifier out (a participant's actorId: its name is beside it).
      .filter(([key]) => !isIdentifierField(key))
      .map(([key, item]) => {
        const inner = shown(item, key);
        return { keys: [`${at}.${key}`, ...inner.keys], ids: inner.ids };
      });
    return { keys: parts.flatMap((part) => part.keys), ids: parts.flatMap((part) => part.ids) };
  }
  return { keys: [], ids: typeof value === 'string' && UUID.test(value) ? [at] : [] };
}

/** Values as the console shows them, flattened: coded values of a catalogued field must have a label. */
function codedValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(codedValues);
  return typeof value === 'string' ? [value] : [];
}

describe(`French labels of the audit log (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    eco = await seedEcosystem(f.a.coordinator.api, f.a.id);
    const base = `/territories/${f.a.id}`;
    const api = f.a.coordinator.api;
    // More of the catalogue: updates, an archive, a deletion, an evaluation of a quarter typed the French way.
    const patched = async (path: string, body: Record<string, unknown>) => {
      const current = await api.get<{ version: number }>(path);
      return api.request('PATCH', path, { body, headers: { 'if-match': `"${current.body.version}"` } });
    };
    expect(
      (
        await patched(`${base}/actors/${eco.company}`, {
          sizeClass: 'mid_cap',
          latitude: 45.76,
          longitude: 4.85,
          foundedOn: '1998-05-04',
        })
      ).status,
    ).toBe(200);
    expect((await patched(`${base}/priorities/${eco.priorityId}`, { status: 'achieved' })).status).toBe(200);
    expect((await api.delete(`${base}/actors/${eco.association}/contacts/${eco.contactId}`)).status).toBe(204);
    expect(
      (
        await api.put(`${base}/alliances/${eco.activeAllianceId}/evaluations`, {
          actorId: eco.association,
          period: '2026-t3',
          product: 3,
          balance: 3,
          contribution: 3,
        })
      ).status,
    ).toBe(200);
    // A profile change, a link and a join request, an agreement recorded for a party; a merge.
    await seedOrganisations(api, f.a.member, f.anonymous, f.a.id, eco);
    expect((await api.post(`${base}/actors/${eco.company}/merge`, { sourceId: eco.publicBody })).status).toBe(200);
    const comments = `${base}/priorities/${eco.priorityId}/comments`;
    const comment = await api.post<{ id: string }>(comments, { body: 'Un message retiré aussitôt' });
    expect(comment.status).toBe(201);
    expect((await api.delete(`${comments}/${comment.body.id}`)).status).toBe(200);
  }, 180_000);

  afterAll(() => t?.close());

  it('accepts a quarter written 2026-T3 and stores it as the same quarter as 2026-Q3', async () => {
    const evaluations = await f.a.coordinator.api.get<{ period: string }[] | { items: { period: string }[] }>(
      `/territories/${f.a.id}/alliances/${eco.activeAllianceId}/evaluations`,
    );
    expect(evaluations.status).toBe(200);
    const periods = (Array.isArray(evaluations.body) ? evaluations.body : evaluations.body.items).map(
      (item) => item.period,
    );
    expect(periods).toContain('2026-Q3');
    const wrong = await f.a.coordinator.api.put<{ errors: { field: string; message: string }[] }>(
      `/territories/${f.a.id}/alliances/${eco.activeAllianceId}/evaluations`,
      { actorId: eco.association, period: '2026-T5', product: 3, balance: 3, contribution: 3 },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]?.message).toContain('2026-T3');
  });

  it('describes every entry in French, names what it is about and labels every field it shows', async () => {
    const log = await f.a.coordinator.api.get<Page<Entry>>(`/territories/${f.a.id}/audit-log`, { limit: '100' });
    expect(log.status).toBe(200);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const entry of log.body.items) {
      seen.add(`${entry.entity}:${entry.action}`);
      if (!(AUDIT_EVENTS[entry.entity] as readonly string[] | undefined)?.includes(entry.action))
        problems.push(`${entry.entity}:${entry.action} is not in AUDIT_EVENTS`);
      if (!entry.subject) problems.push(`${entry.entity}:${entry.action} names no subject`);
      else if (UUID.test(entry.subject)) problems.push(`${entry.entity}: subject shows an id (${entry.subject})`);
      for (const [field, change] of Object.entries(entry.changes)) {
        if (isIdentifierField(field) && !AUDIT_NAMED_ID_FIELDS.includes(field)) continue;
        if (!french(`workspace:audit.fields.${field}`)) problems.push(`${entry.entity}: field ${field} has no label`);
        // Nested values show their parts' names, and an identifier only where the console names it.
        const parts = shown(change.old, field);
        const next = shown(change.new, field);
        for (const path of [...parts.keys, ...next.keys]) {
          const key = path.slice(path.lastIndexOf('.') + 1);
          if (!french(`workspace:audit.fields.${key}`)) problems.push(`${entry.entity}: field ${path} has no label`);
        }
        for (const key of [...parts.ids, ...next.ids])
          if (!AUDIT_NAMED_ID_FIELDS.includes(key)) problems.push(`${entry.entity}: ${key} shows an id, not a name`);
        const values = auditValueCatalogue(entry.entity, field);
        for (const value of [...codedValues(change.old), ...codedValues(change.new)]) {
          if (values && !french(`${values}.${value}`))
            problems.push(`${entry.entity}.${field}: value ${value} has no label`);
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
    // The run above reached most of the catalogue; every pair of it is described (also checked in unit tests).
    expect(seen.size).toBeGreaterThan(15);
  });

  it('names the field of a value the database refuses: a blank name, a NUL character', async () => {
    type Problem = { code: string; errors?: { field: string; message: string }[] };
    const blank = await f.a.coordinator.api.post<Problem>(`/territories/${f.a.id}/actors`, {
      category: 'association',
      name: '   ',
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ field: 'name', message: 'Ce champ ne doit pas être vide.' }]);
    const nul = await f.a.coordinator.api.post<Problem>(`/territories/${f.a.id}/actors`, {
      category: 'association',
      name: 'Amicale\u0000des jardins',
    });
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ field: 'name', message: expect.stringMatching(/^Ce champ .*caractère nul/) }]);
  });

  it('has a French description for every entity and action of the catalogue', () => {
    const missing: string[] = [];
    for (const [entity, actions] of Object.entries(AUDIT_EVENTS)) {
      if (!french(`workspace:audit.entities.${entity}`)) missing.push(`entity ${entity}`);
      for (const action of actions)
        if (!french(`workspace:audit.describe.${entity}.${action}`)) missing.push(`${entity}.${action}`);
    }
    expect(missing).toEqual([]);
  });
});
