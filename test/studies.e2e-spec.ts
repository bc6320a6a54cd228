import { JobQueue } from '@maillage/platform';
import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  pollUntil,
  type ApiClient,
  type ApiResponse,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';
import { SmtpInbox } from './support/smtp-inbox.js';

const PUBLIC_URL = 'http://maillage.test';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

interface Question {
  key: string;
  kind: string;
  label: string;
  required: boolean;
  prisms?: string[];
  options?: { key: string; label: string; fragility?: string }[];
  [other: string]: unknown;
}
interface Study {
  id: string;
  title: string;
  status: string;
  prisms: string[];
  currentVersion: number;
  versions: number;
  version: number;
  questions: Question[];
  invitations: { total: number; answered: number };
  invitationsByPrism: Record<string, { total: number; answered: number }>;
  responses: { total: number; byPrism: Record<string, number> };
  responseRate: number | null;
  publicLinkOpen: boolean;
}
interface PrismResult {
  respondents: number | null;
  suppressed: boolean;
  options?: { key: string; count: number | null; percent: number | null }[];
  mean?: number | null;
  texts?: string[];
}
interface QuestionResult {
  key: string;
  label: string;
  byPrism: Record<string, PrismResult>;
  all: PrismResult;
}
interface Results {
  threshold: number;
  responses: { total: number | null; byPrism: Record<string, number | null> };
  questions: QuestionResult[];
}
interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** Figures of one prism as `option: count/percent` pairs, for compact expectations. */
const shares = (result: PrismResult | undefined) =>
  Object.fromEntries((result?.options ?? []).map((option) => [option.key, [option.count, option.percent]]));

/** No English and no raw code in text meant for people (French words only). */
const CODES =
  /\b(public_body|inhabitant|association_|company|study|invitation_|phare|duty_of_alliances|null|undefined)\b/i;

/**
 * A PHARE study from start to close: adapted (in place before answers, a version 2 after),
 * opened, sent to contact persons of actors of several categories (real mails read from an SMTP
 * server in the test process), answered through one-time links (once, even twice at the same
 * instant), reminded (the old link stops working), answered by inhabitants through the public
 * link (one answer per browser, a per-address hourly limit), read by prism with hand-computed
 * figures and suppression, exported, turned into enjeux, and closed (addresses and fingerprints
 * erased).
 */
