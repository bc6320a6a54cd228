import { useCallback, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SelectField } from '../../ui/components';
import { DRILL_LEVELS, useAreas, type AreaLevel, type DrillLevel } from './data';
import { useMonthLabel } from './shared';

export interface AreaRef {
  level: AreaLevel;
  code: string;
}

export const FRANCE: AreaRef = { level: 'national', code: 'FR' };

/** The address's query parameters and a setter changing several at once ('' or undefined removes one). */
export function useQueryParams(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | undefined>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [params, update];
}

/**
 * The area a page shows, kept in the address (`?region=84&departement=69`) so
 * that a view can be bookmarked and shared; France when nothing is chosen.
 */
export function useAreaSelection() {
  const [params, update] = useQueryParams();
  const chain = useMemo(() => {
    const picked: AreaRef[] = [];
    for (const level of DRILL_LEVELS) {
      const code = params.get(level);
      if (!code) break;
      picked.push({ level, code });
    }
    return picked;
  }, [params]);
  const area = chain[chain.length - 1] ?? FRANCE;

  const setParam = useCallback((key: string, value: string | undefined) => update({ [key]: value }), [update]);

  const select = useCallback(
    (level: DrillLevel, code: string) => {
      const depth = DRILL_LEVELS.indexOf(level);
      update({
        ...Object.fromEntries(DRILL_LEVELS.slice(depth).map((deeper) => [deeper, undefined])),
        [level]: code,
      });
    },
    [update],
  );

  return { params, chain, area, select, setParam, update };
}

function LevelSelect({
  level,
  parent,
  value,
  onChange,
}: {
  level: DrillLevel;
  parent: AreaRef | undefined;
  value: string;
  onChange: (code: string) => void;
}): ReactNode {
  const { t } = useTranslation('observatory');
  const areas = useAreas(level, parent);
  const options = (areas.data ?? []).map((area) => ({ value: area.code, label: `${area.name} (${area.code})` }));
  if (areas.isSuccess && options.length === 0) return null;
  return (
    <SelectField
      label={t(`picker.${level}`)}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      placeholder={t(`picker.all.${parent?.level ?? 'national'}`)}
      options={options}
      disabled={areas.isPending}
      errors={areas.error ? [t('picker.error')] : undefined}
    />
  );
}

/** Names of the areas picked so far (for the breadcrumb), from the lists already loaded. */
function useChainNames(chain: AreaRef[]): string[] {
  const regions = useAreas('region');
  const departements = useAreas('departement', chain[0], chain.length > 1);
  const epcis = useAreas('epci', chain[1], chain.length > 2);
  const communes = useAreas('commune', chain[2], chain.length > 3);
  const lists = [regions.data, departements.data, epcis.data, communes.data];
  return chain.map((ref, index) => lists[index]?.find((area) => area.code === ref.code)?.name ?? ref.code);
}

/**
 * France, then région → département → intercommunalité → commune, each a
 * labelled select listing the published areas inside the previous choice, with
 * a breadcrumb to go back up.
 */
export function AreaPicker({
  selection,
  children,
}: {
  selection: ReturnType<typeof useAreaSelection>;
  /** Other filters (month, indicator), shown on the same line. */
  children?: ReactNode;
}): ReactNode {
  const { t } = useTranslation('observatory');
  const { chain, select } = selection;
  const names = useChainNames(chain);
  const visible = DRILL_LEVELS.slice(0, Math.min(chain.length + 1, DRILL_LEVELS.length));
  return (
    <div className="obs-picker">
      <nav aria-label={t('picker.breadcrumb')} className="obs-breadcrumb">
        <ol>
          <li>
            {chain.length === 0 ? (
              <span aria-current="location">{t('picker.france')}</span>
            ) : (
              <button type="button" className="btn-link" onClick={() => select('region', '')}>
                {t('picker.france')}
              </button>
            )}
          </li>
          {chain.map((ref, index) => (
            <li key={ref.level}>
              {index === chain.length - 1 ? (
                <span aria-current="location">{names[index]}</span>
              ) : (
                <button
                  type="button"
                  className="btn-link"
                  onClick={() => select(DRILL_LEVELS[index + 1] as DrillLevel, '')}
                >
                  {names[index]}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <div className="obs-picker-row">
        <fieldset className="obs-levels">
          <legend>{t('picker.legend')}</legend>
          <div className="toolbar">
            {visible.map((level, index) => (
              <LevelSelect
                key={`${level}-${chain[index - 1]?.code ?? 'FR'}`}
                level={level}
                parent={chain[index - 1]}
                value={chain[index]?.code ?? ''}
                onChange={(code) => select(level, code)}
              />
            ))}
          </div>
        </fieldset>
        {children ? <div className="toolbar">{children}</div> : null}
      </div>
    </div>
  );
}

/** A month among the publication's, newest first. */
export function PeriodSelect({
  months,
  value,
  onChange,
  label,
}: {
  months: string[];
  value: string;
  onChange: (month: string) => void;
  label?: string;
}): ReactNode {
  const { t } = useTranslation('observatory');
  const monthName = useMonthLabel();
  return (
    <SelectField
      label={label ?? t('period.label')}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      options={months.map((month) => ({ value: month, label: monthName(month) }))}
    />
  );
}
