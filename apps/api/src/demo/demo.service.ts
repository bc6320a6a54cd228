import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, TenantContext, Transactions, type AppConfig, type Db } from '@maillage/platform';
import { UsersService } from '@maillage/identity';
import { GeographyService, MembershipsService, TerritoriesService } from '@maillage/territories';
import { searchText } from '@maillage/ecosystem';
import { generateDemoContent, type DemoContent } from './demo-data.js';
import { generateDemoStudy, type DemoStudy } from './demo-study.js';

/** The EPCI the demo is built from: Grenoble-Alpes-Métropole (49 communes). */
export const DEMO_EPCI = '200040715';
/** Every demo account's password: fixed, documented, for a demo only. */
export const DEMO_PASSWORD = 'Maillage-demo-2026';
const SEED = 20_260_101;

export interface DemoAccount {
  email: string;
  name: string;
  role: 'coordinator' | 'member' | 'observer';
  /** What the account shows (French, for the start banner). */
  label: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'coordination@demo.maillage.example',
    name: 'Claire Coordination (démo)',
    role: 'coordinator',
    label: 'coordination du territoire',
  },
  {
    email: 'association@demo.maillage.example',
    name: 'Amine Association (démo)',
    role: 'member',
    label: 'membre d’une association',
  },
  {
    email: 'entreprise@demo.maillage.example',
    name: 'Élise Entreprise (démo)',
    role: 'member',
    label: 'membre d’une entreprise',
  },
  {
    email: 'observatoire@demo.maillage.example',
    name: 'Observatoire national (démo)',
    role: 'observer',
    label: 'observatoire national',
  },
];

export interface DemoView {
  territoryId: string;
  name: string;
  accounts: { email: string; role: string; label: string }[];
  password: string;
  counts: { actors: number; priorities: number; actions: number; alliances: number; evaluations: number };
}

