import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeographyService } from '@maillage/territories';
import { ActorRules } from '../../ecosystem/src/directory/actor-rules.js';
import type { ActorInput } from '../../ecosystem/src/directory/actor.model.js';
import * as console from '../../../apps/web/src/features/directory/identifiers.js';
import { guessMapping, rowToActor, type CommuneResolver } from '../../ecosystem/src/imports/import-mapping.js';
import { allowedMoves, callerParts } from './alliance-lifecycle.js';
import { ALLIANCE_STATUSES, type AllianceStatus } from './enums.js';
import { websiteValid, withWebScheme } from './identifiers.js';
import { periodDays } from './periods.js';

/**
 * The API and the console use one contract (libs/contract): the same identifier rules give
 * the same answers on both sides, the console's sources take the rules from the contract and
 * keep no copy, and the API's `nextStatuses` is the table of who may move an alliance.
 */
const geography = { commune: () => ({ code: '69123' }) } as unknown as GeographyService;
const rules = new ActorRules(geography);

/** The fields the API finds at fault for an actor with these identifiers. */
function apiFaults(fields: Partial<ActorInput>): string[] {
  const actor = rules.normalise({ category: 'association', name: 'Acteur', ...fields });
  return rules.problems(actor).map((problem) => problem.field);
}

/** The fields a spreadsheet import finds at fault in a row with this website. */
function importFaults(website: string): string[] {
  const columns = ['Nom', 'Catégorie', 'Site web'];
  const places: CommuneResolver = {
    resolveCommune: () => ({ ok: false, reason: 'unknown', message: 'aucune commune' }),
  };
  const { problems } = rowToActor(['Acteur', 'Association', website], columns, guessMapping(columns), places);
  return problems.map((problem) => problem.field);
}

