import type { Readable } from 'node:stream';
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
  type TransactionWork,
} from '@maillage/platform';
import {
  normaliseText,
  RESOURCE_AXIS_LABELS,
  RESOURCE_FILE_TYPES,
  RESOURCE_SHEET_KIND_LABELS,
  type ActionType,
  type AllianceMode,
  type Fragility,
  type ResourceAudience,
  type ResourceAxis,
  type ResourceFileType,
  type ResourceKind,
  type ResourceSheetKind,
  type ResourceSort,
} from '@maillage/contract';
import { sniffFileType } from './file-sniffing.js';
import {
  ResourcesRepository,
  type ResourceFields,
  type ResourceFilters,
  type ResourceRow,
  type ResourceScope,
} from './resources.repository.js';
import './resource.events.js';
import './resource-errors.js';

export type { ResourceScope } from './resources.repository.js';

/** A resource's description as a caller sends it (every field but the kind may be changed later). */
export interface ResourceInput {
  title: string;
  summary?: string;
  author?: string;
  publishedOn?: string | null;
  licence?: string;
  url?: string | null;
  axis: ResourceAxis;
  sheetKind?: ResourceSheetKind | null;
  fragilities?: Fragility[];
  actionTypes?: ActionType[];
  allianceModes?: AllianceMode[];
  audiences?: ResourceAudience[];
}

export interface ResourceQuery {
  q?: string;
  axis?: ResourceAxis;
  sheetKind?: ResourceSheetKind;
  kind?: ResourceKind;
  fragilities?: Fragility[];
  actionTypes?: ActionType[];
  allianceModes?: AllianceMode[];
  audiences?: ResourceAudience[];
  sort?: ResourceSort;
}

export interface ResourceFileView {
  name: string;
  type: ResourceFileType;
  contentType: string;
  sizeBytes: number;
}

export interface ResourceView {
  id: string;
  scope: ResourceScope;
  kind: ResourceKind;
  status: 'draft' | 'published';
  title: string;
  summary: string;
  author: string;
  publishedOn: string | null;
  licence: string;
  url: string | null;
  axis: ResourceAxis;
  sheetKind: ResourceSheetKind | null;
  fragilities: Fragility[];
  actionTypes: ActionType[];
  allianceModes: AllianceMode[];
  audiences: ResourceAudience[];
  file: ResourceFileView | null;
  downloads: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

function resourceView(scope: ResourceScope, row: ResourceRow): ResourceView {
  return {
    id: row.id,
    scope,
    kind: row.kind,
    status: row.status,
    title: row.title,
    summary: row.summary,
    author: row.author,
    publishedOn: row.published_on,
    licence: row.licence,
    url: row.url,
    axis: row.axis,
    sheetKind: row.sheet_kind,
    fragilities: row.fragilities,
    actionTypes: row.action_types,
    allianceModes: row.alliance_modes,
    audiences: row.audiences,
    file:
      row.file_type && row.file_name && row.content_type
        ? {
            name: row.file_name,
            type: row.file_type,
            contentType: row.content_type,
            sizeBytes: Number(row.size_bytes ?? 0),
          }
        : null,
    downloads: row.downloads,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit log keeps of a resource (its description and file, without bookkeeping). */
function audited(view: ResourceView): Record<string, unknown> {
  const { file, scope: _scope, downloads: _downloads, createdAt: _c, updatedAt: _u, ...rest } = view;
  return {
    ...rest,
    fileName: file?.name ?? null,
    fileType: file?.type ?? null,
    sizeBytes: file?.sizeBytes ?? null,
  };
}

function invalid(field: string, message: string, detail: string): DomainError {
  return new DomainError('invalid', { code: 'invalid_resource', detail, errors: [{ field, message }] });
}

const sorted = <T extends string>(values: T[] | undefined): T[] => [...new Set(values ?? [])].sort();

/** A file name as it may be stored and sent back in a header: no path, no control characters. */
function cleanFileName(name: string, type: ResourceFileType): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not hold
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const withoutExtension = base.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'ressource';
  return `${withoutExtension.slice(0, 200)}.${type === 'jpeg' ? 'jpg' : type}`;
}

/**
 * The resource centres: the national one (global, read by every signed-in account, written by
 * administrators and national bodies) and each territory's (its coordinators publish, its
 * members read). Files are checked from their content and stored in chunks in PostgreSQL.
 */
@Injectable()
export class ResourcesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly resources: ResourcesRepository,
  ) {}

  /** One unit of work in the centre's tables. */
  private unit<T>(scope: ResourceScope, work: TransactionWork<T>): Promise<T> {
    return scope === 'national'
      ? this.transactions.withoutTerritory('resources.national', work)
      : this.transactions.tenant(work);
  }

  /** Whether the caller may publish in this centre (and so sees its drafts). */
  private canEdit(scope: ResourceScope): boolean {
    if (scope === 'national') {
      const role = this.context.caller?.globalRole;
      return role === 'platform_admin' || role === 'observer';
    }
    const role = this.context.territory?.role;
    return role === 'coordinator' || role === 'platform_admin';
  }

