import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FormErrors, SelectField } from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { capitalize, COMPARE_LEVELS, formatMonth, useLabels, type AreaLevel } from './data';
import { useObservatoryExport } from './queries';

const LEVELS: AreaLevel[] = ['national', ...COMPARE_LEVELS];

/**
 * Downloads the published figures as CSV (UTF-8), semicolon-separated by
 * default as French spreadsheets expect, for one level or all and a range of months.
 */
export function ExportPanel({
  months,
  level: initialLevel,
  headingLevel = 2,
}: {
  /** The publication's months, newest first. */
  months: string[];
  level?: AreaLevel;
  headingLevel?: 2 | 3;
}): ReactNode {
  const { t } = useTranslation('observatory');
  const labels = useLabels();
  const notify = useNotify();
  const headingId = useId();
  const [level, setLevel] = useState<AreaLevel | ''>(initialLevel ?? '');
  const [from, setFrom] = useState(months[months.length - 1] ?? '');
  const [to, setTo] = useState(months[0] ?? '');
  const [delimiter, setDelimiter] = useState<';' | ','>(';');
  const run = useObservatoryExport({ onSuccess: () => notify('success', t('export.done')) });
  const monthOptions = months.map((month) => ({ value: month, label: capitalize(formatMonth(month)) }));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="card obs-export" aria-labelledby={headingId}>
      <Heading id={headingId}>{t('export.title')}</Heading>
      <p className="muted">{t('export.intro')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const query = new URLSearchParams();
          if (level) query.set('level', level);
          if (from) query.set('from', from);
          if (to) query.set('to', to);
          query.set('delimiter', delimiter);
          run.mutate(query);
        }}
      >
        <FormErrors error={run.error} />
        <div className="toolbar">
          <SelectField
            label={t('export.level')}
            value={level}
            onChange={(event) => setLevel(event.target.value as AreaLevel | '')}
            placeholder={t('export.allLevels')}
            options={LEVELS.map((id) => ({ value: id, label: labels.level(id) }))}
          />
          <SelectField
            label={t('export.from')}
            value={from}
            onChange={(event) => setFrom(event.target.value)}
            options={[...monthOptions].reverse()}
          />
          <SelectField
            label={t('export.to')}
            value={to}
            onChange={(event) => setTo(event.target.value)}
            options={monthOptions}
          />
          <SelectField
            label={t('export.delimiter')}
            value={delimiter}
            onChange={(event) => setDelimiter(event.target.value as ';' | ',')}
            options={[
              { value: ';', label: t('export.semicolon') },
              { value: ',', label: t('export.comma') },
            ]}
          />
          <Button type="submit" variant="secondary" busy={run.isPending} disabled={Boolean(from && to && from > to)}>
            {t('export.submit')}
          </Button>
        </div>
        {from && to && from > to ? (
          <p className="field-error" role="alert">
            {t('export.badRange')}
          </p>
        ) : null}
      </form>
    </section>
  );
}
