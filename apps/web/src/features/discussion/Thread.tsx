import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_MAX_LENGTH } from '@maillage/contract';
import type { Schemas } from '../../api/client';
import { Button, FormErrors, LoadMore, QueryView, fieldErrors } from '../../ui/components';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/format';
import { messageSegments, mentionQuery, toBody, toDraft, type DraftMention } from './message-text';
import { useChangeComment, usePostComment } from './mutations';
import { useMentionable, useThread, type SubjectType } from './queries';
import './discussion.css';

type Comment = Schemas['CommentViewDto'];

/** A message's text: plain text, links opened in a new tab, mentions as names. Never HTML. */
export function MessageText({ comment }: { comment: Comment }): ReactNode {
  const names = useMemo(
    () => new Map(comment.mentions.map((mention) => [mention.userId, mention.name])),
    [comment.mentions],
  );
  return (
    <p className="message-text">
      {messageSegments(comment.body, names).map((segment, index) => {
        if (segment.kind === 'link') {
          return (
            <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
              {segment.text}
            </a>
          );
        }
        if (segment.kind === 'mention') {
          return (
            <strong key={index} className="mention">
              @{segment.name}
            </strong>
          );
        }
        return <span key={index}>{segment.text}</span>;
      })}
    </p>
  );
}

interface ComposerProps {
  type: SubjectType;
  subjectId: string;
  label: string;
  initial?: Comment;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: string) => void;
  onCancel?: () => void;
  /** Bumped by the parent after a successful post: the composer empties. */
  resetKey?: number;
}

/**
 * A labelled textarea with an « @ » autocomplete (combobox pattern): typing « @ » and part of
 * a name lists who may read the thread; arrows move, Enter or Tab choose, Escape closes.
 * The textarea shows « @Name »; the body sent writes each chosen mention as `@[Name](id)`.
 */
