import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useTerritory } from '../../app/territory';
import { Button, Dialog, FormErrors, QueryView, ScrollRegion, TextField } from '../../ui/components';
import { formatDate, formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useDebounced, type Actor } from './data';
import { useMergeCandidates } from './queries';
import { useMergeActors } from './mutations';

/** The fields shown side by side, as text. */
function describe(actor: Actor, t: (key: string, options?: Record<string, unknown>) => string): [string, string][] {
  return [
    [t('directory:fields.category'), t(`domain:category.${actor.category}`)],
    [t('directory:fields.siren'), actor.siren ?? '—'],
    [t('directory:fields.siret'), actor.siret ?? '—'],
    [t('directory:fields.rna'), actor.rna ?? '—'],
    [t('directory:fields.nafCode'), actor.nafCode ?? '—'],
    [t('directory:fields.commune'), actor.communeName ?? actor.communeCode ?? '—'],
    [t('directory:fields.address'), actor.address ?? '—'],
    [t('directory:fields.website'), actor.website ?? '—'],
    [t('directory:fields.tags'), actor.tags.join(', ') || '—'],
    [t('directory:list.alliances'), formatNumber(actor.allianceCount)],
    [t('directory:merge.createdAt'), formatDate(actor.createdAt)],
  ];
}

function MergeSteps({ actor, onClose }: { actor: Actor; onClose: () => void }): ReactNode {
  const { t } = useTranslation(['directory', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const notify = useNotify();
  const [text, setText] = useState(actor.name);
  const q = useDebounced(text.trim(), 300);
  const [other, setOther] = useState<Actor | undefined>();
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  // Choosing a candidate, or going back to the search, replaces the focused button: focus follows.
  const searchBox = useRef<HTMLDivElement>(null);
  const comparison = useRef<HTMLTableCaptionElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    if (other) comparison.current?.focus();
    else searchBox.current?.querySelector('input')?.focus();
  }, [other]);
  const candidates = useMergeCandidates(q);
  const merge = useMergeActors({
    onSuccess: (kept) => {
      notify('success', t('directory:merge.done', { name: kept.name }));
      onClose();
      void navigate(`/t/${territoryId}/annuaire/${kept.id}`);
    },
  });

  if (!other) {
    const results = (candidates.data?.items ?? []).filter((candidate) => candidate.id !== actor.id);
    return (
      <div className="merge-search" ref={searchBox}>
        <p>{t('directory:merge.intro', { name: actor.name })}</p>
        <TextField
          label={t('directory:merge.search')}
          type="search"
          maxLength={200}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        {q ? (
          <QueryView
            query={{ ...candidates, data: candidates.data ? results : undefined }}
            isEmpty={(list) => list.length === 0}
            empty={t('directory:merge.noCandidate')}
          >
            {(list) => (
              <ul className="plain-list" aria-label={t('directory:merge.candidates')}>
                {list.map((candidate) => (
                  <li key={candidate.id} className="merge-candidate">
                    <span>
                      <strong>{candidate.name}</strong>{' '}
                      <span className="muted small">
                        {t(`domain:category.${candidate.category}`)}
                        {candidate.communeName ? ` · ${candidate.communeName}` : ''}
                        {candidate.siret ? ` · ${t('directory:merge.siret', { siret: candidate.siret })}` : ''}
                      </span>
                    </span>
                    <Button
                      variant="secondary"
                      onClick={() => {
                        moved.current = true;
                        setOther(candidate);
                      }}
                    >
                      {t('directory:merge.pick')}
                      <span className="visually-hidden"> {candidate.name}</span>
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </QueryView>
        ) : null}
      </div>
    );
  }

  const left = describe(actor, t);
  const right = describe(other, t);
  const kept = keep === 'this' ? actor : other;
  const dropped = keep === 'this' ? other : actor;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const [target, source] = keep === 'this' ? [actor, other] : [other, actor];
        merge.mutate({ targetId: target.id, sourceId: source.id });
      }}
    >
      <FormErrors error={merge.error} />
      <ScrollRegion label={t('directory:merge.compare')}>
        <table className="merge-table">
          <caption ref={comparison} tabIndex={-1}>
            {t('directory:merge.compare')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('directory:merge.field')}</th>
              <th scope="col">{actor.name}</th>
              <th scope="col">{other.name}</th>
            </tr>
          </thead>
          <tbody>
            {left.map(([label, value], index) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
                <td>{right[index]?.[1]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <fieldset className="field">
        <legend>{t('directory:merge.keep')}</legend>
        <div className="checkbox">
          <input
            type="radio"
            id="merge-keep-this"
            name="merge-keep"
            checked={keep === 'this'}
            onChange={() => setKeep('this')}
          />
          <label htmlFor="merge-keep-this">{actor.name}</label>
        </div>
        <div className="checkbox">
          <input
            type="radio"
            id="merge-keep-other"
            name="merge-keep"
            checked={keep === 'other'}
            onChange={() => setKeep('other')}
          />
          <label htmlFor="merge-keep-other">{other.name}</label>
        </div>
      </fieldset>
      <p className="alert alert-warning">{t('directory:merge.explain', { kept: kept.name, dropped: dropped.name })}</p>
      <div className="form-actions">
        <Button type="submit" variant="danger" busy={merge.isPending}>
          {t('directory:merge.confirm')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            moved.current = true;
            setOther(undefined);
            merge.reset();
          }}
        >
          {t('directory:merge.another')}
        </Button>
      </div>
    </form>
  );
}

/** "Merge with…": find the duplicate, compare both, choose the one that stays, confirm. */
export function MergeDialog({ actor, open, onClose }: { actor: Actor; open: boolean; onClose: () => void }): ReactNode {
  const { t } = useTranslation('directory');
  return (
    <Dialog open={open} title={t('merge.title', { name: actor.name })} onClose={onClose}>
      <MergeSteps actor={actor} onClose={onClose} />
    </Dialog>
  );
}
