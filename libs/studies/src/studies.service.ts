import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AuditLog,
  DomainError,
  JobQueue,
  notFound,
  staleVersion,
  TenantContext,
  Transactions,
  type AppConfig,
  type Db,
} from '@maillage/platform';
import {
  PRISM_OF_CATEGORY,
  STUDY_PRISMS,
  STUDY_TEMPLATES,
  type ActorCategory,
  type Fragility,
  type StudyPrism,
  type StudyQuestion,
  type StudyQuestionKind,
  type StudyTemplate,
  type StudyTemplateKey,
} from '@maillage/contract';
import { hashToken, randomToken } from '@maillage/identity';
import { PrioritiesService, type PriorityView } from '@maillage/ecosystem';
import { checkQuestionnaire, type QuestionInput } from './questionnaire.js';
import { studyResults, type StudyResults } from './results.js';
import { StudiesRepository, type StudyRow, type StudyStatus } from './studies.repository.js';
import { StudyLinks } from './study-links.js';
import './study-errors.js';
import './study-mail.job.js';

export interface StudySummary {
  id: string;
  title: string;
  templateKey: StudyTemplateKey;
  status: StudyStatus;
  prisms: StudyPrism[];
  createdAt: string;
  openedAt: string | null;
  closedAt: string | null;
  invitations: { total: number; answered: number };
  responses: { total: number; byPrism: Record<StudyPrism, number> };
  /** Answered invitations over invitations sent; null before any invitation. */
  responseRate: number | null;
  publicLinkOpen: boolean;
}

export interface StudyView extends StudySummary {
  description: string;
  currentVersion: number;
  questions: StudyQuestion[];
  versions: number;
  invitationsByPrism: Record<StudyPrism, { total: number; answered: number }>;
  /** Invitation mails (first links and reminders) not handed to the mail server yet. */
  pendingMails: number;
  version: number;
}

export interface StudyInput {
  templateKey: StudyTemplateKey;
  title?: string;
  description?: string;
  prisms?: StudyPrism[];
}

export interface StudyPatch {
  title?: string;
  description?: string;
  prisms?: StudyPrism[];
  questions?: QuestionInput[];
}

export interface InvitationOutcome {
  invited: number;
  alreadyInvited: number;
  withoutEmail: number;
  outsidePrisms: number;
}

export interface PriorityItem {
  optionKey: string;
  questionKey?: string;
  priorityId?: string;
  title?: string;
}

const byPrism = <T>(value: (prism: StudyPrism) => T): Record<StudyPrism, T> =>
  Object.fromEntries(STUDY_PRISMS.map((prism) => [prism, value(prism)])) as Record<StudyPrism, T>;

function summary(row: StudyRow): StudySummary {
  const invitations = Object.values(row.invitations);
  const total = invitations.reduce((sum, entry) => sum + entry.total, 0);
  const answered = invitations.reduce((sum, entry) => sum + entry.answered, 0);
  const responses = byPrism((prism) => row.responses[prism] ?? 0);
  return {
    id: row.id,
    title: row.title,
    templateKey: row.template_key,
    status: row.status,
    prisms: row.prisms,
    createdAt: row.created_at.toISOString(),
    openedAt: row.opened_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    invitations: { total, answered },
    responses: { total: Object.values(responses).reduce((sum, n) => sum + n, 0), byPrism: responses },
    responseRate: total === 0 ? null : Math.round((answered / total) * 1000) / 1000,
    publicLinkOpen: row.status === 'open' && row.public_link,
  };
}

/** What the audit log keeps of a study (its description, without counts). */
function audited(view: StudyView): Record<string, unknown> {
  return {
    title: view.title,
    description: view.description,
    status: view.status,
    prisms: view.prisms,
    currentVersion: view.currentVersion,
    questions: view.questions.length,
  };
}

function invalid(field: string, message: string, detail: string): DomainError {
  return new DomainError('invalid', { code: 'invalid_study', detail, errors: [{ field, message }] });
}

function checkedPrisms(prisms: readonly StudyPrism[]): StudyPrism[] {
  if (prisms.length === 0) throw invalid('prisms', 'au moins un regard', 'Choisissez au moins un regard interrogé.');
  return STUDY_PRISMS.filter((prism) => prisms.includes(prism));
}

function checkedTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed) throw invalid('title', 'obligatoire', 'Donnez un titre à l’étude.');
  return trimmed;
}

const notOpen = () =>
  new DomainError('conflict', {
    code: 'study_not_open',
    detail: 'L’étude n’est pas ouverte : ouvrez-la d’abord (une étude close ne se rouvre pas).',
  });

