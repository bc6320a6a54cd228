import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Combobox } from '../../ui/combobox';
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
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useActorSearch(term);
  const options = term.length >= 2 ? (search.data?.items ?? []) : [];
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
          <Combobox
            id={id}
            describedBy={describedBy}
            invalid={invalid}
            placeholder={t('workspace:picker.placeholder')}
            label={label}
            text={text}
            onText={setText}
            options={options}
            optionKey={(actor) => actor.id}
            renderOption={(actor) => (
              <>
                {actor.name}
                <span className="muted ws-note"> · {t(`domain:category.${actor.category}`)}</span>
                {actor.communeName ? <span className="muted ws-note"> · {actor.communeName}</span> : null}
              </>
            )}
            onChoose={(actor) => {
              onChange({ id: actor.id, name: actor.name });
              setText('');
              setTerm('');
            }}
          />
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