/**
 * The demo territory (issue #16): a clearly labelled workspace (« Démo — … »,
 * `territories.demo`) of a real EPCI with generated content over three years,
 * its demo accounts, and its reset and deletion. Content goes in with bulk
 * SQL in one transaction of the demo territory (row security on), so that
 * its history (creation dates, transitions, evaluations) can be dated.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly territories: TerritoriesService,
    private readonly geography: GeographyService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The demo territory's id, if one exists. */
  async find(): Promise<string | undefined> {
    return this.context.runAsSystem('demo.generate', () => this.findIn());
  }

  /** The demo's name, accounts and counts, if a demo exists. */
  async describeCurrent(): Promise<DemoView | undefined> {
    return this.context.runAsSystem('demo.generate', async () => {
      const existing = await this.findIn();
      return existing ? this.describe(existing) : undefined;
    });
  }

  private async findIn(): Promise<string | undefined> {
    const rows: { id: string }[] = await this.transactions.withoutTerritory('demo.generate', (db) =>
      db.query(`select id from territories where demo order by created_at limit 1`),
    );
    return rows[0]?.id;
  }

  /** Creates the demo (or, with `reset`, deletes it first and creates it again). */
  async create(reset = false, now = new Date()): Promise<DemoView & { created: boolean }> {
    const caller = this.context.caller;
    return this.context.runAsSystem('demo.generate', async () => {
      if (caller) this.context.setCaller(caller);
      const existing = await this.findIn();
      if (existing && !reset) return { ...(await this.describe(existing)), created: false };
      if (existing) await this.deleteIn(existing);
      const id = await this.generate(now);
      return { ...(await this.describe(id)), created: true };
    });
  }

  /** Deletes the demo territory and its accounts; false when there was none. */
  async delete(): Promise<boolean> {
    return this.context.runAsSystem('demo.generate', async () => {
      const existing = await this.findIn();
      if (!existing) return false;
      await this.deleteIn(existing);
      return true;
    });
  }

  /**
   * At start, as the configuration says: `ensure` creates the demo when missing, `fresh` only
   * on a first start (no territory yet). The demo, when there is one, for the start banner.
   */
  async atStart(): Promise<DemoView | undefined> {
    const mode = this.config.demo.atStart;
    const { existing, fresh } = await this.context.runAsSystem('demo.generate', async () => ({
      existing: await this.findIn(),
      fresh: await this.transactions.withoutTerritory('demo.generate', async (db) => {
        const rows: unknown[] = await db.query(`select 1 from territories limit 1`);
        return rows.length === 0;
      }),
    }));
    if (existing) return this.describeCurrent();
    if (mode === 'ensure' || (mode === 'fresh' && fresh)) {
      const created = await this.create();
      this.logger.log({ territoryId: created.territoryId, counts: created.counts }, 'demo territory created');
      return created;
    }
    return undefined;
  }

  private async deleteIn(territoryId: string): Promise<void> {
    await this.transactions.withTerritory(territoryId, 'demo.generate', (db) =>
      db.query(`select maillage_delete_demo_territory($1, $2)`, [territoryId, DEMO_ACCOUNTS.map((a) => a.email)]),
    );
    this.logger.log({ territoryId }, 'demo territory deleted');
  }

  private async generate(now: Date): Promise<string> {
    const epciName = this.geography.nameOf('epci', DEMO_EPCI) ?? 'Grenoble-Alpes-Métropole';
    const communes = this.geography.epciCommunes(DEMO_EPCI);
    const territory = await this.territories.create({
      kind: 'custom',
      name: `Démo — ${epciName}`,
      communes: communes.map((commune) => commune.code),
      demo: true,
    });
    const departement = this.geography.mainDepartement(communes);
    const content = generateDemoContent({
      seed: SEED,
      now,
      territoryName: territory.name,
      epciSiren: DEMO_EPCI,
      departementName: (departement && this.geography.nameOf('departement', departement)) ?? 'Isère',
      communes: communes.map((commune) => ({
        code: commune.code,
        name: commune.name,
        population: commune.population,
        siren: null,
      })),
    });
    const accounts = await this.transactions.withoutTerritory('demo.generate', async (db) => {
      const ids = new Map<string, string>();
      for (const account of DEMO_ACCOUNTS) {
        const found = await this.users.findByEmailIn(db, account.email);
        const user =
          found ??
          (await this.users.createIn(db, {
            email: account.email,
            name: account.name,
            password: DEMO_PASSWORD,
            globalRole: account.role === 'observer' ? 'observer' : null,
          }));
        if (found) await this.users.setPasswordIn(db, found, DEMO_PASSWORD);
        ids.set(account.email, user.id);
      }
      return ids;
    });
    const coordinatorId = accounts.get(DEMO_ACCOUNTS[0]!.email) ?? null;
    await this.transactions.withTerritory(territory.id, 'demo.generate', async (db) => {
      await this.writeContent(db, content, coordinatorId);
      await writeStudy(db, generateDemoStudy(SEED, now, content.actors), coordinatorId);
      // The members act for the busiest association and company (its alliances, the actions it takes part
      // in or is supported by): their pages have the most to show.
      const busiest = (category: string) => {
        const weight = new Map<string, number>();
        for (const alliance of content.alliances)
          for (const party of alliance.parties) weight.set(party.actorId, (weight.get(party.actorId) ?? 0) + 2);
        for (const action of content.actions)
          for (const { actorId } of [
            ...action.participants,
            ...(action.supportedActorId ? [{ actorId: action.supportedActorId }] : []),
          ])
            weight.set(actorId, (weight.get(actorId) ?? 0) + 1);
        return content.actors
          .filter((actor) => actor.category === category)
          .reduce((best, actor) => ((weight.get(actor.id) ?? 0) > (weight.get(best.id) ?? 0) ? actor : best));
      };
      const association = busiest('association');
      const company = busiest('company');
      for (const account of DEMO_ACCOUNTS) {
        if (account.role === 'observer') continue;
        const userId = accounts.get(account.email) as string;
        await this.memberships.upsertIn(db, userId, account.role, null);
        const actor = account.email.startsWith('association')
          ? association
          : account.email.startsWith('entreprise')
            ? company
            : undefined;
        if (actor) await this.memberships.linkIn(db, userId, actor.id);
      }
    });
    return territory.id;
  }

  private async writeContent(db: Db, content: DemoContent, userId: string | null): Promise<void> {
    const by = { user: userId };
    await insertRows(
      db,
      'priorities',
      { id: 'uuid', title: 'text', description: 'text', fragilities: 'text[]', created_at: 'timestamptz' },
      content.priorities.map((p) => ({ ...p, created_at: p.createdAt })),
      { updated_at: 'created_at' },
    );
    await insertRows(
      db,
      'actors',
      {
        id: 'uuid',
        category: 'text',
        name: 'text',
        employer: 'boolean',
        size_class: 'text',
        siren: 'text',
        siret: 'text',
        rna: 'text',
        naf_code: 'text',
        commune_code: 'text',
        latitude: 'float8',
        longitude: 'float8',
        fragilities: 'text[]',
        tags: 'text[]',
        description: 'text',
        search_text: 'text',
        created_at: 'timestamptz',
      },
      content.actors.map((a) => ({
        ...a,
        size_class: a.sizeClass,
        naf_code: a.nafCode,
        commune_code: a.communeCode,
        search_text: searchText({ name: a.name, description: a.description, tags: a.tags }),
        created_at: a.createdAt,
      })),
      // The points are the commune's approximate centre: marked so on the map.
      {
        created_by: '$2',
        updated_at: 'created_at',
        location_precision: "case when latitude is not null then 'commune' end",
      },
      by,
    );
    await insertRows(
      db,
      'actor_priorities',
      { actor_id: 'uuid', priority_id: 'uuid' },
      content.actors.flatMap((a) => a.priorityIds.map((p) => ({ actor_id: a.id, priority_id: p }))),
    );
    await insertRows(
      db,
      'actions',
      {
        id: 'uuid',
        type: 'text',
        title: 'text',
        description: 'text',
        start_date: 'date',
        end_date: 'date',
        outcomes: 'text',
        details: 'jsonb',
        phase: 'text',
        supported_actor_id: 'uuid',
        created_at: 'timestamptz',
      },
      content.actions.map((a) => ({
        ...a,
        start_date: a.startDate,
        end_date: a.endDate,
        supported_actor_id: a.supportedActorId,
        created_at: a.createdAt,
      })),
      { created_by: '$2', updated_at: 'created_at' },
      by,
    );
    await insertRows(
      db,
      'action_participants',
      { action_id: 'uuid', actor_id: 'uuid', role: 'text' },
      content.actions.flatMap((a) =>
        a.participants.map((p) => ({ action_id: a.id, actor_id: p.actorId, role: p.role })),
      ),
    );
    await insertRows(
      db,
      'action_priorities',
      { action_id: 'uuid', priority_id: 'uuid' },
      content.actions.flatMap((a) => a.priorityIds.map((p) => ({ action_id: a.id, priority_id: p }))),
    );
    await insertRows(
      db,
      'action_phase_history',
      { action_id: 'uuid', phase: 'text', changed_at: 'timestamptz' },
      content.actions.flatMap((a) => a.phases.map((p) => ({ action_id: a.id, phase: p.phase, changed_at: p.at }))),
      // The day each phase began is the (past) day it was recorded, in France, as for the alliances' moves.
      { changed_by: '$2', occurred_on: "(changed_at at time zone 'Europe/Paris')::date" },
      by,
    );
    await insertRows(
      db,
      'alliances',
      {
        id: 'uuid',
        title: 'text',
        description: 'text',
        status: 'text',
        modes: 'text[]',
        patronage_kinds: 'text[]',
        fragilities: 'text[]',
        start_date: 'date',
        end_date: 'date',
        origin_action_id: 'uuid',
        proposer_actor_id: 'uuid',
        created_at: 'timestamptz',
        updated_at: 'timestamptz',
      },
      content.alliances.map((a) => ({
        ...a,
        patronage_kinds: a.patronageKinds,
        start_date: a.startDate,
        end_date: a.endDate,
        origin_action_id: a.originActionId,
        proposer_actor_id: a.proposerActorId,
        created_at: a.createdAt,
        updated_at: a.transitions[a.transitions.length - 1]?.at ?? a.createdAt,
      })),
      { proposed_by_user: '$2' },
      by,
    );
    await insertRows(
      db,
      'alliance_parties',
      { alliance_id: 'uuid', actor_id: 'uuid', role: 'text' },
      content.alliances.flatMap((a) =>
        a.parties.map((p) => ({ alliance_id: a.id, actor_id: p.actorId, role: p.role })),
      ),
    );
    await insertRows(
      db,
      'alliance_priorities',
      { alliance_id: 'uuid', priority_id: 'uuid' },
      content.alliances.flatMap((a) => a.priorityIds.map((p) => ({ alliance_id: a.id, priority_id: p }))),
    );
    // In time order, so that the identity column follows the history.
    await insertRows(
      db,
      'alliance_transitions',
      { alliance_id: 'uuid', from_status: 'text', to_status: 'text', changed_at: 'timestamptz', note: 'text' },
      content.alliances
        .flatMap((a) =>
          a.transitions.map((t) => ({
            alliance_id: a.id,
            from_status: t.from,
            to_status: t.to,
            changed_at: t.at,
            note: t.note,
          })),
        )
        .sort((x, y) => x.changed_at.localeCompare(y.changed_at)),
      // The day each move happened is the day it was recorded, in France.
      { changed_by: '$2', occurred_on: "(changed_at at time zone 'Europe/Paris')::date" },
      by,
    );
    await insertRows(
      db,
      'alliance_agreements',
      { alliance_id: 'uuid', actor_id: 'uuid', agreed_at: 'timestamptz' },
      content.alliances.flatMap((a) =>
        a.agreements.map((g) => ({ alliance_id: a.id, actor_id: g.actorId, agreed_at: g.at })),
      ),
      { agreed_by: '$2', on_behalf: 'true' },
      by,
    );
    await insertRows(
      db,
      'alliance_evaluations',
      {
        alliance_id: 'uuid',
        actor_id: 'uuid',
        period: 'text',
        product: 'int',
        balance: 'int',
        contribution: 'int',
        comment: 'text',
        evaluated_at: 'timestamptz',
      },
      content.alliances.flatMap((a) =>
        a.evaluations.map((e) => ({ ...e, alliance_id: a.id, actor_id: e.actorId, evaluated_at: e.at })),
      ),
      { evaluated_by: '$2' },
      by,
    );
  }

  /** The demo's name, accounts and counts. */
  private async describe(territoryId: string): Promise<DemoView> {
    return this.transactions.withTerritory(territoryId, 'demo.generate', async (db) => {
      const rows: {
        name: string;
        actors: number;
        priorities: number;
        actions: number;
        alliances: number;
        evaluations: number;
      }[] = await db.query(
        `select (select name from territories where id = $1) as name,
                  (select count(*)::int from actors) as actors,
                  (select count(*)::int from priorities) as priorities,
                  (select count(*)::int from actions) as actions,
                  (select count(*)::int from alliances) as alliances,
                  (select count(*)::int from alliance_evaluations) as evaluations`,
        [territoryId],
      );
      const row = rows[0]!;
      return {
        territoryId,
        name: row.name,
        accounts: DEMO_ACCOUNTS.map((account) => ({ email: account.email, role: account.role, label: account.label })),
        password: DEMO_PASSWORD,
        counts: {
          actors: row.actors,
          priorities: row.priorities,
          actions: row.actions,
          alliances: row.alliances,
          evaluations: row.evaluations,
        },
      };
    });
  }
}

