import {
  useEffect,
  useId,
  useRef,
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Link, type LinkProps } from 'react-router';
import { ApiError, isAtField } from '../api/client';

/** Sets the document title (unique per page: RGAA 8.6) and renders the page heading. */
export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  return (
    <div className="page-header">
      <div>
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

export function Loading({ label }: { label?: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('state.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }): ReactNode {
  return <p className="state state-empty">{children}</p>;
}

/** An error as the user should read it: the API's French detail, or a network message. */
export function errorMessage(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 403) return error.problem.detail ?? t('errors.forbidden');
    if (error.status === 404) return error.problem.detail ?? t('errors.notFound');
    return error.problem.detail ?? error.problem.title ?? t('errors.unexpected');
  }
  return t('errors.unexpected');
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p>{errorMessage(error, t)}</p>
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {t('actions.retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** Loading, error and empty states around a query's data. */
export function QueryView<T>({
  query,
  empty,
  isEmpty,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}): ReactNode {
  if (query.isPending) return <Loading />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (empty && isEmpty?.(query.data)) return <Empty>{empty}</Empty>;
  return children(query.data);
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'tertiary' | 'danger';
  busy?: boolean;
};

export function Button({
  variant = 'primary',
  busy,
  className,
  children,
  disabled,
  type,
  ...rest
}: ButtonProps): ReactNode {
  return (
    <button
      type={type ?? 'button'}
      className={`btn btn-${variant}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

export function ButtonLink({
  variant = 'secondary',
  className,
  ...rest
}: LinkProps & { variant?: ButtonProps['variant'] }): ReactNode {
  return <Link className={`btn btn-${variant}${className ? ` ${className}` : ''}`} {...rest} />;
}

interface FieldShellProps {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** Label, hint and error messages tied to their control (aria-describedby, aria-invalid). */
export function FieldShell({ label, hint, errors = [], required, children }: FieldShellProps): ReactNode {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const { t } = useTranslation();
  return (
    <div className={`field${errors.length > 0 ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> {t('form.required')}</span> : null}
      </label>
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy, invalid: errors.length > 0 })}
      {errorId ? (
        <p className="field-error" id={errorId}>
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

type Common = { label: ReactNode; hint?: ReactNode; errors?: string[] };

export function TextField({
  label,
  hint,
  errors,
  required,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>): ReactNode {
  return (
    <FieldShell label={label} hint={hint} errors={errors} required={required}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={required}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export function TextArea({
  label,
  hint,
  errors,
  required,
  ...input
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>): ReactNode {
  return (
    <FieldShell label={label} hint={hint} errors={errors} required={required}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={required}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export function SelectField({
  label,
  hint,
  errors,
  required,
  options,
  placeholder,
  ...select
}: Common &
  SelectHTMLAttributes<HTMLSelectElement> & {
    options: { value: string; label: string }[];
    placeholder?: string;
  }): ReactNode {
  return (
    <FieldShell label={label} hint={hint} errors={errors} required={required}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={required}
          {...select}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function Checkbox({ label, ...input }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>): ReactNode {
  const id = useId();
  return (
    <div className="checkbox">
      <input type="checkbox" id={id} {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A group of checkboxes for a multi-valued field, as a fieldset with a legend. */
export function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  errors = [],
}: {
  legend: ReactNode;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (next: string[]) => void;
  errors?: string[];
}): ReactNode {
  const id = useId();
  return (
    <fieldset
      className={`field checkbox-group${errors.length > 0 ? ' field-invalid' : ''}`}
      aria-describedby={errors.length ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {options.map((option) => (
        <Checkbox
          key={option.value}
          label={option.label}
          checked={value.includes(option.value)}
          onChange={(event) =>
            onChange(event.target.checked ? [...value, option.value] : value.filter((item) => item !== option.value))
          }
        />
      ))}
      {errors.length > 0 ? (
        <p className="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A form-level error summary (RGAA 11.10): focused when it appears, listing what to fix. */
export function FormErrors({
  error,
  shownAtFields = [],
  labelOf,
}: {
  error: unknown;
  /**
   * Fields whose messages the form shows next to them (with their parts, as `fieldErrors` finds
   * them: `parties` holds `parties[0].actorId`): not repeated here (each message is said once).
   * Or a test of the field the API names, for a form whose fields show only some of their parts.
   */
  shownAtFields?: readonly string[] | ((field: string) => boolean);
  /**
   * The label of a field the API names: each message is then said with it (« Intitulé : Ce champ
   * ne doit pas être vide. »), for a form whose messages do not name their field themselves.
   */
  labelOf?: (field: string) => string | undefined;
}): ReactNode {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const all = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const shown =
    typeof shownAtFields === 'function'
      ? shownAtFields
      : (field: string) => shownAtFields.some((name) => isAtField(field, name));
  const fields = all.filter((field) => !shown(field.field));
  // Every message is at its field: the summary only points there (the problem's detail repeats them),
  // naming the fields when the form can (one far down a long form is otherwise hard to find).
  const onlyAtFields = all.length > 0 && fields.length === 0;
  const message = onlyAtFields ? t('errors.seeFields') : errorMessage(error, t);
  const concerned = onlyAtFields
    ? [...new Set(all.map((field) => labelOf?.(field.field)).filter((label): label is string => Boolean(label)))]
    : [];
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <p>{message}</p>
      {concerned.length > 0 ? (
        <p>{t('errors.fieldsConcerned', { count: concerned.length, fields: concerned.join(', ') })}</p>
      ) : null}
      {fields.length > 0 ? (
        <ul>
          {fields.map((field, index) => (
            <li key={`${field.field}-${index}`}>
              {((label) => (label ? t('errors.atField', { label, message: field.message }) : field.message))(
                labelOf?.(field.field),
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A field's messages where the field itself shows no input (locked, or nothing to choose from). */
export function FieldErrorsOnly({ errors }: { errors: readonly string[] | undefined }): ReactNode {
  if (!errors?.length) return null;
  return <p className="field-error">{errors.join(' ')}</p>;
}

/** Field messages from a failed save, for one field. */
export function fieldErrors(error: unknown, field: string): string[] | undefined {
  return error instanceof ApiError ? error.fieldMessages(field) : undefined;
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'info' | 'success' | 'warning' | 'error';
  children: ReactNode;
}): ReactNode {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A modal dialog on the native <dialog> element (focus trapped, Escape closes). */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Start on the dialog's first field or button rather than on "Fermer".
      const first = dialog.querySelector<HTMLElement>(
        '.dialog-body :is(input, select, textarea, button, a[href], [tabindex]:not([tabindex="-1"])):not([disabled])',
      );
      first?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className="dialog">
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-tertiary" onClick={onClose}>
          {t('actions.close')}
        </button>
      </div>
      <div className="dialog-body">{open ? children : null}</div>
    </dialog>
  );
}

/** "Load more" for cursor-paged lists. */
export function LoadMore({
  hasMore,
  loading,
  onClick,
}: {
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
}): ReactNode {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <Button variant="secondary" busy={loading} onClick={onClick}>
        {t('actions.loadMore')}
      </Button>
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }): ReactNode {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-label">{percent} %</span>
    </div>
  );
}

/** A horizontally scrollable wrapper (wide tables on phones), reachable with the keyboard. */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
