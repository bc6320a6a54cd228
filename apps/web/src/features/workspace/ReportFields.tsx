import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox, SelectField, TextField } from '../../ui/components';
import {
  REPORT_CATALOGUE,
  REPORT_TYPES,
  visibleParams,
  withDelimiter,
  type ReportDraft,
  type ReportFormat,
  type ReportType,
  RELATIVE_PERIODS,
} from './reportCatalogue';

/**
 * Type, format and the parameters of the chosen type, built from the report
 * catalogue: each type shows only its own fields (a period for the activity
 * report, CSV options for CSV exports…). Shared by orders and schedules.
 */
export function ReportFields({
  draft,
  onChange,
  errorsFor,
  relative = false,
}: {
  draft: ReportDraft;
  onChange: (next: ReportDraft) => void;
  errorsFor: (field: string) => string[] | undefined;
  /** A schedule: its period may be named relative to each run (« le mois écoulé »). */
  relative?: boolean;
}): ReactNode {
  const { t } = useTranslation(['workspace', 'domain', 'common']);
  const kinds = visibleParams(draft);
  const set = (patch: Partial<ReportDraft>): void => onChange({ ...draft, ...patch });
  const formats = REPORT_CATALOGUE[draft.type].formats;
  const optional = kinds.has('optionalPeriod');
  return (
    <>
      <div className="form-grid">
        <SelectField
          label={t('workspace:reports.fields.type')}
          required
          value={draft.type}
          onChange={(event) => {
            const type = event.target.value as ReportType;
            set({ type, format: REPORT_CATALOGUE[type].formats[0] as ReportFormat });
          }}
          options={REPORT_TYPES.map((value) => ({ value, label: t(`domain:reportType.${value}`) }))}
          hint={t(`workspace:reports.typeHint.${draft.type}`)}
          errors={errorsFor('type')}
        />
        <SelectField
          label={t('workspace:reports.fields.format')}
          required
          value={draft.format}
          onChange={(event) => set({ format: event.target.value as ReportFormat })}
          options={formats.map((value) => ({ value, label: t(`workspace:formats.${value}`) }))}
          errors={errorsFor('format')}
        />
      </div>
      {kinds.has('period') || optional ? (
        <fieldset className="field params-group">
          <legend>
            {t('workspace:reports.fields.period')}
            {optional ? <span className="muted"> {t('common:form.optional')}</span> : null}
          </legend>
          {relative ? (
            <SelectField
              label={t('workspace:reports.fields.relativePeriod')}
              hint={t('workspace:reports.fields.relativePeriodHint')}
              value={draft.relativePeriod}
              onChange={(event) => set({ relativePeriod: event.target.value as ReportDraft['relativePeriod'] })}
              options={[
                { value: '', label: t('workspace:reports.relativePeriods.fixed') },
                ...RELATIVE_PERIODS.map((value) => ({
                  value,
                  label: t(`workspace:reports.relativePeriods.${value}`),
                })),
              ]}
              errors={errorsFor('params.relativePeriod')}
            />
          ) : null}
          {draft.relativePeriod && relative ? null : (
            <div className="form-grid">
              <TextField
                label={t('workspace:reports.fields.from')}
                type="date"
                required={!optional}
                value={draft.from}
                onChange={(event) => set({ from: event.target.value })}
                errors={errorsFor('params.from')}
              />
              <TextField
                label={t('workspace:reports.fields.to')}
                type="date"
                required={!optional}
                value={draft.to}
                onChange={(event) => set({ to: event.target.value })}
                errors={errorsFor('params.to')}
              />
            </div>
          )}
        </fieldset>
      ) : null}
      {kinds.has('csv') ? (
        <fieldset className="field params-group">
          <legend>{t('workspace:reports.fields.csvOptions')}</legend>
          <SelectField
            label={t('workspace:reports.fields.delimiter')}
            value={draft.delimiter}
            onChange={(event) => onChange(withDelimiter(draft, event.target.value as ReportDraft['delimiter']))}
            options={[
              { value: ';', label: t('workspace:reports.delimiter.semicolon') },
              { value: ',', label: t('workspace:reports.delimiter.comma') },
            ]}
            errors={errorsFor('params.delimiter')}
          />
          <Checkbox
            label={t('workspace:reports.fields.bom')}
            checked={draft.bom}
            onChange={(event) => set({ bom: event.target.checked })}
          />
          {draft.delimiter === ';' ? (
            <Checkbox
              label={t('workspace:reports.fields.decimalComma')}
              checked={draft.decimalComma}
              onChange={(event) => set({ decimalComma: event.target.checked })}
            />
          ) : null}
        </fieldset>
      ) : null}
      {kinds.has('includeArchived') ? (
        <Checkbox
          label={t('workspace:reports.fields.includeArchived')}
          checked={draft.includeArchived}
          onChange={(event) => set({ includeArchived: event.target.checked })}
        />
      ) : null}
      {kinds.has('asOf') ? (
        <TextField
          label={
            <>
              {t('workspace:reports.fields.asOf')} <span className="muted">{t('common:form.optional')}</span>
            </>
          }
          hint={t('workspace:reports.fields.asOfHint')}
          type="datetime-local"
          value={draft.asOf}
          onChange={(event) => set({ asOf: event.target.value })}
          errors={errorsFor('params.asOf')}
        />
      ) : null}
    </>
  );
}