function Composer({
  type,
  subjectId,
  label,
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  resetKey,
}: ComposerProps): ReactNode {
  const { t } = useTranslation('discussion');
  const id = useId();
  const listId = `${id}-people`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const start = useMemo(
    () =>
      initial
        ? toDraft(initial.body, new Map(initial.mentions.map((m) => [m.userId, m.name])))
        : { text: '', mentions: [] },
    [initial],
  );
  const [text, setText] = useState(start.text);
  const [mentions, setMentions] = useState<DraftMention[]>(start.mentions);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once a chosen name is in the text: placed in the same commit,
  // before the next key is handled (a frame later, fast typing would land before it).
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const position = pendingCaret.current;
    const element = area.current;
    if (position === null || !element) return;
    pendingCaret.current = null;
    element.focus();
    element.setSelectionRange(position, position);
  });
  useEffect(() => {
    if (resetKey) {
      setText('');
      setMentions([]);
    }
  }, [resetKey]);

  const found = dismissed ? null : mentionQuery(text, caret);
  // A name already chosen (and what is typed after it) is not searched again.
  const typing =
    found && mentions.some((m) => found.query === m.name || found.query.startsWith(`${m.name} `)) ? null : found;
  const people = useMentionable(type, subjectId, typing?.query ?? '', typing !== null);
  const options = typing ? (people.data ?? []) : [];
  const open = options.length > 0;
  const serverErrors = fieldErrors(error, 'body');
  const tooLong = text.trim().length > COMMENT_MAX_LENGTH;

  function choose(person: Schemas['MentionableDto']): void {
    if (!typing) return;
    const inserted = `@${person.name} `;
    const next = text.slice(0, typing.start) + inserted + text.slice(caret);
    const position = typing.start + inserted.length;
    setText(next);
    setMentions((current) => [
      ...current.filter((m) => m.userId !== person.userId),
      { userId: person.userId, name: person.name },
    ]);
    setCaret(position);
    setActive(0);
    pendingCaret.current = position;
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current) => (current + step + options.length) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const person = options[Math.min(active, options.length - 1)];
        if (person) choose(person);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  }

  function submit(): void {
    if (!text.trim() || tooLong) return;
    onSubmit(toBody(text.trim(), mentions));
  }

  const describedBy = [hintId, serverErrors?.length || tooLong ? errorId : null].filter(Boolean).join(' ');
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <FormErrors error={error} />
      <div className={`field${serverErrors?.length || tooLong ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <p className="field-hint" id={hintId}>
          {t('hint')}
        </p>
        <div className="composer-box">
          <textarea
            id={id}
            ref={area}
            rows={3}
            value={text}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open ? `${listId}-${active}` : undefined}
            aria-describedby={describedBy}
            aria-invalid={serverErrors?.length || tooLong ? true : undefined}
            onChange={(event) => {
              setText(event.target.value);
              setCaret(event.target.selectionStart);
              setDismissed(false);
              setActive(0);
            }}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
          />
          <ul id={listId} role="listbox" className="mention-list" hidden={!open} aria-label={t('people')}>
            {options.map((person, index) => (
              <li
                key={person.userId}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(person);
                }}
              >
                {person.name}
                <span className="muted">
                  {' '}
                  — {person.organisation ?? t(person.role === 'coordinator' ? 'coordination' : 'member')}
                </span>
              </li>
            ))}
          </ul>
        </div>
        {serverErrors?.length || tooLong ? (
          <p className="field-error" id={errorId}>
            {tooLong ? t('tooLong', { max: COMMENT_MAX_LENGTH }) : serverErrors?.join(' ')}
          </p>
        ) : null}
      </div>
      <div className="row">
        <Button type="submit" busy={busy} disabled={!text.trim() || tooLong}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            {t('cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** A message's button, named for screen readers with the message it acts on. */
function MessageButton({
  label,
  comment,
  onClick,
}: {
  label: string;
  comment: Comment;
  onClick: () => void;
}): ReactNode {
  const { t } = useTranslation('discussion');
  return (
    <Button variant="tertiary" onClick={onClick}>
      {label}
      <span className="visually-hidden"> {t('messageOf', { name: comment.author.name })}</span>
    </Button>
  );
}

function Message({
  comment,
  type,
  subjectId,
  onDelete,
}: {
  comment: Comment;
  type: SubjectType;
  subjectId: string;
  onDelete: (comment: Comment) => void;
}): ReactNode {
  const { t } = useTranslation('discussion');
  const [editing, setEditing] = useState(false);
  const edit = useChangeComment(type, subjectId, { onSuccess: () => setEditing(false) });
  const author = comment.author.organisation
    ? t('authorOf', { name: comment.author.name, organisation: comment.author.organisation })
    : comment.author.name;
  return (
    <li className="message" id={`message-${comment.id}`}>
      <p className="message-meta">
        <strong>{author}</strong> <span className="muted">{formatDateTime(comment.createdAt)}</span>
        {comment.editedAt && !comment.deletedAt ? <span className="muted"> · {t('edited')}</span> : null}
      </p>
      {comment.deletedAt ? (
        <p className="message-deleted">
          <em>{t('deleted')}</em>{' '}
          <span className="muted">
            {t('deletedBy', { name: comment.deletedBy?.name ?? '', date: formatDateTime(comment.deletedAt) })}
          </span>
        </p>
      ) : editing ? (
        <Composer
          type={type}
          subjectId={subjectId}
          label={t('editLabel')}
          initial={comment}
          submitLabel={t('save')}
          busy={edit.isPending}
          error={edit.error}
          onSubmit={(body) => edit.mutate({ commentId: comment.id, body })}
          onCancel={() => {
            edit.reset();
            setEditing(false);
          }}
        />
      ) : (
        <MessageText comment={comment} />
      )}
      {!editing && (comment.canEdit || comment.canDelete) ? (
        <div className="row message-actions">
          {comment.canEdit ? (
            <MessageButton label={t('edit')} comment={comment} onClick={() => setEditing(true)} />
          ) : null}
          {comment.canDelete ? (
            <MessageButton label={t('delete')} comment={comment} onClick={() => onDelete(comment)} />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/**
 * The discussion of an alliance, an action or a priority: its messages oldest first, a composer
 * with @-mentions, and edit (15 minutes) or delete for one's own messages. New messages (posted
 * here, or found when the thread is read again) are announced in a polite live region.
 */
export function Thread({
  type,
  subjectId,
  headingLevel = 2,
  title,
}: {
  type: SubjectType;
  subjectId: string;
  headingLevel?: 2 | 3;
  /** The heading; « Discussion » by default. */
  title?: string;
}): ReactNode {
  const { t } = useTranslation('discussion');
  const thread = useThread(type, subjectId);
  const [announce, setAnnounce] = useState('');
  const [resetKey, setResetKey] = useState(0);
  const [deleting, setDeleting] = useState<Comment | null>(null);
  const headingId = useId();
  const post = usePostComment(type, subjectId, {
    onSuccess: () => {
      setResetKey((key) => key + 1);
      setAnnounce(t('posted'));
    },
  });
  const remove = useChangeComment(type, subjectId, {
    onSuccess: () => {
      setDeleting(null);
      setAnnounce(t('deletedNotice'));
    },
  });
  const comments = useMemo(() => thread.data?.pages.flatMap((page) => page.items) ?? [], [thread.data]);
  const seen = useRef<number | null>(null);
  useEffect(() => {
    if (!thread.data) return;
    const previous = seen.current;
    seen.current = comments.length;
    if (previous !== null && comments.length > previous) {
      const last = comments[comments.length - 1];
      if (last && last.canEdit === false) setAnnounce(t('newMessage', { name: last.author.name }));
    }
  }, [comments, thread.data, t]);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="card thread" aria-labelledby={headingId}>
      <Heading id={headingId}>{title ?? t('title')}</Heading>
      <p className="visually-hidden" aria-live="polite" role="status">
        {announce}
      </p>
      <QueryView query={{ ...thread, data: thread.data ? comments : undefined }}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ol className="messages" aria-label={t('messages')}>
              {items.map((comment) => (
                <Message
                  key={comment.id}
                  comment={comment}
                  type={type}
                  subjectId={subjectId}
                  onDelete={(chosen) => {
                    remove.reset();
                    setDeleting(chosen);
                  }}
                />
              ))}
            </ol>
          )
        }
      </QueryView>
      <LoadMore
        hasMore={Boolean(thread.hasNextPage)}
        loading={thread.isFetchingNextPage}
        onClick={() => void thread.fetchNextPage()}
      />
      <Composer
        type={type}
        subjectId={subjectId}
        label={t('label')}
        submitLabel={t('send')}
        busy={post.isPending}
        error={post.error}
        onSubmit={(body) => post.mutate({ body })}
        resetKey={resetKey}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={t('deleteTitle')}
        confirmLabel={t('delete')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ commentId: deleting.id })}
        onClose={() => setDeleting(null)}
      >
        <p>{t('deleteConfirm')}</p>
      </ConfirmDialog>
    </section>
  );
}