/** The demo's territorial study, closed: its questionnaire, invitations (addresses erased) and answers. */
async function writeStudy(db: Db, study: DemoStudy, userId: string | null): Promise<void> {
  await insertRows(
    db,
    'studies',
    {
      id: 'uuid',
      title: 'text',
      description: 'text',
      template_key: 'text',
      status: 'text',
      prisms: 'text[]',
      opened_at: 'timestamptz',
      closed_at: 'timestamptz',
      created_at: 'timestamptz',
    },
    [
      {
        ...study,
        template_key: 'phare',
        status: 'closed',
        prisms: ['association', 'company', 'public_body', 'inhabitant'],
        opened_at: study.openedAt,
        closed_at: study.closedAt,
        created_at: study.createdAt,
      },
    ],
    { created_by: '$2', updated_at: 'closed_at' },
    { user: userId },
  );
  await insertRows(
    db,
    'study_versions',
    { study_id: 'uuid', number: 'int', questions: 'jsonb', created_at: 'timestamptz' },
    [{ study_id: study.id, number: 1, questions: study.questions, created_at: study.createdAt }],
  );
  await insertRows(
    db,
    'study_invitations',
    {
      id: 'uuid',
      study_id: 'uuid',
      actor_id: 'uuid',
      prism: 'text',
      token_hash: 'text',
      answered: 'boolean',
      sent_at: 'timestamptz',
    },
    study.invitations.map((i) => ({
      ...i,
      study_id: study.id,
      actor_id: i.actorId,
      token_hash: i.tokenHash,
      sent_at: i.sentAt,
    })),
    // Mailed once each, long ago (no mail is waiting).
    { created_at: 'sent_at', mailed_generation: '1' },
  );
  await insertRows(
    db,
    'study_responses',
    { id: 'uuid', study_id: 'uuid', version_number: 'int', prism: 'text', channel: 'text', submitted_on: 'date' },
    study.responses.map((r) => ({ ...r, study_id: study.id, version_number: 1, submitted_on: r.submittedOn })),
  );
  await insertRows(
    db,
    'study_answers',
    {
      response_id: 'uuid',
      study_id: 'uuid',
      question_key: 'text',
      option_keys: 'text[]',
      scale_value: 'int',
      text_value: 'text',
    },
    study.answers.map((a) => ({
      response_id: a.responseId,
      study_id: study.id,
      question_key: a.questionKey,
      option_keys: a.optionKeys,
      scale_value: a.scaleValue,
      text_value: a.textValue,
    })),
  );
}

/**
 * Inserts `rows` into `table` in one statement, from JSON: each row's `columns` (name → SQL
 * type), plus `computed` columns (name → SQL over the row's columns, or `$2`: `by.user`).
 */
async function insertRows(
  db: Db,
  table: string,
  columns: Record<string, string>,
  rows: object[],
  computed: Record<string, string> = {},
  by?: { user: string | null },
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const picked = rows.map((row) =>
    Object.fromEntries(names.map((name) => [name, (row as Record<string, unknown>)[name] ?? null])),
  );
  await db.query(
    `insert into ${table} (${[...names, ...Object.keys(computed)].join(', ')})
     select ${[...names, ...Object.values(computed)].join(', ')}
     from jsonb_to_recordset($1::jsonb) as x(${names.map((name) => `${name} ${columns[name]}`).join(', ')})`,
    by ? [JSON.stringify(picked), by.user] : [JSON.stringify(picked)],
  );
}