  async list(scope: ResourceScope, query: ResourceQuery, limit = 50, cursor?: string): Promise<Page<ResourceView>> {
    const position = decodeCursor(cursor, { offset: 'int' });
    const offset = position ? Math.max(0, Number(position.offset)) : 0;
    const text = query.q ? normaliseText(query.q) || null : null;
    const filters: ResourceFilters = {
      query: text,
      axis: query.axis ?? null,
      sheetKind: query.sheetKind ?? null,
      kind: query.kind ?? null,
      fragilities: sorted(query.fragilities),
      actionTypes: sorted(query.actionTypes),
      allianceModes: sorted(query.allianceModes),
      audiences: sorted(query.audiences),
      withDrafts: this.canEdit(scope),
    };
    const sort: ResourceSort =
      query.sort === 'relevance' && !text ? 'recent' : (query.sort ?? (text ? 'relevance' : 'recent'));
    const rows = await this.unit(scope, (db) => this.resources.list(db, scope, filters, sort, offset, limit));
    const items = rows.slice(0, limit).map((row) => resourceView(scope, row));
    return { items, nextCursor: rows.length > limit ? encodeCursor({ offset: offset + limit }) : null };
  }

  private async find(db: Db, scope: ResourceScope, id: string, lock = false): Promise<ResourceRow> {
    const row = await this.resources.find(db, scope, id, lock);
    if (!row || (row.status === 'draft' && !this.canEdit(scope))) throw notFound();
    return row;
  }

  get(scope: ResourceScope, id: string): Promise<ResourceView> {
    return this.unit(scope, async (db) => resourceView(scope, await this.find(db, scope, id)));
  }

  create(scope: ResourceScope, kind: ResourceKind, input: ResourceInput): Promise<ResourceView> {
    const fields = this.fields(kind, input);
    return this.unit(scope, async (db) => {
      const row = await this.resources.insert(db, scope, kind, fields, this.context.caller?.userId ?? null);
      const view = resourceView(scope, row);
      await this.recorded(db, scope, view, 'create', null);
      return view;
    });
  }

  update(scope: ResourceScope, id: string, version: number, patch: Partial<ResourceInput>): Promise<ResourceView> {
    return this.unit(scope, async (db) => {
      const current = await this.find(db, scope, id, true);
      if (current.version !== version) throw staleVersion(current.version);
      const before = resourceView(scope, current);
      const fields = this.fields(current.kind, {
        title: patch.title ?? before.title,
        summary: patch.summary ?? before.summary,
        author: patch.author ?? before.author,
        publishedOn: patch.publishedOn !== undefined ? patch.publishedOn : before.publishedOn,
        licence: patch.licence ?? before.licence,
        url: patch.url !== undefined ? patch.url : before.url,
        axis: patch.axis ?? before.axis,
        // Leaving the toolbox leaves its sheet kinds.
        sheetKind:
          patch.sheetKind !== undefined
            ? patch.sheetKind
            : (patch.axis ?? before.axis) === 'toolbox'
              ? before.sheetKind
              : null,
        fragilities: patch.fragilities ?? before.fragilities,
        actionTypes: patch.actionTypes ?? before.actionTypes,
        allianceModes: patch.allianceModes ?? before.allianceModes,
        audiences: patch.audiences ?? before.audiences,
      });
      const view = resourceView(scope, await this.resources.update(db, scope, id, fields));
      await this.recorded(db, scope, view, 'update', before);
      return view;
    });
  }

  remove(scope: ResourceScope, id: string): Promise<void> {
    return this.unit(scope, async (db) => {
      const current = await this.find(db, scope, id, true);
      await this.resources.delete(db, scope, id);
      if (scope === 'territory')
        await this.audit.record(db, {
          entity: 'resource',
          entityId: id,
          action: 'delete',
          before: audited(resourceView(scope, current)),
        });
    });
  }

  /**
   * Stores a file resource's content: its type recognised from the bytes (the name and the type
   * the sender claims are not trusted), then published. `content` is already bounded in size.
   */
  async upload(scope: ResourceScope, id: string, content: Buffer, fileName: string | undefined): Promise<ResourceView> {
    // The resource first: someone who may not see it learns nothing of what they sent.
    const current = await this.unit(scope, (db) => this.find(db, scope, id));
    if (current.kind !== 'file') {
      throw new DomainError('conflict', {
        code: 'resource_not_a_file',
        detail: 'Cette ressource est un lien : elle n’a pas de fichier.',
      });
    }
    if (content.length === 0) {
      throw new DomainError('invalid', {
        code: 'resource_file_empty',
        detail: 'Le fichier envoyé est vide.',
        errors: [{ field: 'file', message: 'vide' }],
      });
    }
    const type = await sniffFileType(content);
    if (!type) {
      throw new DomainError('unsupported', {
        code: 'resource_file_type',
        detail:
          'Ce fichier n’est pas d’un type accepté : PDF, documents bureautiques (ODT, ODS, ODP, DOCX, XLSX, PPTX) ou images (PNG, JPEG). Le type est reconnu d’après le contenu, pas d’après le nom.',
        errors: [{ field: 'file', message: 'type non accepté' }],
      });
    }
    return this.unit(scope, async (db) => {
      const locked = await this.find(db, scope, id, true);
      const before = resourceView(scope, locked);
      const row = await this.resources.storeFile(db, scope, id, {
        name: cleanFileName(fileName ?? locked.file_name ?? locked.title, type),
        type,
        contentType: RESOURCE_FILE_TYPES[type].contentType,
        content,
      });
      const view = resourceView(scope, row);
      await this.recorded(db, scope, view, 'upload', before);
      return view;
    });
  }

