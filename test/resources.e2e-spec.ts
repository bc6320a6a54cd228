import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import type { Page } from '@maillage/platform';
import { type RESOURCE_KIT } from '@maillage/contract';
import { startApi } from './support/app.js';

interface Resource {
  id: string;
  scope: string;
  kind: string;
  status: string;
  title: string;
  axis: string;
  sheetKind: string | null;
  fragilities: string[];
  file: { name: string; type: string; contentType: string; sizeBytes: number } | null;
  downloads: number;
  version: number;
}

interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
}

/** A small, valid PDF (one empty page), padded with a comment to `size` bytes when asked. */
function pdf(size = 0): Buffer {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n');
  const padding = Math.max(0, size - body.length);
  return Buffer.concat([
    Buffer.from(body),
    Buffer.from(`%${'x'.repeat(Math.max(0, padding - 2))}\n`.slice(0, padding)),
  ]);
}

/** A PNG signature and header: enough for the content check. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const HTML_AS_PDF = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const MAX_BYTES = 64 * 1024;

const LINK = { kind: 'link', url: 'https://www.lerameau.fr/' } as const;

describe(`resource centre (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  const national = '/resources';
  let territoryA: string;
  let territoryB: string;

  beforeAll(async () => {
    t = await startApi({ MAILLAGE_RESOURCE_MAX_BYTES: String(MAX_BYTES) });
    f = await createTenancyFixture(t);
    territoryA = `/territories/${f.a.id}/resources`;
    territoryB = `/territories/${f.b.id}/resources`;
  }, 120_000);

  afterAll(() => t?.close());

  const upload = (api: ApiClient, path: string, content: Buffer, type: string, filename?: string) =>
    api.upload<Resource & Problem>(`${path}/file`, content, type, filename ? { filename } : undefined, 'PUT');

  async function fileResource(api: ApiClient, base: string, body: Record<string, unknown>): Promise<Resource> {
    const created = await api.post<Resource>(base, { kind: 'file', ...body });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const uploaded = await upload(api, `${base}/${created.body.id}`, pdf(), 'application/pdf', 'guide.pdf');
    expect(uploaded.status).toBe(200);
    return uploaded.body;
  }

  it('serves the kit’s structure from the seeds: four axes, the toolbox’s four sheet kinds', async () => {
    const kit = await f.a.member.api.get<typeof RESOURCE_KIT>(`${national}/kit`);
    expect(kit.status).toBe(200);
    expect(kit.body.axes.map((axis) => [axis.value, axis.label])).toEqual([
      ['reference', 'Cadre de référence'],
      ['illustration', 'Illustrations'],
      ['method', 'Méthodes'],
      ['toolbox', 'Boîte à outils'],
    ]);
    const toolbox = kit.body.axes.find((axis) => axis.value === 'toolbox');
    expect(toolbox?.sheetKinds.map((kind) => kind.label)).toEqual([
      'Fiches contexte',
      'Fiches connaissance',
      'Guides pratiques',
      'Fiches outil',
    ]);
    expect(toolbox?.sheetKinds.find((kind) => kind.value === 'tool')?.examples).toContain(
      'Check list des questions d’une démarche d’évaluation des partenariats (LR, 2015)',
    );
    expect((await f.observer.api.get(`${national}/kit`)).status).toBe(200);
  });

  it('lets administrators and national bodies publish national resources, which every signed-in account reads', async () => {
    const byObserver = await f.observer.api.post<Resource>(national, {
      ...LINK,
      title: 'Partenariats associations – entreprises : le guide « Construire Ensemble »',
      axis: 'toolbox',
      sheetKind: 'practice',
      author: 'MEDEF / Le RAMEAU',
      publishedOn: '2014-06-01',
      fragilities: ['economic', 'social'],
      allianceModes: ['patronage'],
      audiences: ['company', 'association'],
    });
    expect(byObserver.status).toBe(201);
    expect(byObserver.body).toMatchObject({ scope: 'national', kind: 'link', status: 'published' });
    const byAdmin = await fileResource(f.admin.api, national, {
      title: 'Évaluations de l’utilité sociale des partenariats',
      axis: 'method',
      actionTypes: ['collective_experiment'],
      audiences: ['coordinator'],
    });
    expect(byAdmin.file).toMatchObject({ type: 'pdf', contentType: 'application/pdf', name: 'guide.pdf' });

    for (const reader of [f.a.member, f.b.coordinator, f.observer, f.admin]) {
      const page = await reader.api.get<Page<Resource>>(national);
      expect(page.status).toBe(200);
      expect(page.body.items.map((item) => item.id)).toEqual(expect.arrayContaining([byObserver.body.id, byAdmin.id]));
      expect((await reader.api.get(`${national}/${byAdmin.id}`)).status).toBe(200);
    }
    // A territory's coordinator or member does not publish nationally.
    for (const caller of [f.a.coordinator, f.a.member]) {
      const refused = await caller.api.post<Problem>(national, { ...LINK, title: 'Non', axis: 'reference' });
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await caller.api.delete(`${national}/${byAdmin.id}`)).status).toBe(403);
    }
    expect((await f.anonymous.get(national)).status).toBe(401);
  });

  it('keeps a territory’s resources to its members: coordinators publish, members read, nobody else sees them', async () => {
    const draft = await f.a.coordinator.api.post<Resource>(territoryA, {
      kind: 'file',
      title: 'Compte rendu du forum des partenaires',
      axis: 'illustration',
    });
    expect(draft.status).toBe(201);
    // A draft (no file yet) is for its editors only.
    expect((await f.a.member.api.get(`${territoryA}/${draft.body.id}`)).status).toBe(404);
    const list = await f.a.member.api.get<Page<Resource>>(territoryA);
    expect(list.body.items.map((item) => item.id)).not.toContain(draft.body.id);

    const uploaded = await upload(f.a.coordinator.api, `${territoryA}/${draft.body.id}`, pdf(), 'application/pdf');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.status).toBe('published');
    expect((await f.a.member.api.get(`${territoryA}/${draft.body.id}`)).status).toBe(200);

    // A member reads but does not publish.
    expect((await f.a.member.api.post(territoryA, { ...LINK, title: 'Non', axis: 'reference' })).status).toBe(403);
    // Territory B's people, and national observers, see nothing of A's: under A or under B.
    for (const outsider of [f.b.member, f.b.coordinator, f.observer]) {
      expect((await outsider.api.get(`${territoryA}/${draft.body.id}`)).status).toBe(404);
      expect((await outsider.api.get(`${territoryA}/${draft.body.id}/file`)).status).toBe(404);
    }
    expect((await f.b.coordinator.api.get(`${territoryB}/${draft.body.id}`)).status).toBe(404);
    expect((await f.b.coordinator.api.get(`${territoryB}/${draft.body.id}/file`)).status).toBe(404);
    const listB = await f.b.coordinator.api.get<Page<Resource>>(territoryB);
    expect(listB.body.items.map((item) => item.id)).not.toContain(draft.body.id);
    // Nor does the national list show it.
    const nationalList = await f.a.coordinator.api.get<Page<Resource>>(national);
    expect(nationalList.body.items.map((item) => item.id)).not.toContain(draft.body.id);

    // Its publication is in the territory's outbox and the audit log, named by its title.
    const events = await ownerQuery<{ kind: string }>(
      t.runtime,
      `select kind from domain_events where territory_id = $1 and subject_id = $2`,
      [f.a.id, draft.body.id],
    );
    expect(events.map((event) => event.kind)).toEqual(['resource.published']);
    const log = await f.a.coordinator.api.get<Page<{ entity: string; action: string; subject: string }>>(
      `/territories/${f.a.id}/audit-log`,
      { entity: 'resource' },
    );
    expect(log.body.items.map((entry) => [entry.action, entry.subject])).toEqual(
      expect.arrayContaining([
        ['create', 'Compte rendu du forum des partenaires'],
        ['upload', 'Compte rendu du forum des partenaires'],
      ]),
    );
  });

  it('tells the territory’s coordinators when someone else publishes a resource there', async () => {
    const created = await f.admin.api.post<Resource>(territoryA, {
      ...LINK,
      title: 'Annuaire des financeurs du territoire',
      axis: 'toolbox',
      sheetKind: 'context',
    });
    expect(created.status).toBe(201);
    const notifications = await f.a.coordinator.api.get<Page<{ text: string; link: string }>>('/me/notifications');
    expect(notifications.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          text: expect.stringContaining('« Annuaire des financeurs du territoire »') as unknown,
          link: `/t/${f.a.id}/ressources`,
        }),
      ]),
    );
  });

  it('recognises files from their content: an HTML page named .pdf is refused, nothing changes', async () => {
    const draft = await f.a.coordinator.api.post<Resource>(territoryA, {
      kind: 'file',
      title: 'Fiche outil piégée',
      axis: 'toolbox',
      sheetKind: 'tool',
    });
    const before = await f.a.coordinator.api.get<Resource>(`${territoryA}/${draft.body.id}`);
    for (const type of ['application/pdf', 'application/octet-stream']) {
      const refused = await upload(
        f.a.coordinator.api,
        `${territoryA}/${draft.body.id}`,
        HTML_AS_PDF,
        type,
        'fiche.pdf',
      );
      expect(refused.status).toBe(415);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('resource_file_type');
      expect(refused.body.detail).toContain('d’après le contenu');
    }
    // Sent as HTML, it is not even read.
    const html = await upload(f.a.coordinator.api, `${territoryA}/${draft.body.id}`, HTML_AS_PDF, 'text/html');
    expect(html.status).toBe(415);
    expect((await f.a.coordinator.api.get<Resource>(`${territoryA}/${draft.body.id}`)).body).toEqual(before.body);
    // An empty file, and a file sent for a link, are refused too.
    const empty = await upload(f.a.coordinator.api, `${territoryA}/${draft.body.id}`, Buffer.alloc(0), 'image/png');
    expect(empty.status).toBe(400);
    // A PNG is an image, whatever name it came with.
    const png = await upload(f.a.coordinator.api, `${territoryA}/${draft.body.id}`, PNG, 'application/pdf', 'a.pdf');
    expect(png.status).toBe(200);
    expect(png.body.file).toMatchObject({ type: 'png', contentType: 'image/png', name: 'a.png' });
  });

  it('refuses a file over MAILLAGE_RESOURCE_MAX_BYTES with a French 413, and takes one just under it', async () => {
    const draft = await f.a.coordinator.api.post<Resource>(territoryA, {
      kind: 'file',
      title: 'Rapport volumineux',
      axis: 'reference',
    });
    const tooLarge = await upload(
      f.a.coordinator.api,
      `${territoryA}/${draft.body.id}`,
      pdf(MAX_BYTES + 1),
      'application/pdf',
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooLarge.body.detail).toMatch(/dépasse 64 Kio/);
    expect((await f.a.coordinator.api.get<Resource>(`${territoryA}/${draft.body.id}`)).body.status).toBe('draft');
    const fits = await upload(f.a.coordinator.api, `${territoryA}/${draft.body.id}`, pdf(MAX_BYTES), 'application/pdf');
    expect(fits.status).toBe(200);
    expect(fits.body.file?.sizeBytes).toBe(MAX_BYTES);
  });

  it('serves files as attachments with their recognised type and nosniff, and counts downloads', async () => {
    const resource = await fileResource(f.a.coordinator.api, territoryA, {
      title: 'Plan d’une étude territoriale',
      axis: 'toolbox',
      sheetKind: 'tool',
    });
    for (let i = 0; i < 2; i += 1) {
      const download = await f.a.member.api.get(`${territoryA}/${resource.id}/file`);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="guide\.pdf"/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.text.startsWith('%PDF-1.4')).toBe(true);
    }
    expect((await f.a.member.api.get<Resource>(`${territoryA}/${resource.id}`)).body.downloads).toBe(2);
    // The most downloaded come first when asked.
    const popular = await f.a.member.api.get<Page<Resource>>(territoryA, { sort: 'popular' });
    expect(popular.body.items[0]?.id).toBe(resource.id);

    // A link has no file.
    const link = await f.a.coordinator.api.post<Resource>(territoryA, {
      ...LINK,
      title: 'Site du RAMEAU',
      axis: 'reference',
    });
    const noFile = await f.a.member.api.get<Problem>(`${territoryA}/${link.body.id}/file`);
    expect(noFile.status).toBe(409);
    expect(noFile.body.code).toBe('resource_not_a_file');
    // Its openings are counted instead (three, so it passes the file's two downloads), a file refuses that.
    for (let i = 1; i <= 3; i += 1) {
      const visit = await f.a.member.api.post<{ url: string; downloads: number }>(
        `${territoryA}/${link.body.id}/visits`,
      );
      expect(visit.status).toBe(200);
      expect(visit.body).toEqual({ url: 'https://www.lerameau.fr/', downloads: i });
    }
    const byOpenings = await f.a.member.api.get<Page<Resource>>(territoryA, { sort: 'popular' });
    expect(byOpenings.body.items.slice(0, 2).map((item) => item.id)).toEqual([link.body.id, resource.id]);
    const notALink = await f.a.member.api.post<Problem>(`${territoryA}/${resource.id}/visits`);
    expect(notALink.status).toBe(409);
    expect(notALink.body.code).toBe('resource_not_a_link');
    expect(notALink.body.detail).toBe('Cette ressource est un fichier : téléchargez-le.');
    // National files too, with the same headers.
    const nationalFile = await fileResource(f.admin.api, national, { title: 'Note prospective', axis: 'reference' });
    const fromNational = await f.b.member.api.get(`${national}/${nationalFile.id}/file`);
    expect(fromNational.status).toBe(200);
    expect(fromNational.headers['x-content-type-options']).toBe('nosniff');
    expect(fromNational.headers['content-disposition']).toMatch(/^attachment;/);
    expect((await f.admin.api.get<Resource>(`${national}/${nationalFile.id}`)).body.downloads).toBe(1);
  });

  it('searches in French: accents, case and plurals ignored', async () => {
    const titles = {
      partnerships: 'Partenariats entre associations et entreprises',
      evaluation: 'Évaluation des alliances',
      study: 'Réaliser une étude territoriale',
    };
    const ids: Record<string, string> = {};
    for (const [key, title] of Object.entries(titles)) {
      const created = await f.observer.api.post<Resource>(national, { ...LINK, title, axis: 'method' });
      ids[key] = created.body.id;
    }
    const search = async (q: string) =>
      (await f.a.member.api.get<Page<Resource>>(national, { q })).body.items.map((item) => item.id);
    expect(await search('partenariat')).toContain(ids.partnerships);
    expect(await search('evaluation')).toContain(ids.evaluation);
    expect(await search('EVALUATIONS')).toContain(ids.evaluation);
    expect(await search('études territoriales')).toContain(ids.study);
    expect(await search('etude')).not.toContain(ids.partnerships);
    expect(await search('évaluation')).not.toContain(ids.study);
  });

  it('filters by every tag', async () => {
    const base = territoryA;
    const tagged = await f.a.coordinator.api.post<Resource>(base, {
      ...LINK,
      title: 'Mécénat de compétences en milieu rural',
      axis: 'toolbox',
      sheetKind: 'knowledge',
      fragilities: ['environmental'],
      actionTypes: ['support'],
      allianceModes: ['societal_innovation'],
      audiences: ['foundation'],
    });
    expect(tagged.status).toBe(201);
    const ids = async (query: Record<string, string>) =>
      (await f.a.member.api.get<Page<Resource>>(base, query)).body.items.map((item) => item.id);
    const matching: Record<string, string>[] = [
      { axis: 'toolbox', sheetKind: 'knowledge' },
      { fragilities: 'environmental' },
      { fragilities: 'economic,environmental' },
      { actionTypes: 'support' },
      { allianceModes: 'societal_innovation' },
      { audiences: 'foundation' },
      { kind: 'link' },
    ];
    for (const query of matching) {
      expect({ query, found: (await ids(query)).includes(tagged.body.id) }).toEqual({ query, found: true });
    }
    const others: Record<string, string>[] = [
      { axis: 'method' },
      { sheetKind: 'tool' },
      { fragilities: 'social' },
      { actionTypes: 'animation' },
      { allianceModes: 'patronage' },
      { audiences: 'company' },
      { kind: 'file' },
    ];
    for (const query of others) {
      expect({ query, found: (await ids(query)).includes(tagged.body.id) }).toEqual({ query, found: false });
    }
    const wrong = await f.a.member.api.get<Problem>(base, { fragilities: 'economic,unknown' });
    expect(wrong.status).toBe(400);
  });

  it('refuses incoherent descriptions in French and changes nothing; edits need the current version', async () => {
    const cases: Record<string, unknown>[] = [
      { kind: 'link', title: 'Sans adresse', axis: 'reference' },
      { kind: 'file', title: 'Fichier avec adresse', axis: 'reference', url: 'https://example.org/' },
      { kind: 'link', title: 'Fiche hors boîte', axis: 'method', sheetKind: 'tool', url: 'https://example.org/' },
      { kind: 'link', title: 'Adresse piégée', axis: 'method', url: 'javascript:alert(1)' },
      { kind: 'link', title: '', axis: 'method', url: 'https://example.org/' },
    ];
    const before = await f.a.coordinator.api.get<Page<Resource>>(territoryA, { limit: '100' });
    for (const body of cases) {
      const refused = await f.a.coordinator.api.post<Problem>(territoryA, body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await f.a.coordinator.api.get<Page<Resource>>(territoryA, { limit: '100' })).body).toEqual(before.body);

    const link = await f.a.coordinator.api.post<Resource>(territoryA, {
      ...LINK,
      title: 'Guide à revoir',
      axis: 'toolbox',
      sheetKind: 'practice',
    });
    const path = `${territoryA}/${link.body.id}`;
    const noVersion = await f.a.coordinator.api.patch(path, { title: 'Guide revu' });
    expect(noVersion.status).toBe(428);
    const moved = await f.a.coordinator.api.request<Resource>('PATCH', path, {
      body: { title: 'Guide revu', axis: 'method' },
      headers: { 'if-match': `"${link.body.version}"` },
    });
    expect(moved.status).toBe(200);
    // Leaving the toolbox leaves its sheet kind.
    expect(moved.body).toMatchObject({ title: 'Guide revu', axis: 'method', sheetKind: null, version: 2 });
    const stale = await f.a.coordinator.api.request('PATCH', path, {
      body: { title: 'Trop tard' },
      headers: { 'if-match': `"${link.body.version}"` },
    });
    expect(stale.status).toBe(412);
    expect((await f.a.coordinator.api.delete(path)).status).toBe(204);
    expect((await f.a.member.api.get(path)).status).toBe(404);
  });
});
