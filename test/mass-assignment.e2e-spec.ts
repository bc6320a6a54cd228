import type { OpenAPIObject } from '@nestjs/swagger';
import {
  companyIds,
  createTenancyFixture,
  databaseSnapshot,
  seedEcosystem,
  seedOrganisations,
  joinTerritory,
  waitForImport,
  engineKind,
  fetchOpenApi,
  fillPath,
  login,
  TEST_ADMIN,
  operations,
  type ApiClient,
  type ApiResponse,
  type Operation,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';
import { plantJoinConfirmation } from './support/join-confirmations.js';

// These tests walk every documented operation; under a loaded machine (the browser
// suites run beside them) a sweep takes minutes, not the default minute.
const SWEEP_TIMEOUT_MS = 600_000;

/** Properties a client might try to slip into a body to take what is not theirs. */
const SMUGGLED = [
  'id',
  'territoryId',
  'role',
  'globalRole',
  'userId',
  'createdAt',
  'updatedAt',
  'version',
  'passwordHash',
  'isAdmin',
];

/** Keys no answer may carry, except where an operation hands out its own credential. */
const SECRET_KEY = /password|hash|secret|token/i;
const ALLOWED_SECRET_KEYS: Record<string, string[]> = {
  AuthController_login: ['accessToken', 'refreshToken', 'tokenType'],
  AuthController_refresh: ['accessToken', 'refreshToken', 'tokenType'],
  InvitationAcceptanceController_accept: ['accessToken', 'refreshToken', 'tokenType'],
  TerritoryInvitationsController_invite: ['token'],
  ObserversController_create: ['passwordSetup', 'token'],
  // The demo accounts' fixed password, documented in the README: demo only.
  DemoController_create: ['password'],
  DemoController_get: ['password'],
  JoinController_request: ['accessToken', 'refreshToken', 'tokenType'],
  JoinConfirmationsController_confirm: ['accessToken', 'refreshToken', 'tokenType'],
};

function secretKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => secretKeys(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_KEY.test(key)) found.push(key);
      secretKeys(inner, found);
    }
  }
  return found;
}

