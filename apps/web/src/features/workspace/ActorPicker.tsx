import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldShell } from '../../ui/components';
import { useActorSearch } from '../directory/queries';

export interface PickedActor {
  id: string;
  name: string;
}

/**
 * Picks an actor of the territory by searching its directory (WAI-ARIA
 * combobox: type to search, arrows to move, Enter to choose, Escape to close).
 */
export function ActorPicker({
  label,
  hint,
  value,
  onChange,
  errors,
}: {
  label: string;
  hint?: string;
  value: PickedActor | null;
  onChange: (actor: PickedActor | null) => void;
  errors?: string[];
}): ReactNode {
  const { t } = useTranslation(['workspace', 'domain']);
  const listId = useId();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useActorSearch(term);
  const options = term.length >= 2 ? (search.data?.items ?? []) : [];
  const expanded = open && options.length > 0;
  const choose = (index: number): void => {
    const actor = options[index];
    if (!actor) return;
    onChange({ id: actor.id, name: actor.name });
    setText('');
    setTerm('');
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (options.length === 0 ? -1 : (index + 1) % options.length));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (options.length === 0 ? -1 : (index - 1 + options.length) % options.length));
    } else if (event.key === 'Enter' && expanded && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };
  let status = '';
  if (term.length >= 2) {
    if (search.isFetching) status = t('workspace:picker.searching');
    else if (search.isError) status = t('workspace:picker.error');
    else status = t('workspace:picker.found', { count: options.length });
  }
  return (
    <div className="actor-picker">
      <FieldShell label={label} hint={hint} errors={errors}>
        {({ id, describedBy, invalid }) => (
          <div className="combobox">
            <input
              id={id}
              type="text"
              role="combobox"
              autoComplete="off"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={listId}
              aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              placeholder={t('workspace:picker.placeholder')}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setOpen(true);
                setActive(-1);
              }}
              onKeyDown={onKeyDown}
              onBlur={() => setOpen(false)}
            />
            <ul id={listId} role="listbox" aria-label={label} className="combobox-list" hidden={!expanded}>
              {options.map((actor, index) => (
                <li
                  key={actor.id}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'active' : undefined}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(index)}
                >
                  {actor.name}
                  <span className="muted ws-note"> · {t(`domain:category.${actor.category}`)}</span>
                  {actor.communeName ? <span className="muted ws-note"> · {actor.communeName}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        )}
      </FieldShell>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <div className="picked">
        {value ? (
          <>
            <span>
              {t('workspace:picker.selected')} <strong>{value.name}</strong>
            </span>
            <Button variant="tertiary" onClick={() => onChange(null)}>
              {t('workspace:picker.clear')}
              <span className="visually-hidden"> ({value.name})</span>
            </Button>
          </>
        ) : (
          <span className="muted">{t('workspace:picker.none')}</span>
        )}
      </div>
    </div>
  );
}