  /**
   * A link resource opened from the console: counted like a file's download (the count is the
   * centre's "most used" order), and its address returned for the console to open.
   */
  visit(scope: ResourceScope, id: string): Promise<{ url: string; downloads: number }> {
    return this.unit(scope, async (db) => {
      const found = await this.find(db, scope, id);
      if (found.kind !== 'link' || !found.url) {
        throw new DomainError('conflict', {
          code: 'resource_not_a_link',
          detail: 'Cette ressource est un fichier : téléchargez-le.',
        });
      }
      await this.resources.counted(db, scope, id);
      return { url: found.url, downloads: found.downloads + 1 };
    });
  }

  /** A file resource's content as a stream, counted as one download. */
  async download(
    scope: ResourceScope,
    id: string,
  ): Promise<{ stream: Readable; fileName: string; contentType: string; size: number }> {
    const row = await this.unit(scope, async (db) => {
      const found = await this.find(db, scope, id);
      if (found.kind === 'file' && found.chunk_count !== null) await this.resources.counted(db, scope, id);
      return found;
    });
    if (row.kind !== 'file') {
      throw new DomainError('conflict', {
        code: 'resource_not_a_file',
        detail: 'Cette ressource est un lien : ouvrez son adresse.',
        extensions: { url: row.url },
      });
    }
    if (row.chunk_count === null || !row.file_name || !row.content_type) {
      throw new DomainError('conflict', {
        code: 'resource_file_missing',
        detail: 'Le fichier de cette ressource n’a pas encore été déposé.',
      });
    }
    const bound = scope === 'territory' ? this.transactions.bound() : undefined;
    const run = <T>(work: TransactionWork<T>): Promise<T> =>
      bound ? bound.run(work) : this.transactions.withoutTerritory('resources.national', work);
    return {
      stream: this.resources.streamFile(run, scope, id, row.chunk_count),
      fileName: row.file_name,
      contentType: row.content_type,
      size: Number(row.size_bytes ?? 0),
    };
  }

  /** The checked fields of a description, with the text the search reads. */
  private fields(kind: ResourceKind, input: ResourceInput): ResourceFields {
    const title = input.title.trim();
    if (!title) throw invalid('title', 'obligatoire', 'Donnez un titre à la ressource.');
    const url = input.url?.trim() || null;
    if (kind === 'link' && !url) throw invalid('url', 'obligatoire', 'Un lien a besoin de son adresse (url).');
    if (kind === 'file' && url) {
      throw invalid('url', 'inattendu', 'Une ressource fichier n’a pas d’adresse : déposez son fichier.');
    }
    const sheetKind = input.sheetKind ?? null;
    if (sheetKind && input.axis !== 'toolbox') {
      throw invalid(
        'sheetKind',
        'réservé à la boîte à outils',
        'Le type de fiche ne s’applique qu’aux ressources de la boîte à outils.',
      );
    }
    const publishedOn = input.publishedOn ?? null;
    if (publishedOn && (publishedOn < '1900-01-01' || publishedOn > '2200-01-01')) {
      throw invalid('publishedOn', 'date improbable', 'La date de publication doit être comprise entre 1900 et 2200.');
    }
    const summary = input.summary?.trim() ?? '';
    const author = input.author?.trim() ?? '';
    const labels = [RESOURCE_AXIS_LABELS[input.axis], sheetKind ? RESOURCE_SHEET_KIND_LABELS[sheetKind] : ''];
    return {
      title,
      summary,
      author,
      publishedOn,
      licence: input.licence?.trim() ?? '',
      url,
      axis: input.axis,
      sheetKind,
      fragilities: sorted(input.fragilities),
      actionTypes: sorted(input.actionTypes),
      allianceModes: sorted(input.allianceModes),
      audiences: sorted(input.audiences),
      searchText: normaliseText([title, summary, author, ...labels].join(' ')),
    };
  }

  /** The audit entry of a territory's change, and the event when the resource becomes published. */
  private async recorded(
    db: Db,
    scope: ResourceScope,
    view: ResourceView,
    action: 'create' | 'update' | 'upload',
    before: ResourceView | null,
  ): Promise<void> {
    if (scope !== 'territory') return;
    await this.audit.record(db, {
      entity: 'resource',
      entityId: view.id,
      action,
      ...(before ? { before: audited(before) } : {}),
      after: audited(view),
    });
    if (view.status === 'published' && before?.status !== 'published') {
      await this.events.emit(db, {
        kind: 'resource.published',
        subject: { type: 'resource', id: view.id },
        data: { title: view.title, kind: view.kind, axis: view.axis },
      });
    }
  }
}
