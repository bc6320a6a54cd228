import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DomainError,
  DomainEvents,
  encodeCursor,
  notFound,
  staleVersion,
  TenantContext,
  Transactions,
  type Db,
  type Page,
} from '@maillage/platform';
import {
  CASE_STUDY_SECTIONS,
  normaliseText,
  type ActionType,
  type AllianceMode,
  type ActorCategory,
  type CaseStudyConsent,
  type CaseStudyConsentSource,
  type CaseStudySource,
  type CaseStudyStatus,
  type Fragility,
} from '@maillage/contract';
import { callerId, coordinates, FRENCH_LABELS } from '@maillage/ecosystem';
import {
  CaseStudiesRepository,
  type CaseStudyFields,
  type CaseStudyRow,
  type CaseStudySections,
  type NationalCaseStudyRow,
  type NationalCopy,
  type NationalParticipant,
  type ParticipantRow,
  type ReviewStep,
  type SectionColumns,
} from './case-studies.repository.js';
import { invalidCaseStudy, namedWithoutConsent, wrongStatus } from './case-study-errors.js';
import './case-study.events.js';

export interface CaseStudyParticipantView {
  actorId: string;
  name: string;
  category: ActorCategory;
  role: string;
  consent: CaseStudyConsent;
  consentSource: CaseStudyConsentSource | null;
  consentNote: string | null;
  consentAt: string | null;
}

