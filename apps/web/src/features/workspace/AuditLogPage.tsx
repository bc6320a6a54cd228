import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Schemas } from '../../api/client';
import { Button, LoadMore, PageHeader, QueryView, ScrollRegion, SelectField, TextField } from '../../ui/components';
import {
  AUDIT_ACTOR_ID_FIELDS,
  AUDIT_ENTITIES,
  AUDIT_NAMED_ID_FIELDS,
  auditValueCatalogue,
  isIdentifierField,
} from '@maillage/contract';
import { formatDate, formatDateTime, formatNumber } from '../../ui/format';
import { useMembers } from './useMembers';
import { useActorName, useAuditLog } from './queries';

type Entry = Schemas['AuditEntryDto'];

/** URL parameters of the filters. */
const PARAMS = { author: 'auteur', entity: 'objet', from: 'du', to: 'au' } as const;

/** Local midnight of a `YYYY-MM-DD` day, plus `days`, as an ISO instant. */
function dayStart(day: string, days = 0): string | undefined {
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setDate(date.getDate() + days);
  return date.toISOString();
}

/** Nothing to show for a value. */
const NOTHING = '—';

function useLabels(): {
  entity: (code: string) => string;
  describe: (entry: Entry) => string;
  field: (code: string) => string;
  value: (entry: Entry, field: string, value: unknown) => string;
} {
  const { t, i18n } = useTranslation(['workspace', 'common', 'domain']);
  // People are named from the members the page loads already (the authors' filter).
  const members = useMembers();
  const person = (userId: string): string =>
    members.data?.find((member) => member.userId === userId)?.name ??
    (members.isPending ? NOTHING : t('workspace:audit.formerMember'));
  const entity = (code: string): string => t(`workspace:audit.entities.${code}`, { defaultValue: code });
  const action = (code: string): string => t(`workspace:audit.actions.${code}`, { defaultValue: code });
  const value = (entry: Entry, field: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '') return NOTHING;
    if (typeof raw === 'boolean') return raw ? t('workspace:audit.yes') : t('workspace:audit.no');
    if (field === 'by' && typeof raw === 'string') return person(raw);
    if (Array.isArray(raw)) {
      const items = raw.map((item) => value(entry, field, item)).filter((item) => item !== NOTHING);
      return items.length ? items.join(', ') : NOTHING;
    }
    if (typeof raw === 'object') {
      // A nested value (a participant, a point): its named parts, never its raw JSON.
      const parts = Object.entries(raw as Record<string, unknown>)
        .filter(([key]) => !isIdentifierField(key))
        .map(
          ([key, item]) => `${t(`workspace:audit.fields.${key}`, { defaultValue: key })} : ${value(entry, key, item)}`,
        );
      return parts.length ? parts.join(' ; ') : NOTHING;
    }
    const catalogue = auditValueCatalogue(entry.entity, field);
    if (catalogue && typeof raw === 'string') return t(`${catalogue}.${raw}`, { defaultValue: raw });
    if (typeof raw === 'number') return formatNumber(raw);
    if (typeof raw === 'string' && ISO_INSTANT.test(raw)) return formatDateTime(raw);
    if (typeof raw === 'string' && ISO_DAY.test(raw)) return formatDate(raw);
    return String(raw);
  };
  return {
    entity,
    describe: (entry) => {
      const key = `workspace:audit.describe.${entry.entity}.${entry.action}`;
      return i18n.exists(key)
        ? t(key)
        : t('workspace:audit.describeFallback', { entity: entity(entry.entity), action: action(entry.action) });
    },
    field: (code) => t(`workspace:audit.fields.${code}`, { defaultValue: code }),
    value,
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** An organisation by its name, never its id. */
function ActorName({ actorId }: { actorId: string }): ReactNode {
  const actor = useActorName(actorId);
  return <>{actor.name ?? NOTHING}</>;
}

/** A changed value; organisations (one, or a list such as an alliance's parties) are named rather than shown as ids. */
function Value({ entry, field, value }: { entry: Entry; field: string; value: unknown }): ReactNode {
  const labels = useLabels();
  if (AUDIT_ACTOR_ID_FIELDS.includes(field)) {
    const actorIds = (Array.isArray(value) ? value : [value]).filter(
      (item): item is string => typeof item === 'string' && item !== '',
    );
    if (actorIds.length === 0) return <>{NOTHING}</>;
    return (
      <>
        {actorIds.map((actorId, index) => (
          <span key={actorId}>
            {index > 0 ? ', ' : ''}
            <ActorName actorId={actorId} />
          </span>
        ))}
      </>
    );
  }
  return <>{labels.value(entry, field, value)}</>;
}

function Changes({ entry }: { entry: Entry }): ReactNode {
  const { t } = useTranslation('workspace');
  const labels = useLabels();
  const fields = Object.entries(entry.changes ?? {}).filter(
    ([field]) => AUDIT_NAMED_ID_FIELDS.includes(field) || !isIdentifierField(field),
  );
  if (fields.length === 0) return <span className="muted">—</span>;
  return (
    <details className="audit-changes">
      <summary>{t('audit.showChanges', { count: fields.length })}</summary>
      <table className="changes-table">
        <caption className="visually-hidden">{t('audit.changesOf', { what: labels.describe(entry) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.field')}</th>
            <th scope="col">{t('audit.before')}</th>
            <th scope="col">{t('audit.after')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([field, change]) => (
            <tr key={field}>
              <th scope="row">{labels.field(field)}</th>
              <td>
                <Value entry={entry} field={field} value={change.old} />
              </td>
              <td>
                <Value entry={entry} field={field} value={change.new} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Filters({
  search,
  onApply,
}: {
  search: URLSearchParams;
  onApply: (next: URLSearchParams) => void;
}): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const labels = useLabels();
  const members = useMembers();
  const [author, setAuthor] = useState(search.get(PARAMS.author) ?? '');
  const [entity, setEntity] = useState(search.get(PARAMS.entity) ?? '');
  const [from, setFrom] = useState(search.get(PARAMS.from) ?? '');
  const [to, setTo] = useState(search.get(PARAMS.to) ?? '');
  const [problem, setProblem] = useState<string | undefined>();
  const authors = (members.data ?? []).map((member) => ({ value: member.userId, label: member.name }));
  if (author && !authors.some((option) => option.value === author)) authors.push({ value: author, label: author });
  return (
    <form
      className="filters"
      role="search"
      aria-label={t('workspace:audit.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        if (from && to && from > to) {
          setProblem(t('workspace:reports.endBeforeStart'));
          return;
        }
        setProblem(undefined);
        const next = new URLSearchParams();
        if (author) next.set(PARAMS.author, author);
        if (entity) next.set(PARAMS.entity, entity);
        if (from) next.set(PARAMS.from, from);
        if (to) next.set(PARAMS.to, to);
        onApply(next);
      }}
    >
      <div className="toolbar">
        <SelectField
          label={t('workspace:audit.author')}
          value={author}
          onChange={(event) => setAuthor(event.target.value)}
          placeholder={t('workspace:audit.anyAuthor')}
          options={authors}
        />
        <SelectField
          label={t('workspace:audit.entity')}
          value={entity}
          onChange={(event) => setEntity(event.target.value)}
          placeholder={t('workspace:audit.anyEntity')}
          options={AUDIT_ENTITIES.map((value) => ({ value, label: labels.entity(value) }))}
        />
        <TextField
          label={t('workspace:audit.from')}
          type="date"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
        />
        <TextField
          label={t('workspace:audit.to')}
          type="date"
          value={to}
          onChange={(event) => setTo(event.target.value)}
          errors={problem ? [problem] : undefined}
        />
        <div className="row">
          <Button type="submit">{t('common:actions.filter')}</Button>
          <Button
            variant="secondary"
            onClick={() => {
              setAuthor('');
              setEntity('');
              setFrom('');
              setTo('');
              setProblem(undefined);
              onApply(new URLSearchParams());
            }}
          >
            {t('common:actions.reset')}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** The territory's audit log: who changed what and when, filtered, page by page. */
export function AuditLogPage(): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const [search, setSearch] = useSearchParams();
  const labels = useLabels();
  const author = search.get(PARAMS.author) ?? '';
  const entity = search.get(PARAMS.entity) ?? '';
  const from = search.get(PARAMS.from) ?? '';
  const to = search.get(PARAMS.to) ?? '';
  const query = {
    ...(author ? { actorId: author } : {}),
    ...(entity ? { entity } : {}),
    ...(from && dayStart(from) ? { from: dayStart(from) } : {}),
    // The API's `to` is exclusive: the chosen day is included up to its last instant.
    ...(to && dayStart(to, 1) ? { to: dayStart(to, 1) } : {}),
  };
  const entries = useAuditLog(query);
  const items = entries.data?.pages.flatMap((page) => page.items);
  const filtered = Boolean(author || entity || from || to);
  return (
    <>
      <PageHeader title={t('workspace:audit.title')} subtitle={t('workspace:audit.intro')} />
      <Filters key={search.toString()} search={search} onApply={(next) => setSearch(next)} />
      <section className="card ws-card" aria-labelledby="audit-title">
        <h2 id="audit-title">{t('workspace:audit.entries')}</h2>
        <QueryView
          query={{ ...entries, data: items }}
          isEmpty={(list) => list.length === 0}
          empty={filtered ? t('workspace:audit.emptyFiltered') : t('workspace:audit.empty')}
        >
          {(list) => (
            <>
              <p className="muted" role="status">
                {t('workspace:audit.count', { count: list.length })}
                {entries.hasNextPage ? ` ${t('workspace:audit.more')}` : ''}
              </p>
              <ScrollRegion label={t('workspace:audit.entries')}>
                <table className="audit-table">
                  <caption className="visually-hidden">{t('workspace:audit.entries')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('workspace:audit.when')}</th>
                      <th scope="col">{t('workspace:audit.author')}</th>
                      <th scope="col">{t('workspace:audit.what')}</th>
                      <th scope="col">{t('workspace:audit.details')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((entry) => (
                      <tr key={entry.id}>
                        <td>{formatDateTime(entry.occurredAt)}</td>
                        <td>{entry.actorName ?? t('workspace:audit.system')}</td>
                        <th scope="row">
                          {labels.describe(entry)}
                          <div className="muted ws-note">
                            {labels.entity(entry.entity)}
                            {entry.subject ? ` · ${entry.subject}` : ''}
                          </div>
                        </th>
                        <td>
                          <Changes entry={entry} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </>
          )}
        </QueryView>
        <LoadMore
          hasMore={Boolean(entries.hasNextPage)}
          loading={entries.isFetchingNextPage}
          onClick={() => void entries.fetchNextPage()}
        />
      </section>
    </>
  );
}