describe(`territorial studies (${engineKind()} engine)`, () => {
  const inbox = new SmtpInbox();
  let t: TestApp;
  let f: TenancyFixture;
  let api: ApiClient;
  let base: string;
  let studyId: string;
  const contacts: Record<string, string> = {};

  const linkIn = (text: string): string => {
    const match = new RegExp(`${PUBLIC_URL}/etude/(\\S+)`).exec(text);
    if (!match?.[1]) throw new Error(`no answer link in: ${text}`);
    return decodeURIComponent(match[1]);
  };
  const mailsTo = (address: string) => inbox.to(address);
  const lastLink = async (address: string, count: number): Promise<string> => {
    const mails = await pollUntil(
      `mail ${count} to ${address}`,
      async () => mailsTo(address),
      (list) => list.length >= count,
    );
    return linkIn(mails[count - 1]?.text ?? '');
  };
  const answer = (
    token: string,
    answers: Record<string, unknown>,
    headers: Record<string, string> = {},
    remoteAddress?: string,
  ) =>
    f.anonymous.request<Problem & { message: string }>('POST', `/study-answers/${encodeURIComponent(token)}`, {
      body: { answers },
      headers,
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  const study = async () => (await api.get<Study>(`${base}/studies/${studyId}`)).body;
  const expectFrench = (response: ApiResponse<unknown>, status: number, code: string) => {
    expect({ status: response.status, code: (response.body as Problem).code }).toEqual({ status, code });
    expect((response.body as Problem).detail).toMatch(/[éèàêçôù’]|[A-Z][a-z]+ /);
  };
  const countRows = async (sql: string, params: unknown[]) =>
    Number((await ownerQuery<{ n: string }>(t.runtime, sql, params))[0]?.n ?? 0);

  beforeAll(async () => {
    await inbox.start();
    t = await startApi({
      SMTP_URL: inbox.url,
      MAILLAGE_PUBLIC_URL: PUBLIC_URL,
      MAILLAGE_MAIL_RETRY_SECONDS: '1',
      MAILLAGE_STUDY_PUBLIC_MAX_ANSWERS_PER_HOUR: '5',
    });
    f = await createTenancyFixture(t);
    api = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    // Actors of five categories and their contact persons (one without an address, one actor without any).
    const actor = async (category: string, name: string, people: [string, string | null][]) => {
      const created = await api.post<{ id: string }>(`${base}/actors`, { category, name, communeCode: '69123' });
      expect(created.status).toBe(201);
      for (const [key, email] of people) {
        const contact = await api.post<{ id: string }>(`${base}/actors/${created.body.id}/contacts`, {
          name: `Personne ${key}`,
          ...(email ? { email } : {}),
        });
        expect(contact.status).toBe(201);
        if (email) contacts[key] = email;
      }
      return created.body.id;
    };
    await actor('association', 'Passerelles Emploi', [
      ['a1', 'a1@asso.example'],
      ['a2', 'a2@asso.example'],
      ['a0', null],
    ]);
    await actor('foundation', 'Fondation du Rhône', [['a3', 'a3@fondation.example']]);
    await actor('company', 'Atelier Numérique', [['c1', 'c1@atelier.example']]);
    await actor('public_body', 'Mairie sans contact', []);
    await actor('academic', 'Université Lumière', [['p1', 'p1@univ.example']]);
    await actor('citizen_group', 'Collectif des Pentes', [['h1', 'h1@collectif.example']]);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  it('creates a study from the PHARE template and adapts it in place while nobody has answered', async () => {
    const templates = await api.get<{ items: { key: string; title: string; source: string; questions: Question[] }[] }>(
      `${base}/studies/templates`,
    );
    expect(templates.body.items.map((template) => template.key)).toEqual([
      'phare',
      'diagnostic',
      'partnership_evaluation',
    ]);
    const phare = templates.body.items[0];

    const created = await api.post<Study>(`${base}/studies`, { templateKey: 'phare' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: phare?.title,
      status: 'draft',
      prisms: ['association', 'company', 'public_body', 'inhabitant'],
      currentVersion: 1,
      versions: 1,
      invitations: { total: 0, answered: 0 },
      responseRate: null,
      publicLinkOpen: false,
    });
    expect(created.body.questions).toEqual(phare?.questions);
    studyId = created.body.id;

    // Nothing is sent before the study opens.
    expectFrench(await api.post(`${base}/studies/${studyId}/invitations`, {}), 409, 'study_not_open');

    // A refused questionnaire: every problem in French, nothing changed.
    const bad = await api.request<Problem>('PATCH', `${base}/studies/${studyId}`, {
      headers: { 'if-match': '"1"' },
      body: {
        questions: [
          { key: 'Bad Key', kind: 'single', label: 'Q', options: [{ label: 'Oui' }] },
          { kind: 'scale', label: '  ', min: 5, max: 3 },
          {
            key: 'dup',
            kind: 'multiple',
            label: 'Choix',
            maxChoices: 3,
            options: [
              { key: 'x', label: 'X' },
              { key: 'x', label: 'Y' },
            ],
          },
          { key: 'dup', kind: 'text', label: 'Texte' },
        ],
      },
    });
    expectFrench(bad, 400, 'invalid_questionnaire');
    expect(bad.body.errors?.map((error) => error.field)).toEqual([
      'questions[0].key',
      'questions[0].options',
      'questions[1].label',
      'questions[1].min',
      'questions[2].options[1].key',
      'questions[2].maxChoices',
      'questions[3].key',
    ]);
    expect((await study()).version).toBe(1);

    // Before any answer: the same version changes in place; a new question gets a key.
    const questions = phare?.questions.map((question) =>
      question.key === 'willingness' ? { ...question, label: 'Souhaitez-vous agir avec d’autres acteurs ?' } : question,
    );
    const adapted = await api.request<Study>('PATCH', `${base}/studies/${studyId}`, {
      headers: { 'if-match': '"1"' },
      body: { title: 'Regard croisé 2026', questions },
    });
    expect(adapted.status).toBe(200);
    expect(adapted.body).toMatchObject({ title: 'Regard croisé 2026', currentVersion: 1, versions: 1, version: 2 });
    expect(adapted.body.questions.find((q) => q.key === 'willingness')?.label).toBe(
      'Souhaitez-vous agir avec d’autres acteurs ?',
    );
    // A stale version is refused.
    expectFrench(
      await api.request('PATCH', `${base}/studies/${studyId}`, {
        headers: { 'if-match': '"1"' },
        body: { title: 'X' },
      }),
      412,
      'version_mismatch',
    );

    // Roles: a member sees no studies; a coordinator of another territory neither.
    expect((await f.a.member.api.get(`${base}/studies`)).status).toBe(403);
    expect([403, 404]).toContain((await f.b.coordinator.api.get(`${base}/studies/${studyId}`)).status);
    expect((await f.b.coordinator.api.get(`/territories/${f.b.id}/studies/${studyId}`)).status).toBe(404);
  });

  it('invites contact persons of actors of several categories by mail, once each', async () => {
    expect((await api.post<Study>(`${base}/studies/${studyId}/open`)).body.status).toBe('open');
    expectFrench(await api.post(`${base}/studies/${studyId}/open`), 409, 'study_not_draft');

    // The first delivery to a1 is refused by the server: the job retries it.
    inbox.refuseOnce(contacts.a1 as string);
    const sent = await api.post(`${base}/studies/${studyId}/invitations`, {});
    expect(sent.status).toBe(200);
    // a1, a2, a3 (association prism), c1 (company), p1 (academic: public bodies), h1 (citizen group: inhabitants);
    // the mayor's office has no contact with an address.
    expect(sent.body).toEqual({ invited: 6, alreadyInvited: 0, withoutEmail: 1, outsidePrisms: 0 });
    const again = await api.post(`${base}/studies/${studyId}/invitations`, {
      categories: ['association', 'foundation'],
    });
    expect(again.body).toEqual({ invited: 0, alreadyInvited: 3, withoutEmail: 0, outsidePrisms: 0 });

    for (const address of Object.values(contacts)) await lastLink(address, 1);
    const mail = mailsTo(contacts.p1 as string)[0];
    expect(mail?.subject).toBe(`${'Métropole de Lyon'} vous invite à répondre à l’étude « Regard croisé 2026 »`);
    const words = (mail?.text ?? '').replace(/https?:\/\/\S+/g, '');
    expect(words).toContain('Regard croisé 2026');
    expect(words).toContain('anonymes');
    // The public bodies' questionnaire: the nine questions of every prism but one for inhabitants, plus the role.
    expect(words).toContain('Le questionnaire compte 10 questions et prend environ 5 minutes.');
    expect(words).not.toMatch(UUID);
    expect(words).not.toMatch(CODES);

    // A repeated mail job sends nothing more (the link is claimed once).
    const [invitation] = await ownerQuery<{ id: string; generation: number }>(
      t.runtime,
      `select id, generation from study_invitations where territory_id = $1 and email = $2`,
      [f.a.id, contacts.c1],
    );
    const jobs = t.app.get(JobQueue);
    await jobs.enqueue(
      'studies.invitation-mail',
      {
        territoryId: f.a.id,
        studyId,
        invitationId: invitation?.id as string,
        generation: invitation?.generation as number,
      },
      { jobId: 'study-mail-repeated' },
    );
    expect(await jobs.waitUntilFinished('system', 'study-mail-repeated', 30_000)).toEqual({
      state: 'completed',
      result: { status: 'skipped' },
    });
    expect(Object.values(contacts).map((address) => mailsTo(address).length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await countRows(`select count(*) as n from study_invitations where territory_id = $1`, [f.a.id])).toBe(6);
  });

  it('records the associations’ answers once, then adapts the questionnaire as version 2', async () => {
    const page = await f.anonymous.get<{
      prism: string;
      channel: string;
      questions: Question[];
      territoryName: string;
    }>(`/study-answers/${encodeURIComponent(await lastLink(contacts.a1 as string, 1))}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      prism: 'association',
      channel: 'invitation',
      territoryName: 'Métropole de Lyon',
    });
    // Associations are not asked the public bodies' role question.
    expect(page.body.questions.map((q) => q.key)).not.toContain('respondent_role');

    const a1 = await lastLink(contacts.a1 as string, 1);
    // Refused answers: listed in French, nothing recorded, the link still works.
    const refused = await answer(a1, {
      duty_of_alliances: 'maybe',
      priority_issues: ['employment', 'housing', 'mobility', 'isolation'],
      unknown: 1,
    });
    expectFrench(refused, 400, 'invalid_answers');
    expect(refused.body.errors?.map((error) => error.field).sort()).toEqual([
      'answers.duty_of_alliances',
      'answers.partnership_innovation',
      'answers.partnership_practice',
      'answers.perceived_fragilities',
      'answers.priority_issues',
      'answers.territory_dynamic',
      'answers.unknown',
      'answers.willingness',
    ]);
    expect(await countRows(`select count(*) as n from study_responses where territory_id = $1`, [f.a.id])).toBe(0);

    const first = await answer(a1, ASSOCIATIONS.a1);
    expect(first.status).toBe(201);
    expect(first.body.message).toBe('Merci, votre réponse est enregistrée.');
    expectFrench(await answer(a1, ASSOCIATIONS.a1), 410, 'study_already_answered');
    const used = await f.anonymous.get<Problem>(`/study-answers/${encodeURIComponent(a1)}`);
    expect(used.status).toBe(410);
    expect(used.body.detail).toBe('Vous avez déjà répondu à cette étude. Merci !');
    expect((await answer(await lastLink(contacts.a2 as string, 1), ASSOCIATIONS.a2)).status).toBe(201);
    expect((await answer(await lastLink(contacts.a3 as string, 1), ASSOCIATIONS.a3)).status).toBe(201);
    // The address of whoever answered is gone; nothing links a response to an invitation.
    expect(
      await countRows(
        `select count(*) as n from study_invitations where territory_id = $1 and answered and email is not null`,
        [f.a.id],
      ),
    ).toBe(0);

    // Answers exist: a changed questionnaire becomes version 2.
    const current = await study();
    const questions: unknown[] = current.questions.map((question) =>
      question.key === 'duty_of_alliances' ? { ...question, label: DUTY_V2 } : question,
    );
    questions.push({
      kind: 'scale',
      label: 'Quelle confiance accordez-vous aux acteurs locaux ?',
      min: 1,
      max: 5,
      minLabel: 'Aucune',
      maxLabel: 'Totale',
    });
    const v2 = await api.request<Study>('PATCH', `${base}/studies/${studyId}`, {
      headers: { 'if-match': `"${current.version}"` },
      body: { questions },
    });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ currentVersion: 2, versions: 2 });
    expect(v2.body.questions.at(-1)).toMatchObject({ key: 'question_1', kind: 'scale', required: false });
    const versions = await ownerQuery<{ number: number; label: string }>(
      t.runtime,
      `select number, (select q->>'label' from jsonb_array_elements(questions) q where q->>'key' = 'duty_of_alliances') as label
       from study_versions where territory_id = $1 and study_id = $2 order by number`,
      [f.a.id, studyId],
    );
    expect(versions.map((row) => row.number)).toEqual([1, 2]);
    expect(versions[1]?.label).toBe(DUTY_V2);
    expect(versions[0]?.label).not.toBe(DUTY_V2);
  });

  it('reminds the others with new links (the old one stops working), and keeps one answer of two sent at once', async () => {
    const oldC1 = await lastLink(contacts.c1 as string, 1);
    const reminded = await api.post(`${base}/studies/${studyId}/reminders`);
    expect(reminded.body).toEqual({ reminded: 3 });
    const c1 = await lastLink(contacts.c1 as string, 2);
    expect(mailsTo(contacts.c1 as string)[1]?.subject).toMatch(/^Rappel : /);
    expect(mailsTo(contacts.a1 as string)).toHaveLength(1);
    expectFrench(await f.anonymous.get(`/study-answers/${encodeURIComponent(oldC1)}`), 404, 'invalid_study_link');
    expect((await answer(oldC1, COMPANY)).status).toBe(404);
    expect((await answer(c1, { ...COMPANY, question_1: 4 })).status).toBe(201);

    // The same link sent twice at the same instant: exactly one response.
    const p1 = await lastLink(contacts.p1 as string, 2);
    const before = await countRows(`select count(*) as n from study_responses where territory_id = $1`, [f.a.id]);
    const both = await Promise.all([answer(p1, PUBLIC_BODY), answer(p1, PUBLIC_BODY)]);
    expect(both.map((response) => response.status).sort()).toEqual([201, 410]);
    expect(await countRows(`select count(*) as n from study_responses where territory_id = $1`, [f.a.id])).toBe(
      before + 1,
    );

    expect((await answer(await lastLink(contacts.h1 as string, 2), INHABITANTS.h1)).status).toBe(201);
    expect((await study()).invitations).toEqual({ total: 6, answered: 6 });
    // A token of territory A with territory B's id names nothing.
    const [, secret] = c1.split('.');
    expect((await f.anonymous.get(`/study-answers/${f.b.id}.${secret}`)).status).toBe(404);
  });

  it('takes inhabitants’ answers through the public link: one per browser, a limit per address', async () => {
    const opened = await api.post<{ url: string; token: string }>(`${base}/studies/${studyId}/public-link`);
    expect(opened.status).toBe(200);
    expect(opened.body.url).toBe(`${PUBLIC_URL}/etude/${encodeURIComponent(opened.body.token)}`);
    const token = opened.body.token;
    const page = await f.anonymous.get<{ prism: string; channel: string; questions: Question[] }>(
      `/study-answers/${encodeURIComponent(token)}`,
    );
    expect(page.body).toMatchObject({ prism: 'inhabitant', channel: 'public' });
    expect(page.body.questions.map((q) => q.key)).toEqual([
      'perceived_fragilities',
      'priority_issues',
      'duty_of_alliances',
      'partnership_innovation',
      'territory_dynamic',
      'willingness',
      'comment',
      'question_1',
    ]);

    const browser = (n: number) => ({ 'user-agent': `Mozilla/5.0 Navigateur ${n}` });
    for (const [index, answers] of INHABITANTS.public.slice(0, 5).entries())
      expect((await answer(token, answers, browser(index + 1), '10.0.0.1')).status).toBe(201);
    const responses = await countRows(`select count(*) as n from study_responses where territory_id = $1`, [f.a.id]);
    // The same browser again: refused, whatever it answers.
    const twice = await answer(token, INHABITANTS.public[5] as Record<string, unknown>, browser(1), '10.0.0.1');
    expectFrench(twice, 409, 'study_answered_from_device');
    expect(twice.body.detail).toBe('Une réponse a déjà été envoyée depuis cet appareil.');
    // A sixth browser behind the same address: over the hourly limit (5 here).
    const limited = await answer(token, INHABITANTS.public[5] as Record<string, unknown>, browser(6), '10.0.0.1');
    expectFrench(limited, 429, 'too_many_study_answers');
    expect(await countRows(`select count(*) as n from study_responses where territory_id = $1`, [f.a.id])).toBe(
      responses,
    );
    // From another address it goes through (nothing was kept of the refused one).
    expect((await answer(token, INHABITANTS.public[5] as Record<string, unknown>, browser(6), '10.0.0.2')).status).toBe(
      201,
    );

    // A renewed link replaces the previous one.
    const renewed = await api.post<{ token: string }>(`${base}/studies/${studyId}/public-link`);
    expect((await f.anonymous.get(`/study-answers/${encodeURIComponent(token)}`)).status).toBe(404);
    expect((await f.anonymous.get(`/study-answers/${encodeURIComponent(renewed.body.token)}`)).status).toBe(200);
    expect((await api.delete(`${base}/studies/${studyId}/public-link`)).status).toBe(204);
    expect((await f.anonymous.get(`/study-answers/${encodeURIComponent(renewed.body.token)}`)).status).toBe(404);
    const summary = await study();
    expect(summary.responses).toEqual({
      total: 12,
      byPrism: { association: 3, company: 1, public_body: 1, inhabitant: 7 },
    });
    expect(summary).toMatchObject({ responseRate: 1, publicLinkOpen: false });
  });

  it('reads the results by prism with hand-computed figures and suppression under 5', async () => {
    const results = (await api.get<Results>(`${base}/studies/${studyId}/results`)).body;
    expect(results.threshold).toBe(5);
    // Three prisms under 5 (not one alone): the total may be shown.
    expect(results.responses).toEqual({
      total: 12,
      byPrism: { association: null, company: null, public_body: null, inhabitant: 7 },
    });
    const question = (key: string) => results.questions.find((q) => q.key === key) as QuestionResult;
    const hidden = { respondents: null, suppressed: true };

    // Version-1 answers (the associations') count under the kept key, with the version-2 label.
    const duty = question('duty_of_alliances');
    expect(duty.label).toBe(DUTY_V2);
    expect(duty.byPrism.association).toMatchObject(hidden);
    expect(shares(duty.byPrism.association).agree).toEqual([null, null]);
    expect(duty.byPrism.company).toMatchObject(hidden);
    expect(duty.byPrism.public_body).toMatchObject(hidden);
    expect(duty.byPrism.inhabitant).toMatchObject({ respondents: 7, suppressed: false });
    expect(shares(duty.byPrism.inhabitant)).toEqual({
      strongly_agree: [1, 14.3],
      agree: [4, 57.1],
      disagree: [1, 14.3],
      strongly_disagree: [1, 14.3],
      no_opinion: [0, 0],
    });
    expect(duty.all).toMatchObject({ respondents: 12, suppressed: false });
    expect(shares(duty.all)).toEqual({
      strongly_agree: [3, 25],
      agree: [6, 50],
      disagree: [2, 16.7],
      strongly_disagree: [1, 8.3],
      no_opinion: [0, 0],
    });

    const fragilities = question('perceived_fragilities');
    expect(shares(fragilities.byPrism.inhabitant)).toEqual({
      economic: [1, 14.3],
      social: [4, 57.1],
      environmental: [2, 28.6],
      societal: [1, 14.3],
    });
    expect(shares(fragilities.all)).toEqual({
      economic: [3, 25],
      social: [7, 58.3],
      environmental: [3, 25],
      societal: [2, 16.7],
    });

    // Organisations only: every prism under 5, but three of them: `all` (5) is shown.
    const practice = question('partnership_practice');
    expect(practice.byPrism.inhabitant).toMatchObject(hidden);
    expect(practice.all).toMatchObject({ respondents: 5, suppressed: false });
    expect(shares(practice.all)).toEqual({ several: [2, 40], one: [1, 20], planned: [1, 20], none: [1, 20] });

    // Free texts: the inhabitants' five are shown; the one association's text is not, and `all`
    // would give it away by difference (exactly one prism suppressed): hidden too.
    const comment = question('comment');
    expect(comment.byPrism.association).toEqual({ ...hidden, texts: [] });
    expect(comment.byPrism.inhabitant.respondents).toBe(5);
    expect([...(comment.byPrism.inhabitant.texts ?? [])].sort()).toEqual([
      'Des bancs sur la place.',
      'Plus de jardins partagés.',
      'Que les entreprises s’impliquent.',
      'Un lieu pour les jeunes.',
      'Une navette le dimanche.',
    ]);
    expect(comment.all).toEqual({ ...hidden, texts: [] });
    const again = (await api.get<Results>(`${base}/studies/${studyId}/results`)).body;
    expect(again.questions.find((q) => q.key === 'comment')?.byPrism.inhabitant.texts).toEqual(
      comment.byPrism.inhabitant.texts,
    );

    // The version-2 scale: one company answer, hidden everywhere.
    const scale = question('question_1');
    expect(scale.byPrism.company).toMatchObject({ ...hidden, mean: null });
    expect(scale.all).toMatchObject({ ...hidden, mean: null });
  });

  it('exports the results in CSV with French headers and the suppression marker', async () => {
    const csv = await api.request<string>('GET', `${base}/studies/${studyId}/results/export`, {
      query: { format: 'csv' },
    });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    expect(String(csv.headers['content-disposition'])).toBe('attachment; filename="etude-regard-croise-2026.csv"');
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    const lines = csv.text.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Question;Réponse;Associations (nombre);Associations (%);Entreprises (nombre);Entreprises (%);' +
        'Acteurs publics (nombre);Acteurs publics (%);Habitants (nombre);Habitants (%);Ensemble (nombre);Ensemble (%)',
    );
    const hidden = '< 5;< 5;< 5;< 5;< 5;< 5';
    expect(lines).toContain(`${DUTY_V2};Répondants;${hidden};7;;12;`);
    expect(lines).toContain(`${DUTY_V2};Plutôt d’accord;${hidden};4;57,1;6;50`);
    expect(lines).toContain(`${DUTY_V2};Pas du tout d’accord;${hidden};1;14,3;1;8,3`);
    expect(lines.filter((line) => line.startsWith('Souhaitez-vous ajouter quelque chose ?;Habitants : '))).toHaveLength(
      5,
    );

    const xlsx = await api.request('GET', `${base}/studies/${studyId}/results/export`, { query: { format: 'xlsx' } });
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expectFrench(
      await api.request('GET', `${base}/studies/${studyId}/results/export`, { query: { format: 'pdf' } }),
      400,
      'validation_failed',
    );
  });

  it('turns options of the results into enjeux in one step', async () => {
    const existing = await api.post<{ id: string; version: number }>(`${base}/priorities`, {
      title: 'Lutter contre l’isolement',
      fragilities: ['social'],
    });
    // A bad item: nothing is created or changed.
    const refused = await api.post<Problem>(`${base}/studies/${studyId}/priorities`, {
      items: [{ optionKey: 'isolation' }, { optionKey: 'agree' }],
    });
    expectFrench(refused, 400, 'invalid_study');
    expect((await api.get<unknown[]>(`${base}/priorities`)).body).toHaveLength(1);

    const made = await api.post<{
      created: { id: string; title: string; description: string; fragilities: string[] }[];
      updated: { id: string; fragilities: string[]; version: number }[];
    }>(`${base}/studies/${studyId}/priorities`, {
      items: [
        { optionKey: 'isolation' },
        { optionKey: 'economic', questionKey: 'perceived_fragilities', priorityId: existing.body.id },
        { optionKey: 'ecological_transition', title: 'Transition écologique du territoire' },
      ],
    });
    expect(made.status).toBe(201);
    expect(
      made.body.created.map(({ title, description, fragilities }) => ({ title, description, fragilities })),
    ).toEqual([
      {
        title: 'L’isolement des personnes',
        // isolation: a1, a2, h1 and one inhabitant of the public link, of 12 respondents.
        description:
          'Issu de l’étude territoriale « Regard croisé 2026 » : 33,3 % des répondants ont choisi « L’isolement des personnes » à la question « Parmi ces enjeux, lesquels devraient être traités en priorité sur le territoire ? ».',
        fragilities: ['social'],
      },
      {
        title: 'Transition écologique du territoire',
        description:
          'Issu de l’étude territoriale « Regard croisé 2026 » : 8,3 % des répondants ont choisi « La transition écologique et énergétique » à la question « Parmi ces enjeux, lesquels devraient être traités en priorité sur le territoire ? ».',
        fragilities: ['environmental'],
      },
    ]);
    expect(made.body.updated).toEqual([
      expect.objectContaining({
        id: existing.body.id,
        fragilities: ['economic', 'social'],
        version: existing.body.version + 1,
      }),
    ]);
    const listed = await api.get<{ id: string; fragilities: string[] }[]>(`${base}/priorities`);
    expect(listed.body).toHaveLength(3);
    expect(listed.body.find((priority) => priority.id === existing.body.id)?.fragilities).toEqual([
      'economic',
      'social',
    ]);
  });

  it('closes the study: addresses and browser fingerprints erased, answers and changes refused', async () => {
    // One invitation left unanswered still holds its address until the close.
    await api.post(
      `${base}/actors/${(await api.post<{ id: string }>(`${base}/actors`, { category: 'company', name: 'Retardataire', communeCode: '69123' })).body.id}/contacts`,
      {
        name: 'Personne tardive',
        email: 'late@retard.example',
      },
    );
    expect((await api.post(`${base}/studies/${studyId}/invitations`, { categories: ['company'] })).body).toMatchObject({
      invited: 1,
    });
    const late = await lastLink('late@retard.example', 1);
    const publicLink = await api.post<{ token: string }>(`${base}/studies/${studyId}/public-link`);
    const guards = `select count(*) as n from study_public_guards where territory_id = $1 and study_id = $2`;
    expect(await countRows(guards, [f.a.id, studyId])).toBe(6);

    const closed = await api.post<Study>(`${base}/studies/${studyId}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', publicLinkOpen: false });
    expect(await countRows(guards, [f.a.id, studyId])).toBe(0);
    expect(
      await countRows(`select count(*) as n from study_invitations where territory_id = $1 and email is not null`, [
        f.a.id,
      ]),
    ).toBe(0);
    // The public link is closed with the study: who follows it learns so.
    const closedLink = await f.anonymous.get<Problem>(`/study-answers/${encodeURIComponent(publicLink.body.token)}`);
    expect({ status: closedLink.status, detail: closedLink.body.detail }).toEqual({
      status: 410,
      detail: 'Cette étude est close.',
    });

    const gone = await f.anonymous.get<Problem>(`/study-answers/${encodeURIComponent(late)}`);
    expect(gone.status).toBe(410);
    expect(gone.body.detail).toBe('Cette étude est close.');
    expectFrench(await answer(late, COMPANY), 410, 'study_closed');
    const version = (await study()).version;
    expectFrench(
      await api.request('PATCH', `${base}/studies/${studyId}`, {
        headers: { 'if-match': `"${version}"` },
        body: { title: 'Autre' },
      }),
      409,
      'study_closed',
    );
    expectFrench(await api.post(`${base}/studies/${studyId}/invitations`, {}), 409, 'study_not_open');
    expectFrench(await api.post(`${base}/studies/${studyId}/reminders`), 409, 'study_not_open');
    expectFrench(await api.post(`${base}/studies/${studyId}/public-link`), 409, 'study_not_open');
    expectFrench(await api.post(`${base}/studies/${studyId}/close`), 409, 'study_not_open');
    expect(await study()).toMatchObject({ title: 'Regard croisé 2026', version, status: 'closed' });
    // The results stay readable.
    expect((await api.get<Results>(`${base}/studies/${studyId}/results`)).body.responses.total).toBe(12);
  });

  it('lists studies newest first, with a study limited to organisations skipping other prisms', async () => {
    const diagnostic = await api.post<Study>(`${base}/studies`, {
      templateKey: 'diagnostic',
      prisms: ['association', 'company'],
    });
    expect(diagnostic.status).toBe(201);
    await api.post(`${base}/studies/${diagnostic.body.id}/open`);
    const sent = await api.post(`${base}/studies/${diagnostic.body.id}/invitations`, {
      categories: ['company', 'citizen_group'],
    });
    // Two companies (one contact each), and the citizen group outside the study's prisms.
    expect(sent.body).toEqual({ invited: 2, alreadyInvited: 0, withoutEmail: 0, outsidePrisms: 1 });
    const list = await api.get<{ items: { id: string; status: string; responseRate: number | null }[] }>(
      `${base}/studies`,
    );
    expect(list.body.items.map((item) => [item.id, item.status])).toEqual([
      [diagnostic.body.id, 'open'],
      [studyId, 'closed'],
    ]);
    expect(list.body.items[0]?.responseRate).toBe(0);
  });
});

const DUTY_V2 = 'Les acteurs du territoire ont un « devoir d’alliances » : ils doivent agir ensemble.';

const ASSOCIATIONS = {
  a1: {
    perceived_fragilities: ['social', 'economic'],
    priority_issues: ['employment', 'isolation'],
    duty_of_alliances: 'strongly_agree',
    partnership_innovation: 'agree',
    partnership_practice: 'several',
    partnership_modes: ['patronage'],
    territory_dynamic: 'emerging',
    willingness: 'yes',
    comment: 'Plus de lien avec les entreprises.',
  },
  a2: {
    perceived_fragilities: ['social'],
    priority_issues: ['isolation'],
    duty_of_alliances: 'agree',
    partnership_innovation: 'agree',
    partnership_practice: 'one',
    territory_dynamic: 'not_yet',
    willingness: 'maybe',
  },
  a3: {
    perceived_fragilities: ['environmental'],
    priority_issues: ['mobility'],
    duty_of_alliances: 'disagree',
    partnership_innovation: 'disagree',
    partnership_practice: 'none',
    territory_dynamic: 'no_opinion',
    willingness: 'no',
  },
};

const COMPANY = {
  perceived_fragilities: ['economic'],
  priority_issues: ['employment', 'local_economy'],
  duty_of_alliances: 'agree',
  partnership_innovation: 'strongly_agree',
  partnership_practice: 'planned',
  territory_dynamic: 'emerging',
  willingness: 'yes',
};

const PUBLIC_BODY = {
  respondent_role: 'mayor',
  perceived_fragilities: ['social', 'societal'],
  priority_issues: ['housing'],
  duty_of_alliances: 'strongly_agree',
  partnership_innovation: 'strongly_agree',
  partnership_practice: 'several',
  partnership_modes: ['economic_cooperation'],
  territory_dynamic: 'established',
  willingness: 'yes',
};

const inhabitant = (
  fragilities: string[],
  priorities: string[],
  duty: string,
  innovation: string,
  dynamic: string,
  willingness: string,
  comment?: string,
): Record<string, unknown> => ({
  perceived_fragilities: fragilities,
  priority_issues: priorities,
  duty_of_alliances: duty,
  partnership_innovation: innovation,
  territory_dynamic: dynamic,
  willingness,
  ...(comment ? { comment } : {}),
});

const INHABITANTS = {
  h1: inhabitant(['social'], ['isolation'], 'agree', 'agree', 'not_yet', 'maybe', 'Un lieu pour les jeunes.'),
  public: [
    inhabitant(
      ['social', 'environmental'],
      ['ecological_transition'],
      'strongly_agree',
      'agree',
      'emerging',
      'yes',
      'Plus de jardins partagés.',
    ),
    inhabitant(['social'], ['isolation'], 'agree', 'agree', 'not_yet', 'no', 'Des bancs sur la place.'),
    inhabitant(
      ['economic'],
      ['employment'],
      'disagree',
      'disagree',
      'not_yet',
      'maybe',
      'Que les entreprises s’impliquent.',
    ),
    inhabitant(
      ['societal'],
      ['social_cohesion'],
      'agree',
      'no_opinion',
      'no_opinion',
      'yes',
      'Une navette le dimanche.',
    ),
    inhabitant(['environmental'], ['mobility'], 'strongly_disagree', 'agree', 'emerging', 'no'),
    inhabitant(['social'], ['housing'], 'agree', 'agree', 'not_yet', 'yes'),
  ],
};