interface Case {
  caller: ApiClient;
  params: Record<string, string>;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

describe(`mass assignment and secret-free answers (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let document: OpenAPIObject;
  let cases: Record<string, () => Promise<Case>>;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    document = await fetchOpenApi(t.app);
    const inA = { territoryId: f.a.id };
    const eco = await seedEcosystem(f.a.coordinator.api, f.a.id);
    const org = await seedOrganisations(f.a.coordinator.api, f.a.member, f.anonymous, f.a.id, eco);
    const coordinator = f.a.coordinator.api;
    const base = `/territories/${f.a.id}`;
    let seed = 100;
    const versionOf = async (path: string) => ({
      'if-match': `"${(await coordinator.get<{ version: number }>(path)).body.version}"`,
    });
    const freshImport = async () => {
      const csv = Buffer.from(`Nom;Catégorie\nRessourcerie ${(seed += 1)};association\n`, 'utf8');
      const upload = await coordinator.upload<{ id: string }>(`${base}/imports`, csv, 'text/csv');
      await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
      return upload.body.id;
    };
    const refusal = { reason: 'Cette organisation n’est pas du territoire.' };
    const freshMember = (territoryId = f.a.id, inviter = coordinator) =>
      joinTerritory(inviter, f.anonymous, territoryId, `membre.${(seed += 1)}@maillage.test`, 'member');
    const freshLinkRequest = async () => {
      const member = await freshMember();
      const asked = await member.api.post<{ id: string }>(`${base}/link-requests`, { actorId: eco.company });
      return { ...inA, linkRequestId: asked.body.id };
    };
    const freshJoinRequest = async () => {
      const joined = await f.anonymous.post<{ request: { id: string } }>(`/join/${org.joinToken}`, {
        name: 'Nouvelle personne',
        email: `rejoint.${(seed += 1)}@maillage.test`,
        password: 'Une-phrase-de-passe-solide',
        actorId: eco.company,
      });
      return { ...inA, joinRequestId: joined.body.request.id };
    };
    // Its own member (f.a.member's sessions end when the password-change example runs).
    const orgMember = await joinTerritory(coordinator, f.anonymous, f.a.id, 'fiche.atelier@maillage.test', 'member');
    await coordinator.patch(`${base}/members/${orgMember.id}`, { actorId: eco.company });
    const memberVersion = async () => ({
      'if-match': `"${(await orgMember.api.get<{ actor: { version: number } }>(`${base}/my-organisation`)).body.actor.version}"`,
    });
    const newCaseStudy = async () =>
      (await coordinator.post<{ id: string }>(`${base}/case-studies`, { source: 'action', sourceId: eco.actionId }))
        .body.id;
    const caseStudies = { draft: await newCaseStudy(), returned: await newCaseStudy() };
    cases = {
      LinkRequestsController_create: async () => ({
        caller: (await freshMember()).api,
        params: inA,
        body: { actorId: eco.company },
      }),
      LinkRequestsController_accept: async () => ({
        caller: coordinator,
        params: await freshLinkRequest(),
        body: { actorId: eco.company },
      }),
      LinkRequestsController_refuse: async () => ({
        caller: coordinator,
        params: await freshLinkRequest(),
        body: refusal,
      }),
      JoinRequestsController_refuse: async () => ({
        caller: coordinator,
        params: await freshJoinRequest(),
        body: refusal,
      }),
      MyOrganisationController_update: async () => ({
        caller: orgMember.api,
        params: inA,
        body: { description: `Atelier ${(seed += 1)}` },
        headers: await memberVersion(),
      }),
      MyOrganisationController_refuse: async () => {
        const changed = await orgMember.api.request<{ pendingChanges: { id: string }[] }>(
          'PATCH',
          `${base}/my-organisation`,
          { body: { name: `Atelier Numérique ${(seed += 1)}` }, headers: await memberVersion() },
        );
        return {
          caller: coordinator,
          params: { ...inA, changeId: changed.body.pendingChanges[0]?.id ?? org.changeId },
          body: refusal,
        };
      },
      AlliancesController_agree: async () => {
        const created = await coordinator.post<{ id: string }>(`${base}/alliances`, {
          title: `Alliance ${(seed += 1)}`,
          parties: [{ actorId: eco.company }, { actorId: eco.publicBody }],
          modes: ['economic_cooperation'],
        });
        await coordinator.post(`${base}/alliances/${created.body.id}/transitions`, { to: 'under_discussion' });
        return {
          caller: coordinator,
          params: { ...inA, allianceId: created.body.id },
          body: { actorId: eco.company },
        };
      },
      JoinController_request: async () => ({
        caller: f.anonymous,
        params: { token: org.joinToken },
        body: {
          name: 'Nouvelle personne',
          email: `rejoindre.${(seed += 1)}@maillage.test`,
          password: 'Une-phrase-de-passe-solide',
          actorId: eco.company,
        },
      }),
      JoinConfirmationsController_confirm: async () => ({
        caller: f.anonymous,
        params: {},
        body: {
          token: await plantJoinConfirmation(t, f.a.id, {
            email: `confirmer.${(seed += 1)}@maillage.test`,
            name: 'Personne qui confirme',
            password: 'Une-phrase-de-passe-solide',
            request: { actorId: eco.company },
          }),
          password: 'Une-phrase-de-passe-solide',
        },
      }),
      MyJoinRequestsController_request: async () => ({
        caller: (await freshMember(f.b.id, f.b.coordinator.api)).api,
        params: { token: org.joinToken },
        body: { actorId: eco.company, message: 'Bonjour' },
      }),
      TerritoryObservatoryController_set: async () => ({
        caller: coordinator,
        params: inA,
        body: { sharing: (seed += 1) % 2 === 0 },
      }),
      ReportSchedulesController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: { type: 'actors_export', format: 'csv', cron: '0 6 * * 1', timezone: 'Europe/Paris', keepLast: 4 },
      }),
      ReportsController_request: async () => ({
        caller: coordinator,
        params: inA,
        body: { type: 'actors_export', format: 'csv', params: { delimiter: ',', bom: (seed += 1) % 2 === 0 } },
      }),
      ActorsController_merge: async () => {
        const duplicate = await coordinator.post<{ id: string }>(`${base}/actors`, {
          category: 'public_body',
          name: `Mission locale (doublon ${(seed += 1)})`,
        });
        return {
          caller: coordinator,
          params: { ...inA, actorId: eco.publicBody },
          body: { sourceId: duplicate.body.id },
        };
      },
      ImportsController_dryRun: async () => ({
        caller: coordinator,
        params: { ...inA, importId: await freshImport() },
        body: { mapping: { name: 'Nom', category: 'Catégorie' } },
      }),
      ImportsController_run: async () => ({
        caller: coordinator,
        params: { ...inA, importId: await freshImport() },
        body: {},
      }),
      ActorsController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: {
          category: 'company',
          name: `Entreprise ${(seed += 1)}`,
          ...companyIds(seed),
          sizeClass: 'micro',
          communeCode: '69123',
        },
      }),
      ActorsController_update: async () => ({
        caller: coordinator,
        params: { ...inA, actorId: eco.publicBody },
        body: { description: 'Service public de l’emploi des jeunes' },
        headers: await versionOf(`${base}/actors/${eco.publicBody}`),
      }),
      ActorsController_addContact: async () => ({
        caller: coordinator,
        params: { ...inA, actorId: eco.company },
        body: { name: 'Louis Martin', role: 'Gérant', consentNote: 'Accord écrit du 2 avril 2026' },
      }),
      PrioritiesController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: { title: 'Mobilité rurale', fragilities: ['environmental'] },
      }),
      PrioritiesController_update: async () => ({
        caller: coordinator,
        params: { ...inA, priorityId: eco.priorityId },
        body: { status: 'active' },
        headers: await versionOf(`${base}/priorities/${eco.priorityId}`),
      }),
      ActionsController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: {
          type: 'animation',
          title: 'Petit-déjeuner des entreprises',
          startDate: '2026-05-05',
          animation: { format: 'rencontre' },
        },
      }),
      ActionsController_update: async () => ({
        caller: coordinator,
        params: { ...inA, actionId: eco.actionId },
        body: { outcomes: 'Trois mises en relation' },
        headers: await versionOf(`${base}/actions/${eco.actionId}`),
      }),
      AlliancesController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: {
          title: 'Achats responsables',
          parties: [{ actorId: eco.company }, { actorId: eco.publicBody }],
          modes: ['responsible_practices'],
        },
      }),
      AlliancesController_update: async () => {
        const created = await coordinator.post<{ id: string; version: number }>(`${base}/alliances`, {
          title: `Proposition ${(seed += 1)}`,
          parties: [{ actorId: eco.company }, { actorId: eco.association }],
          modes: ['patronage'],
        });
        return {
          caller: coordinator,
          params: { ...inA, allianceId: created.body.id },
          body: {
            title: `Proposition corrigée ${(seed += 1)}`,
            parties: [{ actorId: eco.company }, { actorId: eco.association, role: 'porteur' }],
          },
          headers: { 'If-Match': String(created.body.version) },
        };
      },
      AlliancesController_transition: async () => {
        const created = await coordinator.post<{ id: string }>(`${base}/alliances`, {
          title: `Proposition ${(seed += 1)}`,
          parties: [{ actorId: eco.company }, { actorId: eco.association }],
          modes: ['patronage'],
        });
        return {
          caller: coordinator,
          params: { ...inA, allianceId: created.body.id },
          body: { to: 'under_discussion' },
        };
      },
      AlliancesController_evaluate: async () => ({
        caller: coordinator,
        params: { ...inA, allianceId: eco.activeAllianceId },
        body: { actorId: eco.publicBody, period: '2026-S1', product: 3, balance: 4, contribution: 3 },
      }),
      AuthController_login: async () => ({
        caller: f.anonymous,
        params: {},
        body: { email: f.a.member.email, password: f.a.member.password },
      }),
      AuthController_refresh: async () => ({
        caller: f.anonymous,
        params: {},
        body: { refreshToken: f.a.member.refreshToken },
      }),
      // A session of its own: logging out ends the session's access tokens too, and f.a.member's is used below
      // (whose password an example changes, so the administrator's account signs in).
      AuthController_logout: async () => ({
        caller: f.anonymous,
        params: {},
        body: { refreshToken: (await login(f.anonymous, TEST_ADMIN.email, TEST_ADMIN.password)).refreshToken },
      }),
      AuthController_requestReset: async () => ({ caller: f.anonymous, params: {}, body: { email: f.a.member.email } }),
      AuthController_confirmReset: async () => ({
        caller: f.anonymous,
        params: {},
        body: { token: 'x'.repeat(43), newPassword: 'Une-phrase-de-passe-solide' },
      }),
      MyNotificationsController_putPreferences: async () => ({
        // Not territory A's member: its password changes in another case, which ends its sessions.
        caller: f.b.member.api,
        params: {},
        body: { preferences: [{ kind: 'comments', frequency: 'weekly' }] },
      }),
      AllianceCommentsController_post: async () => ({
        caller: coordinator,
        params: { ...inA, allianceId: eco.allianceId },
        body: { body: `Message ${(seed += 1)}` },
      }),
      AllianceCommentsController_edit: async () => {
        const posted = await coordinator.post<{ id: string }>(`${base}/alliances/${eco.allianceId}/comments`, {
          body: `À reprendre ${(seed += 1)}`,
        });
        return {
          caller: coordinator,
          params: { ...inA, allianceId: eco.allianceId, commentId: posted.body.id },
          body: { body: `Repris ${(seed += 1)}` },
        };
      },
      ActionCommentsController_post: async () => ({
        caller: coordinator,
        params: { ...inA, actionId: eco.actionId },
        body: { body: `Message ${(seed += 1)}` },
      }),
      ActionCommentsController_edit: async () => {
        const posted = await coordinator.post<{ id: string }>(`${base}/actions/${eco.actionId}/comments`, {
          body: `À reprendre ${(seed += 1)}`,
        });
        return {
          caller: coordinator,
          params: { ...inA, actionId: eco.actionId, commentId: posted.body.id },
          body: { body: `Repris ${(seed += 1)}` },
        };
      },
      PriorityCommentsController_post: async () => ({
        caller: coordinator,
        params: { ...inA, priorityId: eco.priorityId },
        body: { body: `Message ${(seed += 1)}` },
      }),
      PriorityCommentsController_edit: async () => {
        const posted = await coordinator.post<{ id: string }>(`${base}/priorities/${eco.priorityId}/comments`, {
          body: `À reprendre ${(seed += 1)}`,
        });
        return {
          caller: coordinator,
          params: { ...inA, priorityId: eco.priorityId, commentId: posted.body.id },
          body: { body: `Repris ${(seed += 1)}` },
        };
      },
      MeController_changePassword: async () => ({
        caller: f.a.member.api,
        params: {},
        body: { currentPassword: f.a.member.password, newPassword: 'Une-phrase-de-passe-solide' },
      }),
      TerritoriesController_create: async () => ({
        caller: f.admin.api,
        params: {},
        body: { kind: 'commune', code: '38185' },
      }),
      MembersController_changeRole: async () => ({
        caller: f.a.coordinator.api,
        params: { ...inA, userId: f.a.member.id },
        body: { role: 'coordinator' },
      }),
      TerritoryInvitationsController_invite: async () => ({
        caller: f.a.coordinator.api,
        params: inA,
        body: { email: 'nouvelle@maillage.test', role: 'member' },
      }),
      InvitationAcceptanceController_accept: async () => {
        const invitation = await f.a.coordinator.api.post<{ token: string }>(`/territories/${f.a.id}/invitations`, {
          email: `invite.${Date.now()}@maillage.test`,
          role: 'member',
        });
        return {
          caller: f.anonymous,
          params: { token: invitation.body.token },
          body: { name: 'Invitée', password: 'Une-phrase-de-passe-solide' },
        };
      },
      ObserversController_create: async () => ({
        caller: f.admin.api,
        params: {},
        body: { email: 'observatoire.regional@maillage.test', name: 'Observatoire régional' },
      }),
      NationalResourcesController_create: async () => ({
        caller: f.observer.api,
        params: {},
        body: { kind: 'link', title: 'Guide des partenariats', url: 'https://www.lerameau.fr/', axis: 'method' },
      }),
      NationalResourcesController_update: async () => {
        const created = await f.admin.api.post<{ id: string }>('/resources', {
          kind: 'link',
          title: `Note prospective ${(seed += 1)}`,
          url: 'https://www.lerameau.fr/',
          axis: 'reference',
        });
        return {
          caller: f.admin.api,
          params: { resourceId: created.body.id },
          body: { summary: 'Sur la co-construction en territoire' },
          headers: await versionOf(`/resources/${created.body.id}`),
        };
      },
      TerritoryResourcesController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: { kind: 'file', title: 'Fiche contexte', axis: 'toolbox', sheetKind: 'context' },
      }),
      TerritoryResourcesController_update: async () => ({
        caller: coordinator,
        params: { ...inA, resourceId: eco.resourceId },
        body: { fragilities: ['social', 'economic'] },
        headers: await versionOf(`${base}/resources/${eco.resourceId}`),
      }),
      TerritoryCaseStudiesController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: { source: 'action', sourceId: eco.actionId },
      }),
      TerritoryCaseStudiesController_update: async () => ({
        caller: coordinator,
        params: { ...inA, caseStudyId: caseStudies.draft },
        body: { lessons: 'Associer les entreprises dès la préparation.' },
        headers: await versionOf(`${base}/case-studies/${caseStudies.draft}`),
      }),
      TerritoryCaseStudiesController_returnToAuthor: async () => {
        // Submitted again each time: the example's own answer sends it back to draft.
        const path = `${base}/case-studies/${caseStudies.returned}`;
        const current = (await coordinator.get<{ status: string; version: number }>(path)).body;
        if (current.status === 'draft') {
          await coordinator.request('POST', `${path}/submit`, { headers: { 'if-match': `"${current.version}"` } });
        }
        return {
          caller: coordinator,
          params: { ...inA, caseStudyId: caseStudies.returned },
          body: { comment: 'Précisez les résultats.' },
          headers: await versionOf(path),
        };
      },
      TerritoryCaseStudiesController_consent: async () => ({
        caller: coordinator,
        params: { ...inA, caseStudyId: caseStudies.draft, actorId: eco.association },
        body: { granted: true, note: 'Accord écrit du 3 mars 2026' },
      }),
      StudiesController_create: async () => ({
        caller: coordinator,
        params: inA,
        body: { templateKey: 'partnership_evaluation', title: `Évaluation des partenariats ${(seed += 1)}` },
      }),
      StudiesController_update: async () => ({
        caller: coordinator,
        params: { ...inA, studyId: eco.studyId },
        body: { description: `Étude menée avec les acteurs du territoire (${(seed += 1)})` },
        headers: await versionOf(`${base}/studies/${eco.studyId}`),
      }),
      // The seeded company has no contact person: nothing is mailed.
      StudiesController_invite: async () => ({
        caller: coordinator,
        params: { ...inA, studyId: eco.studyId },
        body: { categories: ['company'] },
      }),
      StudiesController_priorities: async () => ({
        caller: coordinator,
        params: { ...inA, studyId: eco.studyId },
        body: { items: [{ optionKey: 'isolation' }] },
      }),
      StudyAnswersController_answer: async () => {
        const link = await coordinator.post<{ token: string }>(`${base}/studies/${eco.studyId}/public-link`);
        return {
          caller: f.anonymous,
          params: { token: link.body.token },
          body: {
            answers: {
              perceived_fragilities: ['economic'],
              priority_issues: ['employment'],
              duty_of_alliances: 'strongly_agree',
              partnership_innovation: 'agree',
              territory_dynamic: 'not_yet',
              willingness: 'maybe',
            },
          },
          // Another browser each time (one answer per browser).
          headers: { 'user-agent': `Navigateur ${(seed += 1)}` },
        };
      },
      DemoController_create: async () => ({ caller: f.admin.api, params: {}, body: { reset: false } }),
    };
  }, SWEEP_TIMEOUT_MS);
  afterAll(() => t?.close());

  function bodyOperations(): Operation[] {
    return operations(document).filter((operation) => operation.requestBody);
  }

  it('has a valid example body for every operation that takes one (new operations must add theirs)', () => {
    const missing = bodyOperations()
      .filter((operation) => !cases[operation.operationId])
      .map((operation) => operation.operationId);
    expect(missing).toEqual([]);
  });

  it(
    'refuses every create and update body carrying an extra property, with a 400 naming it, and changes nothing',
    async () => {
      for (const operation of bodyOperations()) {
        const example = await (cases[operation.operationId] as () => Promise<Case>)();
        const declared = new Set(Object.keys(operation.requestBody?.properties ?? {}));
        for (const key of SMUGGLED.filter((candidate) => !declared.has(candidate))) {
          const before = await databaseSnapshot(t.runtime);
          const response = await example.caller.request(operation.method, fillPath(operation.path, example.params), {
            body: {
              ...example.body,
              [key]: key === 'role' ? 'platform_admin' : '00000000-0000-4000-8000-000000000000',
            },
            ...(example.headers ? { headers: example.headers } : {}),
          });
          const context = `${operation.operationId} + ${key}`;
          expect({ context, status: response.status }).toEqual({ context, status: 400 });
          expect(response.body).toMatchObject({ code: 'validation_failed' });
          expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain(key);
          expect({ context, unchanged: await databaseSnapshot(t.runtime) }).toEqual({ context, unchanged: before });
        }
      }
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'accepts each example body as is: the refusals above are about the extra property',
    async () => {
      for (const operation of bodyOperations()) {
        const example = await (cases[operation.operationId] as () => Promise<Case>)();
        const response = await example.caller.request(operation.method, fillPath(operation.path, example.params), {
          body: example.body,
          ...(example.headers ? { headers: example.headers } : {}),
        });
        const context = `${operation.operationId} ${response.text.slice(0, 300)}`;
        // The reset confirmation's example token is not a real one: its refusal is a business 400, not validation.
        if (operation.operationId === 'AuthController_confirmReset') {
          expect(response.body).toMatchObject({ status: 400, code: 'invalid_password_token' });
        } else {
          expect({ context, succeeded: response.status < 300 }).toEqual({ context, succeeded: true });
        }
      }
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'never answers with a password, hash, secret or token key, beyond an operation’s own credentials',
    async () => {
      const responses: { operationId: string; response: ApiResponse }[] = [];
      for (const operation of bodyOperations()) {
        const example = await (cases[operation.operationId] as () => Promise<Case>)();
        responses.push({
          operationId: operation.operationId,
          response: await example.caller.request(operation.method, fillPath(operation.path, example.params), {
            body: example.body,
          }),
        });
      }
      const invitation = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/invitations`, {
        email: 'lecture@maillage.test',
        role: 'member',
      });
      const eco = await seedEcosystem(f.a.coordinator.api, f.a.id, 7);
      const ids = {
        territoryId: f.a.id,
        userId: f.a.member.id,
        invitationId: invitation.body.id,
        actorId: eco.association,
        contactId: eco.contactId,
        importId: eco.importId,
        reportId: eco.reportId,
        scheduleId: eco.scheduleId,
        priorityId: eco.priorityId,
        actionId: eco.actionId,
        allianceId: eco.activeAllianceId,
      };
      for (const operation of operations(document).filter((candidate) => candidate.method === 'GET')) {
        for (const caller of [f.admin.api, f.a.coordinator.api, f.a.member.api, f.observer.api]) {
          responses.push({
            operationId: operation.operationId,
            response: await caller.get(fillPath(operation.path, ids)),
          });
        }
      }
      expect(responses.filter(({ response }) => response.status === 200).length).toBeGreaterThan(20);
      for (const { operationId, response } of responses) {
        const allowed = new Set(ALLOWED_SECRET_KEYS[operationId] ?? []);
        const leaked = secretKeys(response.body).filter((key) => !allowed.has(key));
        expect({ operationId, leaked }).toEqual({ operationId, leaked: [] });
      }
    },
    SWEEP_TIMEOUT_MS,
  );
});