/**
 * Territorial studies, for the territory's coordinators: a questionnaire from a shipped
 * template, adapted (a new version once answers exist), opened, sent to actors' contact persons
 * (personal one-time links, mailed by a job) and to inhabitants (a public link), read by prism
 * with small counts suppressed, and turned into enjeux.
 */
@Injectable()
export class StudiesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly studies: StudiesRepository,
    private readonly links: StudyLinks,
    private readonly jobs: JobQueue,
    private readonly enjeux: PrioritiesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  templates(): StudyTemplate[] {
    return Object.values(STUDY_TEMPLATES);
  }

  async list(): Promise<StudySummary[]> {
    const rows = await this.transactions.tenant((db) => this.studies.list(db));
    return rows.map(summary);
  }

  private async find(db: Db, id: string, lock = false): Promise<StudyRow> {
    const row = await this.studies.find(db, id, lock);
    if (!row) throw notFound();
    return row;
  }

  private async view(db: Db, id: string): Promise<StudyView> {
    const row = await this.find(db, id);
    return {
      ...summary(row),
      description: row.description,
      currentVersion: row.current_version,
      questions: await this.studies.questions(db, id, row.current_version),
      versions: row.versions,
      invitationsByPrism: byPrism((prism) => row.invitations[prism] ?? { total: 0, answered: 0 }),
      pendingMails: row.pending_mails,
      version: row.version,
    };
  }

  get(id: string): Promise<StudyView> {
    return this.transactions.tenant((db) => this.view(db, id));
  }

  create(input: StudyInput): Promise<StudyView> {
    const template = STUDY_TEMPLATES[input.templateKey];
    const fields = {
      templateKey: template.key,
      title: checkedTitle(input.title ?? template.title),
      description: input.description?.trim() ?? template.description,
      prisms: checkedPrisms(input.prisms ?? template.prisms),
    };
    return this.transactions.tenant(async (db) => {
      const id = await this.studies.insert(db, fields, template.questions, this.context.caller?.userId ?? null);
      const view = await this.view(db, id);
      await this.audit.record(db, { entity: 'study', entityId: id, action: 'create', after: audited(view) });
      return view;
    });
  }

  /**
   * Adapts a study: its title, description, prisms, questions. Questions answered already are
   * kept as they were asked: the change becomes a new version (N+1), read beside the older ones
   * by key; before any answer, the current version changes in place.
   */
  update(id: string, version: number, patch: StudyPatch): Promise<StudyView> {
    const questions = patch.questions ? checkQuestionnaire(patch.questions) : undefined;
    return this.transactions.tenant(async (db) => {
      const current = await this.find(db, id, true);
      if (current.version !== version) throw staleVersion(current.version);
      if (current.status === 'closed') {
        throw new DomainError('conflict', {
          code: 'study_closed',
          detail: 'Cette étude est close : elle ne se modifie plus.',
        });
      }
      const before = await this.view(db, id);
      let currentVersion = current.current_version;
      // Compared as the checker writes them (the stored JSON orders keys its own way).
      if (questions && JSON.stringify(questions) !== JSON.stringify(checkQuestionnaire(before.questions))) {
        if ((await this.studies.responsesTo(db, id, currentVersion)) > 0) {
          currentVersion += 1;
          await this.studies.insertVersion(db, id, currentVersion, questions);
        } else await this.studies.replaceVersion(db, id, currentVersion, questions);
      }
      await this.studies.update(
        db,
        id,
        {
          title: patch.title !== undefined ? checkedTitle(patch.title) : current.title,
          description: patch.description?.trim() ?? current.description,
          prisms: patch.prisms ? checkedPrisms(patch.prisms) : current.prisms,
        },
        currentVersion,
      );
      const view = await this.view(db, id);
      await this.audit.record(db, {
        entity: 'study',
        entityId: id,
        action: 'update',
        before: audited(before),
        after: audited(view),
      });
      return view;
    });
  }

  open(id: string): Promise<StudyView> {
    return this.transactions.tenant(async (db) => {
      const current = await this.find(db, id, true);
      if (current.status !== 'draft') {
        throw new DomainError('conflict', {
          code: 'study_not_draft',
          detail:
            current.status === 'open'
              ? 'Cette étude est déjà ouverte.'
              : 'Cette étude est close : elle ne se rouvre pas.',
        });
      }
      await this.studies.open(db, id);
      return this.recorded(db, id, 'open', { status: 'draft' }, { status: 'open' });
    });
  }

  /** Closes the study: answers stop, and what was kept to avoid double answers is erased. */
  close(id: string): Promise<StudyView> {
    return this.transactions.tenant(async (db) => {
      const current = await this.find(db, id, true);
      if (current.status !== 'open') throw notOpen();
      await this.studies.close(db, id);
      return this.recorded(db, id, 'close', { status: 'open' }, { status: 'closed' });
    });
  }

  private async recorded(
    db: Db,
    id: string,
    action: 'open' | 'close' | 'open_public_link' | 'close_public_link',
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): Promise<StudyView> {
    await this.audit.record(db, { entity: 'study', entityId: id, action, before, after });
    return this.view(db, id);
  }

  private async openStudy(db: Db, id: string): Promise<StudyRow> {
    const row = await this.find(db, id, true);
    if (row.status !== 'open') throw notOpen();
    return row;
  }

  /**
   * Invites the contact persons (with an address) of the chosen actors — by id, by category, or
   * every active actor — each once per study, in the prism of their actor's category; their mails
   * go out through the queue. Actors of a prism the study does not ask are left out and counted.
   */
  async invite(id: string, input: { actorIds?: string[]; categories?: ActorCategory[] }): Promise<InvitationOutcome> {
    const territoryId = this.context.territoryId;
    const outcome = await this.transactions.tenant(async (db) => {
      const study = await this.openStudy(db, id);
      const rows = await this.studies.contacts(db, input.actorIds ?? null, input.categories ?? null);
      const counts: InvitationOutcome = { invited: 0, alreadyInvited: 0, withoutEmail: 0, outsidePrisms: 0 };
      const actors = new Map<string, { prism: StudyPrism; contacts: typeof rows }>();
      for (const row of rows) {
        const entry = actors.get(row.actor_id) ?? { prism: PRISM_OF_CATEGORY[row.category], contacts: [] };
        entry.contacts.push(row);
        actors.set(row.actor_id, entry);
      }
      for (const [actorId, { prism, contacts }] of actors) {
        const reachable = contacts.filter((contact) => contact.contact_id && contact.email);
        if (!study.prisms.includes(prism)) counts.outsidePrisms += 1;
        else if (reachable.length === 0) counts.withoutEmail += 1;
        else {
          for (const contact of reachable) {
            const invitationId = randomUUID();
            const created = await this.studies.insertInvitation(db, {
              id: invitationId,
              studyId: id,
              actorId,
              contactId: contact.contact_id as string,
              prism,
              email: contact.email as string,
              tokenHash: this.links.invitationHash(invitationId, 1),
            });
            if (created) counts.invited += 1;
            else counts.alreadyInvited += 1;
          }
        }
      }
      await this.counted(db, id, 'invite', { invited: counts.invited });
      // Every link not mailed yet, this call's and any an earlier call could not queue.
      return { counts, pending: await this.studies.unmailed(db, id) };
    });
    await this.queueMails(territoryId, id, outcome.pending);
    return outcome.counts;
  }

  /** A fresh link to every invitation not answered yet; the previous links stop working. */
  async remind(id: string): Promise<{ reminded: number }> {
    const territoryId = this.context.territoryId;
    const pending = await this.transactions.tenant(async (db) => {
      await this.openStudy(db, id);
      const renewed: { id: string; generation: number }[] = [];
      for (const invitation of await this.studies.unanswered(db, id)) {
        const generation = invitation.generation + 1;
        await this.studies.renewLink(
          db,
          invitation.id,
          generation,
          this.links.invitationHash(invitation.id, generation),
        );
        renewed.push({ id: invitation.id, generation });
      }
      await this.counted(db, id, 'remind', { reminded: renewed.length });
      return renewed;
    });
    await this.queueMails(territoryId, id, pending);
    return { reminded: pending.length };
  }

  /** The audit entry of invitations or reminders, when there were any. */
  private async counted(db: Db, id: string, action: 'invite' | 'remind', after: Record<string, number>): Promise<void> {
    if (Object.values(after).some((count) => count > 0))
      await this.audit.record(db, { entity: 'study', entityId: id, action, after });
  }

  private async queueMails(
    territoryId: string,
    studyId: string,
    pending: readonly { id: string; generation: number }[],
  ): Promise<void> {
    for (const invitation of pending) {
      // One job per link: queuing it twice sends it once.
      await this.jobs.enqueue(
        'studies.invitation-mail',
        { territoryId, studyId, invitationId: invitation.id, generation: invitation.generation },
        {
          jobId: `study-invitation-${invitation.id}-${invitation.generation}`,
          backoffMs: this.config.notifications.retrySeconds * 1000,
        },
      );
    }
  }

  /** Opens (or renews: the previous link stops working) the inhabitants' public link. */
  openPublicLink(id: string): Promise<{ url: string; token: string }> {
    const territoryId = this.context.territoryId;
    const secret = randomToken();
    const token = `${territoryId}.${secret}`;
    return this.transactions.tenant(async (db) => {
      const study = await this.openStudy(db, id);
      await this.studies.setPublicLink(db, id, hashToken(secret));
      await this.recorded(db, id, 'open_public_link', { publicLinkOpen: study.public_link }, { publicLinkOpen: true });
      return { url: this.links.url(token), token };
    });
  }

  closePublicLink(id: string): Promise<void> {
    return this.transactions.tenant(async (db) => {
      const study = await this.openStudy(db, id);
      if (!study.public_link) return;
      await this.studies.setPublicLink(db, id, null);
      await this.recorded(db, id, 'close_public_link', { publicLinkOpen: true }, { publicLinkOpen: false });
    });
  }

  /** The regard croisé: each question by prism, small counts suppressed (`studyResults`). */
  results(id: string): Promise<StudyResults & { title: string; prisms: StudyPrism[] }> {
    return this.transactions.tenant((db) => this.resultsIn(db, id));
  }

  private async resultsIn(db: Db, id: string): Promise<StudyResults & { title: string; prisms: StudyPrism[] }> {
    const study = await this.find(db, id);
    const versions = await this.studies.versions(db, id);
    const kinds = new Map<number, Map<string, StudyQuestionKind>>(
      versions.map((version) => [
        version.number,
        new Map(version.questions.map((question) => [question.key, question.kind])),
      ]),
    );
    const questions = versions.find((version) => version.number === study.current_version)?.questions ?? [];
    const results = studyResults(
      questions,
      kinds,
      await this.studies.responses(db, id),
      await this.studies.answers(db, id),
      this.config.observatory.threshold,
    );
    return { ...results, title: study.title, prisms: study.prisms };
  }

  /**
   * Turns options of the results into enjeux in one transaction: each option stands for a
   * fragility; with `priorityId` the fragility is added to that enjeu, without it a new enjeu is
   * created, titled by the option and citing the study.
   */
  priorities(
    id: string,
    items: readonly PriorityItem[],
  ): Promise<{ created: PriorityView[]; updated: PriorityView[] }> {
    return this.transactions.tenant(async (db) => {
      const results = await this.resultsIn(db, id);
      const questions = await this.studies.questions(db, id, (await this.find(db, id)).current_version);
      const created: PriorityView[] = [];
      const updated = new Map<string, PriorityView>();
      for (const [index, item] of items.entries()) {
        const found = questions
          .filter((question) => !item.questionKey || question.key === item.questionKey)
          .flatMap((question) =>
            question.kind === 'single' || question.kind === 'multiple'
              ? question.options
                  .filter((option) => option.key === item.optionKey && option.fragility)
                  .map((option) => ({ question, option }))
              : [],
          )[0];
        if (!found) {
          throw invalid(
            `items[${index}].optionKey`,
            'choix inconnu ou sans fragilité',
            'Ce choix ne correspond à aucune réponse du questionnaire associée à une fragilité.',
          );
        }
        const fragility = found.option.fragility as Fragility;
        if (item.priorityId) {
          const current = updated.get(item.priorityId);
          const fragilities = current ? current.fragilities : undefined;
          const view = await this.enjeux.updateIn(db, item.priorityId, null, {
            fragilities: [...(fragilities ?? (await this.currentFragilities(db, item.priorityId))), fragility],
          });
          updated.set(view.id, view);
          continue;
        }
        const share = results.questions
          .find((question) => question.key === found.question.key)
          ?.all.options?.find((option) => option.key === found.option.key)?.percent;
        const cited =
          share === null || share === undefined
            ? `réponse « ${found.option.label} » à la question « ${found.question.label} » (moins de ${results.threshold} répondants : part non publiée).`
            : `${String(share).replace('.', ',')} % des répondants ont choisi « ${found.option.label} » à la question « ${found.question.label} ».`;
        created.push(
          await this.enjeux.createIn(db, {
            title: (item.title?.trim() || found.option.label).slice(0, 300),
            description: `Issu de l’étude territoriale « ${results.title} » : ${cited}`,
            fragilities: [fragility],
          }),
        );
      }
      return { created, updated: [...updated.values()] };
    });
  }

  private async currentFragilities(db: Db, priorityId: string): Promise<Fragility[]> {
    const rows: { fragilities: Fragility[] }[] = await db.query(`select fragilities from priorities where id = $1`, [
      priorityId,
    ]);
    if (!rows[0]) throw notFound();
    return rows[0].fragilities;
  }
}
