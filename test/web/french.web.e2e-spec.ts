import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  ACTION_TYPES,
  ALLIANCE_MODES,
  ALLIANCE_STATUSES,
  ACTOR_CATEGORIES,
  EXPERIMENT_PHASES,
  PARTICIPANT_ROLES,
  PATRONAGE_KINDS,
  PRIORITY_STATUSES,
  SIZE_CLASSES,
} from '@maillage/contract';
import { createTenancyFixture, seedEcosystem, type EcosystemFixture, type TenancyFixture } from '@maillage/testing';
import {
  describeInBrowser,
  expectNoConsoleErrors,
  openConsole,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import { expectEventually } from '../support/expect-web.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Codes of the contract that are not French words: on a French screen they are a label that
 * was forgotten (`under_discussion`, `collective_experiment`, `partner`). Words that are both
 * (`association`, `active`, `animation`, `support`…) are left out.
 */
const ENGLISH_CODES = [
  ...ACTOR_CATEGORIES,
  ...SIZE_CLASSES,
  ...ACTION_TYPES,
  ...EXPERIMENT_PHASES,
  ...PARTICIPANT_ROLES,
  ...ALLIANCE_MODES,
  ...PATRONAGE_KINDS,
  ...ALLIANCE_STATUSES,
  ...PRIORITY_STATUSES,
  'coordinator',
  'member',
  'platform_admin',
  'observer',
].filter(
  (code) =>
    code.includes('_') ||
    [
      'partner',
      'funder',
      'speaker',
      'company',
      'declined',
      'withdrawn',
      'achieved',
      'abandoned',
      'micro',
      'large',
      'financial',
      'skills',
      'coordinator',
      'observer',
      'design',
      'scaling',
      'organiser',
      'beneficiary',
      'supported',
      'pilot',
    ].includes(code),
);
const CODE = new RegExp(`(^|[^\\p{L}_-])(${ENGLISH_CODES.join('|')})(?=$|[^\\p{L}_-])`, 'u');

describeInBrowser('web console: French throughout (no English code, no raw id on a screen)', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let eco: EcosystemFixture;

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    eco = await seedEcosystem(fixture.a.coordinator.api, fixture.a.id);
    await fixture.a.coordinator.api.patch(`/territories/${fixture.a.id}/members/${fixture.a.member.id}`, {
      actorId: eco.association,
    });
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  async function walk(user: TenancyFixture['a']['coordinator'], paths: string[], label: string): Promise<void> {
    const console = await openConsole(web, { user });
    const { page } = console;
    for (const path of paths) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // The page's data has arrived: no loading state left in the main region.
      await expectEventually(
        () => page.locator('main').innerText(),
        (text) => {
          expect(text).not.toContain('Chargement…');
          expect(text).not.toMatch(UUID);
          const code = CODE.exec(text);
          expect(code?.[2] ?? null).toBeNull();
        },
        { label: `${label} ${path}` },
      );
    }
    expectNoConsoleErrors(console, label);
    await console.context.close();
  }

  it('shows every page of a coordinator in French, with names instead of ids', async () => {
    const t = `/t/${fixture.a.id}`;
    await walk(
      fixture.a.coordinator,
      [
        `${t}/tableau-de-bord`,
        `${t}/annuaire`,
        `${t}/annuaire/${eco.association}`,
        `${t}/annuaire/${eco.company}`,
        `${t}/enjeux`,
        `${t}/actions`,
        `${t}/actions/${eco.actionId}`,
        `${t}/actions/${eco.experimentId}`,
        `${t}/actions/${eco.supportId}`,
        `${t}/alliances`,
        `${t}/alliances/${eco.allianceId}`,
        `${t}/alliances/${eco.activeAllianceId}`,
        `${t}/imports`,
        `${t}/imports/${eco.importId}`,
        `${t}/rapports`,
        `${t}/rapports/planification`,
        `${t}/membres`,
        `${t}/demandes`,
        `${t}/journal`,
        `${t}/partage`,
      ],
      'coordination',
    );
  });

  it('shows a member’s pages in French', async () => {
    const t = `/t/${fixture.a.id}`;
    await walk(
      fixture.a.member,
      [
        `${t}/mon-organisation`,
        `${t}/alliances`,
        `${t}/alliances/${eco.activeAllianceId}`,
        '/notifications',
        '/compte',
      ],
      'membre',
    );
  });
});
