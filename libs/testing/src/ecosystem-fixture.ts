import type { ApiClient } from './api-client.js';
import { companyIds } from './french-data.js';
import { pollUntil } from './poll.js';

export interface EcosystemFixture {
  priorityId: string;
  association: string;
  company: string;
  publicBody: string;
  contactId: string;
  actionId: string;
  experimentId: string;
  supportId: string;
  allianceId: string;
  /** An active alliance, already evaluated by one party. */
  activeAllianceId: string;
  importId: string;
  /** A completed alliances export. */
  reportId: string;
  /** A yearly report schedule (it does not run during tests). */
  scheduleId: string;
  /** A file resource of the territory's centre, its PDF uploaded. */
  resourceId: string;
  /** An open PHARE study: the association's contact invited (mail handled), one answer through the public link. */
  studyId: string;
}

function check<T>(response: { status: number; text: string; body: T }, what: string): T {
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${response.text}`);
  return response.body;
}

/** A small, realistic ecosystem in a territory of the Lyon metropolitan area, built through the API. */
export async function seedEcosystem(coordinator: ApiClient, territoryId: string, seed = 1): Promise<EcosystemFixture> {
  const base = `/territories/${territoryId}`;
  const priority = check(
    await coordinator.post<{ id: string }>(`${base}/priorities`, {
      title: 'Insertion professionnelle des jeunes',
      fragilities: ['social', 'economic'],
    }),
    'priority',
  );
  const association = check(
    await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'association',
      name: `Passerelles Emploi Villeurbanne ${seed}`,
      employer: true,
      rna: `W69${String(1_000_000 + seed).padStart(7, '0')}`,
      nafCode: '88.99B',
      communeCode: '69266',
      latitude: 45.7719,
      longitude: 4.8902,
      fragilities: ['social'],
      priorityIds: [priority.id],
      tags: ['insertion', 'jeunesse'],
      description: 'Coopérative d’accompagnement vers l’emploi des jeunes du quartier.',
    }),
    'association',
  );
  const company = check(
    await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'company',
      name: `Atelier Numérique Lyonnais ${seed}`,
      sizeClass: 'sme',
      ...companyIds(seed),
      nafCode: '62.01Z',
      communeCode: '69123',
      latitude: 45.764,
      longitude: 4.8357,
      fragilities: ['economic'],
    }),
    'company',
  );
  const publicBody = check(
    await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'public_body',
      name: `Mission locale de Lyon ${seed}`,
      communeCode: '69123',
    }),
    'public body',
  );
  const contact = check(
    await coordinator.post<{ id: string }>(`${base}/actors/${association.id}/contacts`, {
      name: 'Camille Durand',
      role: 'Directrice',
      email: 'camille.durand@passerelles.example',
      consentNote: 'Accord oral recueilli le 3 mars 2026',
    }),
    'contact',
  );
  const action = check(
    await coordinator.post<{ id: string }>(`${base}/actions`, {
      type: 'animation',
      title: 'Forum emploi et entreprises du quartier',
      startDate: '2026-03-12',
      priorityIds: [priority.id],
      participants: [
        { actorId: association.id, role: 'organiser' },
        { actorId: company.id, role: 'participant' },
      ],
      animation: { format: 'forum', place: 'Maison du projet, Villeurbanne', headcount: 85 },
    }),
    'action',
  );
  const alliance = check(
    await coordinator.post<{ id: string }>(`${base}/alliances`, {
      title: 'Mécénat de compétences numériques',
      parties: [
        { actorId: association.id, role: 'bénéficiaire' },
        { actorId: company.id, role: 'mécène' },
      ],
      modes: ['patronage'],
      patronageKinds: ['skills'],
      originActionId: action.id,
      priorityIds: [priority.id],
    }),
    'alliance',
  );
  const experiment = check(
    await coordinator.post<{ id: string }>(`${base}/actions`, {
      type: 'collective_experiment',
      title: 'Garage solidaire partagé',
      startDate: '2026-01-15',
      participants: [
        { actorId: association.id, role: 'pilot' },
        { actorId: publicBody.id, role: 'funder' },
      ],
      experiment: {
        phase: 'design',
        objectives: ['Réparer 300 véhicules par an'],
        indicators: [{ name: 'Véhicules réparés', unit: 'véhicules', target: 300, measured: 40 }],
      },
    }),
    'experiment',
  );
  const support = check(
    await coordinator.post<{ id: string }>(`${base}/actions`, {
      type: 'support',
      title: 'Accompagnement de la stratégie partenariale',
      startDate: '2026-02-01',
      support: {
        supportedActorId: association.id,
        diagnosis: 'Besoin de diversifier les partenaires privés',
        sessions: [
          { date: '2026-02-01', minutes: 90 },
          { date: '2026-02-15', minutes: 60 },
        ],
      },
    }),
    'support',
  );
  const active = check(
    await coordinator.post<{ id: string }>(`${base}/alliances`, {
      title: 'Coopération pour l’insertion',
      parties: [
        { actorId: association.id, role: 'porteur' },
        { actorId: publicBody.id, role: 'partenaire' },
      ],
      modes: ['economic_cooperation', 'societal_innovation'],
      fragilities: ['social'],
      // Begun before it was recorded: its past half-years can be evaluated.
      startDate: '2026-01-05',
    }),
    'active alliance',
  );
  for (const to of ['under_discussion', 'active']) {
    check(await coordinator.post(`${base}/alliances/${active.id}/transitions`, { to }), `transition to ${to}`);
  }
  check(
    await coordinator.put(`${base}/alliances/${active.id}/evaluations`, {
      actorId: association.id,
      period: '2026-S1',
      product: 4,
      balance: 3,
      contribution: 4,
      comment: 'Une coopération qui porte ses fruits',
    }),
    'evaluation',
  );
  const upload = check(
    await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from('Nom;Catégorie;Commune\nRecyclerie du Grand Parc;association;69266\n', 'utf8'),
      'text/csv',
      { filename: 'acteurs.csv' },
    ),
    'import',
  );
  await waitForImport(coordinator, territoryId, upload.id, 'analysed');
  const report = check(
    await coordinator.post<{ id: string }>(`${base}/reports`, {
      type: 'alliances_export',
      format: 'csv',
      params: { delimiter: ';' },
    }),
    'report',
  );
  await waitForReport(coordinator, territoryId, report.id);
  const schedule = check(
    await coordinator.post<{ id: string }>(`${base}/report-schedules`, {
      type: 'territory_activity',
      format: 'pdf',
      params: { from: '2026-01-01', to: '2026-12-31' },
      cron: '0 7 2 1 *',
      timezone: 'Europe/Paris',
      keepLast: 3,
    }),
    'schedule',
  );
  const resource = check(
    await coordinator.post<{ id: string }>(`${base}/resources`, {
      kind: 'file',
      title: 'Fiche outil : animer un groupe de travail territorial',
      axis: 'toolbox',
      sheetKind: 'tool',
      fragilities: ['social'],
      actionTypes: ['animation'],
      audiences: ['coordinator'],
    }),
    'resource',
  );
  check(
    await coordinator.upload(
      `${base}/resources/${resource.id}/file`,
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
      'application/pdf',
      { filename: 'groupe-de-travail.pdf' },
      'PUT',
    ),
    'resource file',
  );
  const study = check(await coordinator.post<{ id: string }>(`${base}/studies`, { templateKey: 'phare' }), 'study');
  check(await coordinator.post(`${base}/studies/${study.id}/open`), 'study opening');
  check(
    await coordinator.post(`${base}/studies/${study.id}/invitations`, { actorIds: [association.id] }),
    'invitation',
  );
  const publicLink = check(
    await coordinator.post<{ token: string }>(`${base}/studies/${study.id}/public-link`),
    'study public link',
  );
  check(
    await coordinator.as(undefined).post(`/study-answers/${encodeURIComponent(publicLink.token)}`, {
      answers: {
        perceived_fragilities: ['social'],
        priority_issues: ['isolation'],
        duty_of_alliances: 'agree',
        partnership_innovation: 'strongly_agree',
        territory_dynamic: 'emerging',
        willingness: 'yes',
      },
    }),
    'study answer',
  );
  // The invitation's mail job done (sent, or logged without SMTP): nothing moves afterwards.
  await pollUntil(
    'the study invitation mail',
    () => coordinator.get<{ pendingMails: number }>(`${base}/studies/${study.id}`),
    (answer) => answer.body.pendingMails === 0,
  );
  check(await coordinator.put(`${base}/observatory-sharing`, { sharing: true }), 'observatory sharing');
  return {
    studyId: study.id,
    resourceId: resource.id,
    scheduleId: schedule.id,
    reportId: report.id,
    importId: upload.id,
    experimentId: experiment.id,
    supportId: support.id,
    activeAllianceId: active.id,
    priorityId: priority.id,
    association: association.id,
    company: company.id,
    publicBody: publicBody.id,
    contactId: contact.id,
    actionId: action.id,
    allianceId: alliance.id,
  };
}

/** Polls an import until it reaches `status` (the worker runs in the test process). */
export async function waitForImport(
  coordinator: ApiClient,
  territoryId: string,
  importId: string,
  status: 'analysed' | 'completed' | 'failed',
  timeoutMs = 60_000,
): Promise<{ status: string; progress: number; summary: Record<string, number> | null }> {
  const current = await pollUntil(
    `import ${importId} to be ${status}`,
    () =>
      coordinator.get<{ status: string; progress: number; summary: Record<string, number> | null }>(
        `/territories/${territoryId}/imports/${importId}`,
      ),
    (answer) => {
      if (answer.body.status === status) return true;
      if (answer.body.status === 'failed')
        throw new Error(`import ${importId}: expected ${status}, got ${answer.text}`);
      return false;
    },
    { timeoutMs },
  );
  return current.body;
}

/**
 * Polls the territory's graph until the stored snapshot reflects every change made so far (200,
 * not stale): its recomputation runs in the worker, after the debounce delay.
 */
export async function waitForGraph<T extends { stale?: boolean }>(
  coordinator: ApiClient,
  territoryId: string,
  timeoutMs = 60_000,
): Promise<T> {
  const current = await pollUntil(
    'the graph snapshot to be current',
    () => coordinator.get<T>(`/territories/${territoryId}/graph`),
    (answer) => answer.status === 200 && answer.body.stale === false,
    { timeoutMs, intervalMs: 200 },
  );
  return current.body;
}

/** Polls a report until it is completed, failed or cancelled. */
export async function waitForReport(
  coordinator: ApiClient,
  territoryId: string,
  reportId: string,
  timeoutMs = 60_000,
): Promise<{ status: string; progress: number; error: string | null; attempts: number }> {
  const current = await pollUntil(
    `report ${reportId} to finish`,
    () =>
      coordinator.get<{ status: string; progress: number; error: string | null; attempts: number }>(
        `/territories/${territoryId}/reports/${reportId}`,
      ),
    (answer) => ['completed', 'failed', 'cancelled'].includes(answer.body.status),
    { timeoutMs },
  );
  return current.body;
}

/** Runs the observatory rollup now (as a platform administrator) and waits for its publication. */
export async function runObservatoryRollup(admin: ApiClient, timeoutMs = 90_000): Promise<{ territories: number }> {
  const ordered = await admin.post<{ jobId: string }>('/observatory/rollups');
  if (ordered.status !== 202) throw new Error(`rollup not ordered: ${ordered.status} ${ordered.text}`);
  const state = await pollUntil(
    `rollup ${ordered.body.jobId} to complete`,
    () =>
      admin.get<{ state: string; result: { territories: number }; failedReason: string | null }>(
        `/observatory/rollups/${ordered.body.jobId}`,
      ),
    (answer) => {
      if (answer.body.state === 'failed') throw new Error(`rollup failed: ${answer.body.failedReason}`);
      return answer.body.state === 'completed';
    },
    { timeoutMs },
  );
  return state.body.result;
}