export interface CaseStudyView extends CaseStudySections {
  actionId: string | null;
  allianceId: string | null;
  status: CaseStudyStatus;
  participants: CaseStudyParticipantView[];
  review: {
    author: string | null;
    comment: string | null;
    submittedBy: string | null;
    submittedAt: string | null;
    approvedBy: string | null;
    approvedAt: string | null;
  };
  publishedAt: string | null;
  /** Whether the caller may approve it now (a coordinator who neither wrote nor submitted it). */
  canApprove: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface NationalCaseStudyView extends CaseStudySections {
  territory: { name: string; kind: string };
  participants: NationalParticipant[];
  publishedAt: string;
}

export interface CaseStudyInput {
  title?: string;
  context?: string;
  enjeux?: string;
  whatWasDone?: string;
  results?: string;
  lessons?: string;
  fragilities?: Fragility[];
  startedOn?: string | null;
  endedOn?: string | null;
}

export interface NationalCaseStudyQuery {
  q?: string;
  fragility?: Fragility;
  actionType?: ActionType;
  allianceMode?: AllianceMode;
  territoryKind?: string;
}

/** How a step's refusal names the state the case study is in. */
const STATUS_LABELS: Record<CaseStudyStatus, string> = {
  draft: 'un brouillon',
  submitted: 'en relecture',
  approved: 'approuvé',
  published: 'publié au centre national',
};

/** From which states each step may be taken, and what it says otherwise. */
const STEPS: Record<ReviewStep, { from: CaseStudyStatus[]; refusal: string }> = {
  submit: { from: ['draft'], refusal: 'Seul un brouillon peut être soumis à la relecture.' },
  approve: { from: ['submitted'], refusal: 'Seul un retour d’expérience soumis à la relecture peut être approuvé.' },
  return: {
    from: ['submitted', 'approved'],
    refusal: 'Seul un retour d’expérience en relecture ou approuvé (et non publié) peut être renvoyé à son auteur.',
  },
  publish: { from: ['approved'], refusal: 'Seul un retour d’expérience approuvé peut être publié.' },
  unpublish: { from: ['published'], refusal: 'Ce retour d’expérience n’est pas publié.' },
};

const sorted = <T extends string>(values: readonly T[]): T[] => [...new Set(values)].sort();
const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function sections(row: SectionColumns): CaseStudySections {
  return {
    id: row.id,
    source: row.source,
    title: row.title,
    context: row.context,
    enjeux: row.enjeux,
    whatWasDone: row.what_was_done,
    results: row.results,
    lessons: row.lessons,
    fragilities: row.fragilities,
    actionType: row.action_type,
    allianceModes: row.alliance_modes,
    startedOn: row.started_on,
    endedOn: row.ended_on,
  };
}

function view(row: CaseStudyRow, participants: ParticipantRow[], canApprove: boolean): CaseStudyView {
  return {
    ...sections(row),
    actionId: row.action_id,
    allianceId: row.alliance_id,
    status: row.status,
    participants: participants.map((p) => ({
      actorId: p.actor_id,
      name: p.name,
      category: p.category,
      role: p.role,
      consent: p.consent,
      consentSource: p.consent_source,
      consentNote: p.consent_note,
      consentAt: iso(p.consent_at),
    })),
    review: {
      author: row.author_name,
      comment: row.review_comment,
      submittedBy: row.submitted_by_name,
      submittedAt: iso(row.submitted_at),
      approvedBy: row.approved_by_name,
      approvedAt: iso(row.approved_at),
    },
    publishedAt: iso(row.published_at),
    canApprove,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function nationalView(row: NationalCaseStudyRow): NationalCaseStudyView {
  return {
    ...sections(row),
    territory: { name: row.territory_name, kind: row.territory_kind },
    participants: row.participants,
    publishedAt: row.published_at.toISOString(),
  };
}

/**
 * A participant as the national centre shows it: by name only when its organisation consented,
 * otherwise by its category (French) and role.
 */
export function nationalParticipant(participant: ParticipantRow): NationalParticipant {
  const named = participant.consent === 'granted';
  const category = FRENCH_LABELS.category[participant.category];
  const described = participant.role ? `${category}, ${participant.role}` : category;
  return {
    name: named ? participant.name : null,
    category: participant.category,
    role: participant.role,
    text: `${named ? participant.name : 'Organisation non nommée'} — ${described}`,
  };
}

/** What the audit log keeps of a case study: its sections and state, without bookkeeping. */
function audited(current: CaseStudyView): Record<string, unknown> {
  const { participants: _p, review, canApprove: _c, createdAt: _a, updatedAt: _u, publishedAt: _d, ...rest } = current;
  return { ...rest, comment: review.comment };
}

/**
 * Case studies (retours d'expérience): a coordinator turns one of the territory's actions or
 * alliances into one; the organisations it cites say whether they may be named; another
 * coordinator approves it; it is then published to the national centre as a snapshot holding
 * only what may be shown there, and unpublishing deletes that snapshot.
 */
@Injectable()
export class CaseStudiesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly caseStudies: CaseStudiesRepository,
  ) {}

  /** The organisation a member acts for; coordinators read every case study (undefined). */
  private citing(): { actorId: string | null } | undefined {
    return coordinates(this.context) ? undefined : { actorId: this.context.territory?.actorId ?? null };
  }

  private async views(db: Db, rows: CaseStudyRow[]): Promise<CaseStudyView[]> {
    const participants = await this.caseStudies.participants(
      db,
      rows.map((row) => row.id),
    );
    const userId = this.context.caller?.userId;
    return rows.map((row) =>
      view(
        row,
        participants.filter((p) => p.case_study_id === row.id),
        row.status === 'submitted' &&
          coordinates(this.context) &&
          userId !== row.created_by &&
          userId !== row.submitted_by,
      ),
    );
  }

  /** A case study the caller may read (a member: one citing their organisation), or a 404. */
  private async readable(db: Db, id: string, lock = false): Promise<CaseStudyView> {
    const row = await this.caseStudies.find(db, id, lock);
    const [found] = row ? await this.views(db, [row]) : [];
    const citing = this.citing();
    if (!found || (citing && !found.participants.some((p) => p.actorId === citing.actorId))) throw notFound();
    return found;
  }

  /** A case study locked for a change made from `version`. */
  private async editable(db: Db, id: string, version: number): Promise<CaseStudyView> {
    const current = await this.readable(db, id, true);
    if (current.version !== version) throw staleVersion(current.version);
    return current;
  }

  async list(status: CaseStudyStatus | undefined, limit = 50, cursor?: string): Promise<Page<CaseStudyView>> {
    const position = decodeCursor(cursor, { offset: 'int' });
    const offset = position ? Math.max(0, Number(position.offset)) : 0;
    const citing = this.citing();
    return this.transactions.tenant(async (db) => {
      const rows = await this.caseStudies.list(
        db,
        status ?? null,
        citing?.actorId ?? null,
        citing !== undefined,
        offset,
        limit,
      );
      const items = await this.views(db, rows.slice(0, limit));
      return { items, nextCursor: rows.length > limit ? encodeCursor({ offset: offset + limit }) : null };
    });
  }

  get(id: string): Promise<CaseStudyView> {
    return this.transactions.tenant((db) => this.readable(db, id));
  }

  /** A new draft, prefilled from the action or alliance: its enjeux, fragilities, participants, type or modes, dates. */
  create(source: CaseStudySource, sourceId: string): Promise<CaseStudyView> {
    return this.transactions.tenant(async (db) => {
      const found =
        source === 'action'
          ? await this.caseStudies.action(db, sourceId)
          : await this.caseStudies.alliance(db, sourceId);
      if (!found) {
        throw new DomainError('invalid', {
          code: 'case_study_source_not_found',
          detail:
            source === 'action'
              ? 'Cette action n’existe pas dans le territoire.'
              : 'Cette alliance n’existe pas dans le territoire.',
          errors: [{ field: 'sourceId', message: 'introuvable' }],
        });
      }
      const fields: CaseStudyFields = {
        title: found.title,
        context: '',
        enjeux: found.priorities.map((priority) => priority.title).join('\n'),
        whatWasDone: found.description,
        results: found.outcomes,
        lessons: '',
        fragilities: sorted([...found.fragilities, ...found.priorities.flatMap((priority) => priority.fragilities)]),
        startedOn: found.started_on,
        endedOn: found.ended_on,
      };
      const participants = found.participants.map((p) => ({
        actorId: p.actor_id,
        role:
          source === 'action'
            ? FRENCH_LABELS.participantRole[p.role as keyof typeof FRENCH_LABELS.participantRole]
            : p.role,
      }));
      const id = await this.caseStudies.insert(
        db,
        source,
        sourceId,
        fields,
        found.action_type,
        sorted(found.alliance_modes),
        participants,
        this.context.caller?.userId ?? null,
      );
      const created = await this.readable(db, id);
      await this.audit.record(db, { entity: 'case_study', entityId: id, action: 'create', after: audited(created) });
      await this.events.emit(db, {
        kind: 'case_study.created',
        subject: { type: 'case_study', id },
        data: { title: created.title, actorIds: participants.map((p) => p.actorId) },
      });
      return created;
    });
  }

  /** Changes a draft's sections (If-Match: its version). */
  update(id: string, version: number, patch: CaseStudyInput): Promise<CaseStudyView> {
    return this.transactions.tenant(async (db) => {
      const before = await this.editable(db, id, version);
      if (before.status !== 'draft') {
        throw wrongStatus(
          `Ce retour d’expérience est ${STATUS_LABELS[before.status]} : seul un brouillon se modifie. Demandez qu’il vous soit renvoyé pour le reprendre.`,
        );
      }
      const changed = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      const fields = this.fields({ ...before, ...changed });
      await this.caseStudies.update(db, id, fields);
      const after = await this.readable(db, id);
      await this.audit.record(db, {
        entity: 'case_study',
        entityId: id,
        action: 'update',
        before: audited(before),
        after: audited(after),
      });
      return after;
    });
  }

  submit(id: string, version: number): Promise<CaseStudyView> {
    return this.step(id, version, 'submit');
  }

  /** Approval by a coordinator who neither wrote nor submitted it. */
  approve(id: string, version: number): Promise<CaseStudyView> {
    return this.step(id, version, 'approve');
  }

  /** Back to its author as a draft, with the reviewer's comment. */
  returnToAuthor(id: string, version: number, comment: string): Promise<CaseStudyView> {
    const reason = comment.trim();
    if (!reason) throw invalidCaseStudy('comment', 'obligatoire', 'Dites à l’auteur ce qui est à reprendre.');
    return this.step(id, version, 'return', reason);
  }

  /**
   * Publishes an approved case study: its national copy is written first (in the national
   * scope), then its state; if the state cannot change (someone changed it in between), the
   * copy is taken back.
   */
  async publish(id: string, version: number): Promise<CaseStudyView> {
    const copy = await this.transactions.tenant(async (db) => {
      const current = await this.readable(db, id);
      this.checkStep(current, version, 'publish');
      return this.nationalCopy(db, current);
    });
    await this.transactions.withoutTerritory('resources.case-studies', (db) => this.caseStudies.saveNational(db, copy));
    try {
      return await this.step(id, version, 'publish', null, copy.territoryName);
    } catch (error) {
      await this.refreshNational(id);
      throw error;
    }
  }

  /** Withdraws a case study from the national centre: its copy is deleted, it is approved again. */
  async unpublish(id: string, version: number): Promise<CaseStudyView> {
    await this.transactions.tenant(async (db) => this.checkStep(await this.readable(db, id), version, 'unpublish'));
    await this.transactions.withoutTerritory('resources.case-studies', (db) => this.caseStudies.deleteNational(db, id));
    try {
      return await this.step(id, version, 'unpublish');
    } catch (error) {
      await this.refreshNational(id);
      throw error;
    }
  }

  /**
   * An organisation says whether it may be named: its own member, or a coordinator who
   * obtained its answer offline (then a note says how). A published copy follows at once.
   */
  async consent(id: string, actorId: string, granted: boolean, note: string | undefined): Promise<CaseStudyView> {
    const onBehalf = coordinates(this.context);
    const trimmed = note?.trim() || null;
    const result = await this.transactions.tenant(async (db) => {
      const current = await this.readable(db, id, true);
      const participant = current.participants.find((p) => p.actorId === actorId);
      if (!participant) {
        throw new DomainError('not_found', {
          code: 'case_study_not_participant',
          detail: 'Cette organisation ne participe pas à ce retour d’expérience.',
        });
      }
      if (!onBehalf && this.context.territory?.actorId !== actorId) {
        throw new DomainError('forbidden', {
          code: 'case_study_consent_not_yours',
          detail: 'Seuls les membres de cette organisation (ou la coordination) répondent pour elle.',
        });
      }
      if (onBehalf && !trimmed) {
        throw invalidCaseStudy(
          'note',
          'obligatoire',
          'Notez comment l’accord ou le refus de l’organisation a été recueilli (par exemple : « accord écrit du 3 mars »).',
        );
      }
      await this.caseStudies.consent(
        db,
        id,
        actorId,
        granted ? 'granted' : 'refused',
        onBehalf ? 'coordinator' : 'organisation',
        trimmed,
        callerId(this.context),
      );
      await this.audit.record(db, {
        entity: 'case_study_consent',
        entityId: id,
        action: granted ? 'grant' : 'refuse',
        before: { actorId, consent: participant.consent, note: participant.consentNote },
        after: { actorId, consent: granted ? 'granted' : 'refused', note: trimmed },
      });
      await this.events.emit(db, {
        kind: 'case_study.consent_recorded',
        subject: { type: 'case_study', id },
        data: { title: current.title, actorId, actorName: participant.name, granted, onBehalf },
      });
      return this.readable(db, id);
    });
    if (result.status === 'published') await this.refreshNational(id);
    return result;
  }

  async national(query: NationalCaseStudyQuery, limit = 50, cursor?: string): Promise<Page<NationalCaseStudyView>> {
    const position = decodeCursor(cursor, { offset: 'int' });
    const offset = position ? Math.max(0, Number(position.offset)) : 0;
    const rows = await this.transactions.withoutTerritory('resources.case-studies', (db) =>
      this.caseStudies.national(
        db,
        {
          query: query.q ? normaliseText(query.q) || null : null,
          fragility: query.fragility ?? null,
          actionType: query.actionType ?? null,
          allianceMode: query.allianceMode ?? null,
          territoryKind: query.territoryKind ?? null,
        },
        offset,
        limit,
      ),
    );
    return {
      items: rows.slice(0, limit).map(nationalView),
      nextCursor: rows.length > limit ? encodeCursor({ offset: offset + limit }) : null,
    };
  }

  async nationalOne(id: string): Promise<NationalCaseStudyView> {
    const row = await this.transactions.withoutTerritory('resources.case-studies', (db) =>
      this.caseStudies.findNational(db, id),
    );
    if (!row) throw notFound();
    return nationalView(row);
  }

  private checkStep(current: CaseStudyView, version: number, step: ReviewStep): void {
    if (current.version !== version) throw staleVersion(current.version);
    if (!STEPS[step].from.includes(current.status)) {
      throw wrongStatus(`${STEPS[step].refusal} Celui-ci est ${STATUS_LABELS[current.status]}.`);
    }
    if (step === 'publish') {
      const named = namedWithoutConsent(
        [current.title, current.context, current.enjeux, current.whatWasDone, current.results, current.lessons],
        current.participants,
      );
      if (named.length > 0) {
        throw new DomainError('conflict', {
          code: 'case_study_names_without_consent',
          detail:
            `Le texte nomme ${named.length > 1 ? 'des organisations qui n’ont' : 'une organisation qui n’a'} pas ` +
            `accepté d’être nommée${named.length > 1 ? 's' : ''} : ${named.map((name) => `« ${name} »`).join(', ')}. ` +
            'Retirez ce nom du titre et des sections (le centre national décrit ces organisations par leur catégorie et leur rôle), ou recueillez leur accord.',
          extensions: { names: named },
        });
      }
    }
    if (step === 'approve' && !current.canApprove) {
      throw new DomainError('forbidden', {
        code: 'case_study_own_approval',
        detail:
          'Un retour d’expérience est approuvé par un·e autre coordinateur·rice que celui ou celle qui l’a rédigé ou soumis.',
      });
    }
  }

  /** One step of the review, with its audit entry and event. */
  private step(
    id: string,
    version: number,
    step: ReviewStep,
    comment: string | null = null,
    territoryName = '',
  ): Promise<CaseStudyView> {
    return this.transactions.tenant(async (db) => {
      const before = await this.editable(db, id, version);
      this.checkStep(before, version, step);
      await this.caseStudies.transition(db, id, step, this.context.caller?.userId ?? null, comment);
      const after = await this.readable(db, id);
      await this.audit.record(db, {
        entity: 'case_study',
        entityId: id,
        action: step,
        before: audited(before),
        after: audited(after),
      });
      const subject = { type: 'case_study', id };
      const title = after.title;
      switch (step) {
        case 'submit':
          await this.events.emit(db, { kind: 'case_study.submitted', subject, data: { title } });
          break;
        case 'approve':
          await this.events.emit(db, { kind: 'case_study.approved', subject, data: { title } });
          break;
        case 'return':
          await this.events.emit(db, {
            kind: 'case_study.returned',
            subject,
            data: { title, comment: comment ?? '', authorId: await this.authorId(db, id) },
          });
          break;
        case 'publish':
          await this.events.emit(db, { kind: 'case_study.published', subject, data: { title, territoryName } });
          break;
        case 'unpublish':
          await this.events.emit(db, { kind: 'case_study.unpublished', subject, data: { title } });
          break;
      }
      return after;
    });
  }

  private async authorId(db: Db, id: string): Promise<string | null> {
    return (await this.caseStudies.find(db, id))?.created_by ?? null;
  }

  /** The national copy of a case study: what may be shown nationally, as it stands. */
  private async nationalCopy(db: Db, current: CaseStudyView): Promise<NationalCopy> {
    const territoryId = this.context.territoryId;
    const territory = await this.caseStudies.territory(db, territoryId);
    const participants = current.participants.map((p) =>
      nationalParticipant({
        actor_id: p.actorId,
        name: p.name,
        category: p.category,
        role: p.role,
        consent: p.consent,
        consent_source: p.consentSource,
        consent_note: p.consentNote,
        consent_at: null,
      }),
    );
    const fields = this.fields(current);
    return {
      id: current.id,
      territoryId,
      territoryName: territory.name,
      territoryKind: territory.kind,
      source: current.source,
      fields,
      actionType: current.actionType,
      allianceModes: current.allianceModes,
      participants,
      searchText: normaliseText(
        [
          fields.title,
          ...CASE_STUDY_SECTIONS.map((section) => fields[section]),
          territory.name,
          ...participants.map((p) => p.text),
        ].join(' '),
      ),
    };
  }

  /** Brings the national copy in line with the case study: rewritten while published, deleted otherwise. */
  private async refreshNational(id: string): Promise<void> {
    const copy = await this.transactions.tenant(async (db) => {
      const row = await this.caseStudies.find(db, id);
      if (row?.status !== 'published') return null;
      const [current] = await this.views(db, [row]);
      return this.nationalCopy(db, current as CaseStudyView);
    });
    await this.transactions.withoutTerritory('resources.case-studies', (db) =>
      copy ? this.caseStudies.saveNational(db, copy) : this.caseStudies.deleteNational(db, id),
    );
  }

  /** The checked sections of a case study. */
  private fields(input: Required<Omit<CaseStudyInput, 'startedOn' | 'endedOn'>> & CaseStudyInput): CaseStudyFields {
    const title = input.title.trim();
    if (!title) throw invalidCaseStudy('title', 'obligatoire', 'Donnez un titre au retour d’expérience.');
    const startedOn = input.startedOn ?? null;
    const endedOn = input.endedOn ?? null;
    for (const [field, date] of [
      ['startedOn', startedOn],
      ['endedOn', endedOn],
    ] as const) {
      if (date && (date < '1900-01-01' || date > '2200-01-01')) {
        throw invalidCaseStudy(field, 'date improbable', 'Les dates doivent être comprises entre 1900 et 2200.');
      }
    }
    if (startedOn && endedOn && endedOn < startedOn) {
      throw invalidCaseStudy('endedOn', 'avant le début', 'La date de fin précède la date de début.');
    }
    return {
      title,
      context: input.context.trim(),
      enjeux: input.enjeux.trim(),
      whatWasDone: input.whatWasDone.trim(),
      results: input.results.trim(),
      lessons: input.lessons.trim(),
      fragilities: sorted(input.fragilities),
      startedOn,
      endedOn,
    };
  }
}