describe('one contract for the API and the console', () => {
  describe.each([
    ['732829320', true],
    ['732 829 320', true],
    ['200046977', true],
    ['732829321', false],
    ['73282932', false],
    ['7328293201', false],
    ['73282932A', false],
    ['356000000', true],
  ])('SIREN %p', (siren, valid) => {
    it(`is ${valid ? 'valid' : 'invalid'} for both`, () => {
      expect(apiFaults({ siren }).includes('siren')).toBe(!valid);
      expect(console.checkSiren(siren) !== undefined).toBe(!valid);
    });
  });

  describe.each([
    ['73282932000074', true],
    ['732 829 320 00074', true],
    ['73282932000075', false],
    ['35600000000048', true],
    ['35600000012341', true],
    ['35600000012342', false],
    ['7328293200007', false],
    ['7328293200007X', false],
  ])('SIRET %p', (siret, valid) => {
    it(`is ${valid ? 'valid' : 'invalid'} for both`, () => {
      expect(apiFaults({ siret }).includes('siret')).toBe(!valid);
      expect(console.checkSiret(siret) !== undefined).toBe(!valid);
    });
  });

  describe.each([
    ['732829320', '73282932000074', true],
    ['200046977', '73282932000074', false],
  ])('SIREN %p with SIRET %p', (siren, siret, inside) => {
    it(`is ${inside ? 'accepted' : 'refused'} by both`, () => {
      expect(apiFaults({ siren, siret }).includes('siret')).toBe(!inside);
      expect(console.checkSiret(siret, siren) !== undefined).toBe(!inside);
    });
  });

  describe.each([
    ['W691234567', true],
    ['w691234567', true],
    [' W691234567 ', true],
    ['W69123456', false],
    ['691234567', false],
    ['WA91234567', false],
  ])('RNA %p', (rna, valid) => {
    it(`is ${valid ? 'valid' : 'invalid'} for both`, () => {
      expect(apiFaults({ rna }).includes('rna')).toBe(!valid);
      expect(console.checkRna(rna) !== undefined).toBe(!valid);
    });
  });

  // The console checks the NAF code's shape; the API also looks it up, so only codes that exist here.
  describe.each([
    ['62.01Z', true],
    ['6201z', true],
    ['88 99 B', true],
    ['6201', false],
    ['62.01', false],
    ['ABCDE', false],
  ])('NAF code %p', (nafCode, valid) => {
    it(`is ${valid ? 'valid' : 'invalid'} for both`, () => {
      expect(apiFaults({ nafCode }).includes('nafCode')).toBe(!valid);
      expect(console.checkNaf(nafCode) !== undefined).toBe(!valid);
    });
  });

  // The API's DTO takes the same rule (apps/api/src/ecosystem/directory/actors.dto.spec.ts).
  describe.each([
    ['www.exemple.fr', true],
    [' exemple.fr/agenda ', true],
    ['http://exemple.fr', true],
    ['HTTPS://WWW.EXEMPLE.FR', true],
    ['Http://exemple.fr/Agenda?page=2#haut', true],
    ['exemple.fr:8080/contact', true],
    ['https://élan-solidaire.fr', true],
    ['http://192.168.1.10', true],
    ['pas un site', false],
    ['exemple', false],
    ['localhost:3000', false],
    ['ftp://fichiers.exemple.fr', false],
    ['mailto:contact@exemple.fr', false],
    ['javascript:alert(1)', false],
    ['contact@exemple.fr', false],
    ['https://contact@exemple.fr', false],
    ['www.exemple.fr www.autre.fr', false],
    ['www.exemple.fr;www.autre.fr', false],
    ['www.exemple.fr/mon site', false],
    ['https://mon_site.exemple.fr', false],
    ['https:///exemple.fr', false],
    ['exemple.fr.', false],
    ['https://-exemple.fr', false],
  ])('website %p', (website, valid) => {
    it(`is ${valid ? 'valid' : 'invalid'} for the console and the import`, () => {
      expect(console.checkWebsite(website) !== undefined).toBe(!valid);
      expect(importFaults(website).includes('website')).toBe(!valid);
    });
  });

  it('gives the alliance moves of the lifecycle table to each part', () => {
    // Who may make each move (DOMAIN.md): the proposed parties accept or decline,
    // the proposer withdraws, any party ends; an alliance becomes active through every
    // party's agreement (not a move of a party); coordination makes any move.
    const table: Record<AllianceStatus, Record<'coordination' | 'proposer' | 'other_party', AllianceStatus[]>> = {
      proposed: {
        coordination: ['under_discussion', 'declined', 'withdrawn'],
        proposer: ['withdrawn'],
        other_party: ['under_discussion', 'declined'],
      },
      under_discussion: {
        coordination: ['active', 'declined', 'withdrawn'],
        proposer: ['withdrawn'],
        other_party: ['declined'],
      },
      active: { coordination: ['ended'], proposer: ['ended'], other_party: ['ended'] },
      ended: { coordination: [], proposer: [], other_party: [] },
      declined: { coordination: [], proposer: [], other_party: [] },
      withdrawn: { coordination: [], proposer: [], other_party: [] },
    };
    for (const status of ALLIANCE_STATUSES) {
      expect(allowedMoves(status, callerParts(undefined, 'proposer-id'))).toEqual(table[status].coordination);
      expect(allowedMoves(status, callerParts('proposer-id', 'proposer-id'))).toEqual(table[status].proposer);
      expect(allowedMoves(status, callerParts('other-id', 'proposer-id'))).toEqual(table[status].other_party);
      // An alliance created by coordination has no proposer: every party is an "other party".
      expect(allowedMoves(status, callerParts('other-id', null))).toEqual(table[status].other_party);
    }
  });

  describe("the console's sources", () => {
    const web = fileURLToPath(new URL('../../../apps/web/src', import.meta.url));
    const files = (function walk(directory: string): string[] {
      return readdirSync(directory).flatMap((entry) => {
        const path = join(directory, entry);
        if (statSync(path).isDirectory()) return walk(path);
        return /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
      });
    })(web);
    const sources = files.map((path) => ({ path: path.slice(web.length + 1), text: readFileSync(path, 'utf8') }));
    const containing = (pattern: RegExp) => sources.filter(({ text }) => pattern.test(text)).map(({ path }) => path);

    it('are read', () => {
      expect(sources.length).toBeGreaterThan(50);
    });

    it('take the rules from the contract', () => {
      const importers = containing(/from '@maillage\/contract'/);
      for (const path of [
        'features/directory/identifiers.ts',
        'features/directory/data.ts',
        'features/activity/shared.tsx',
        'features/imports/ImportPage.tsx',
      ]) {
        expect(importers).toContain(path);
      }
    });

    it('keep no copy of the identifier checks', () => {
      expect(containing(/luhn/i)).toEqual([]);
      expect(containing(/356000000/)).toEqual([]);
      expect(containing(/\[0-9\]\{9\}|\(\\s\?\[0-9\]\)\{8\}|\(\\s\?\[0-9\]\)\{13\}|\^W\[0-9\]/)).toEqual([]);
    });

    it('keep no copy of the alliance lifecycle', () => {
      expect(containing(/'(proposed|under_discussion|active)>/)).toEqual([]);
      expect(containing(/\b(MOVERS|TRANSITIONS)\b/)).toEqual([]);
    });

    it('keep no copy of the enums or the importable fields', () => {
      const lists = [
        /'association',\s*'company',\s*'public_body'/,
        /'micro',\s*'sme',\s*'mid_cap'/,
        /'economic',\s*'social',\s*'environmental'/,
        /'animation',\s*'collective_experiment',\s*'support'/,
        /'responsible_practices',\s*'patronage'/,
        /'emergence',\s*'design',\s*'experimentation'/,
        /'proposed',\s*'under_discussion',\s*'active'/,
        /'active',\s*'achieved',\s*'abandoned'/,
        /'product',\s*'balance',\s*'contribution'/,
        /'siren',\s*'siret',\s*'rna',\s*'nafCode'/,
      ];
      for (const list of lists) expect(containing(list)).toEqual([]);
    });
  });
});

describe('a website as typed', () => {
  it.each([
    ['www.exemple.fr', 'https://www.exemple.fr'],
    [' exemple.fr:8080/agenda ', 'https://exemple.fr:8080/agenda'],
    ['https://www.exemple.fr', 'https://www.exemple.fr'],
    ['HTTPS://WWW.EXEMPLE.FR', 'HTTPS://WWW.EXEMPLE.FR'],
    ['Http://exemple.fr/Agenda', 'Http://exemple.fr/Agenda'],
    ['hTTp://exemple.fr', 'hTTp://exemple.fr'],
    ['', ''],
  ])('%p gets a scheme only when it has none, whatever its case: %p', (typed, website) => {
    expect(withWebScheme(typed)).toBe(website);
    expect(withWebScheme(website)).toBe(website);
  });

  it('is a web address with its scheme in capitals, as without', () => {
    for (const website of ['HTTPS://WWW.EXEMPLE.FR', 'Http://exemple.fr/Agenda', 'HTTP://EXEMPLE.FR:8080']) {
      expect(websiteValid(website)).toBe(true);
    }
    expect(websiteValid('HTTPS://HTTPS://EXEMPLE.FR')).toBe(false);
    expect(websiteValid('FTP://EXEMPLE.FR')).toBe(false);
  });

  it('is no number, decimal or date read from the wrong column, which URL would take for an IP address', () => {
    for (const typed of [
      '12345',
      '42',
      '3.5',
      '12/03/2024',
      '1.5.2024',
      '127.1',
      '0x7f.1',
      '2130706433',
      '256.1.1.1',
    ]) {
      expect({ typed, valid: websiteValid(typed) }).toEqual({ typed, valid: false });
    }
    for (const typed of ['192.168.1.20', 'http://10.0.0.1:8080/intranet', 'www.mairie-épinal.fr', '3suisses.fr']) {
      expect({ typed, valid: websiteValid(typed) }).toEqual({ typed, valid: true });
    }
  });
});

describe('evaluation periods', () => {
  it.each([
    ['2026', '2026-01-01', '2026-12-31'],
    ['2026-S2', '2026-07-01', '2026-12-31'],
    ['2026-t1', '2026-01-01', '2026-03-31'],
    ['2024-Q1', '2024-01-01', '2024-03-31'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2026-11', '2026-11-01', '2026-11-30'],
  ])('%s runs from %s to %s', (period, start, end) => {
    expect(periodDays(period)).toEqual({ start, end });
  });
});
