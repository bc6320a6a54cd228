import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  ButtonLink,
  FieldShell,
  FormErrors,
  LoadMore,
  PageHeader,
  QueryView,
  ScrollRegion,
} from '../../ui/components';
import { formatBytes, formatDateTime, formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useImports, useUploadImport } from './queries';
import { HelpLink } from '../help/HelpPages';

export type Import = Schemas['ImportDto'];

export function statusTone(status: Import['status']): 'neutral' | 'info' | 'success' | 'error' {
  if (status === 'completed') return 'success';
  if (status === 'failed') return 'error';
  if (status === 'analysed') return 'info';
  return 'neutral';
}

/** Past imports, newest first, with their status and counts. */
export function ImportsPage(): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  const { territoryId } = useTerritory();
  const imports = useImports();
  const items = imports.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <PageHeader
        title={t('directory:imports.title')}
        subtitle={t('directory:imports.intro')}
        actions={
          <>
            {
              <ButtonLink variant="primary" to={`/t/${territoryId}/imports/nouveau`}>
                {t('directory:imports.new')}
              </ButtonLink>
            }
            <HelpLink area="imports" />
          </>
        }
      />
      <QueryView
        query={{ ...imports, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={
          <>
            {t('directory:imports.empty')} {t('directory:imports.emptyNext')}{' '}
            <Link to={`/t/${territoryId}/imports/nouveau`}>{t('directory:imports.emptyLink')}</Link>
          </>
        }
      >
        {(list) => (
          <ScrollRegion label={t('directory:imports.title')}>
            <table>
              <caption className="visually-hidden">{t('directory:imports.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory:imports.file')}</th>
                  <th scope="col">{t('directory:imports.date')}</th>
                  <th scope="col">{t('directory:imports.status')}</th>
                  <th scope="col" className="numeric">
                    {t('directory:imports.summary.rows')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('directory:imports.summary.invalid')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('directory:imports.summary.duplicates')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('directory:imports.summary.created')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      <Link to={`/t/${territoryId}/imports/${item.id}`}>{item.filename}</Link>
                    </th>
                    <td>{formatDateTime(item.createdAt)}</td>
                    <td>
                      <Badge tone={statusTone(item.status)}>{t(`domain:importStatus.${item.status}`)}</Badge>
                      {item.status === 'analysed' ? (
                        <span className="muted small"> {t('directory:imports.dryRunOnly')}</span>
                      ) : null}
                    </td>
                    <td className="numeric">{formatNumber(item.summary?.rows)}</td>
                    <td className="numeric">{formatNumber(item.summary?.invalid)}</td>
                    <td className="numeric">{formatNumber(item.summary?.duplicates)}</td>
                    <td className="numeric">{formatNumber(item.summary?.created)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryView>
      <LoadMore
        hasMore={Boolean(imports.hasNextPage)}
        loading={imports.isFetchingNextPage}
        onClick={() => void imports.fetchNextPage()}
      />
    </>
  );
}

/** Step 1 of the wizard: send the spreadsheet as it is; the API guesses the mapping and analyses it. */
export function NewImportPage(): ReactNode {
  const { t } = useTranslation(['directory', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const notify = useNotify();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const upload = useUploadImport({
    onSuccess: (created) => {
      notify('success', t('directory:imports.uploaded', { name: created.filename }));
      void navigate(`/t/${territoryId}/imports/${created.id}`);
    },
  });
  const check = (chosen: File | undefined): string | undefined => {
    if (!chosen) return t('directory:imports.chooseFile');
    if (!/\.(csv|xlsx)$/i.test(chosen.name)) return t('directory:imports.badType');
    if (chosen.size === 0) return t('directory:imports.emptyFile');
    return undefined;
  };
  return (
    <>
      <PageHeader title={t('directory:imports.newTitle')} subtitle={t('directory:imports.newIntro')} />
      <ImportSteps current={1} />
      <form
        noValidate
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          const message = check(file);
          setProblem(message);
          if (message) {
            inputRef.current?.focus();
            return;
          }
          upload.mutate(file as File);
        }}
      >
        <FormErrors error={upload.error} />
        <FieldShell
          label={t('directory:imports.fileLabel')}
          hint={t('directory:imports.fileHint')}
          errors={problem ? [problem] : undefined}
          required
        >
          {({ id, describedBy, invalid }) => (
            <input
              ref={inputRef}
              id={id}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              required
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                setFile(chosen);
                setProblem(chosen ? check(chosen) : undefined);
              }}
            />
          )}
        </FieldShell>
        {file ? (
          <p className="muted">{t('directory:imports.chosen', { name: file.name, size: formatBytes(file.size) })}</p>
        ) : null}
        <details className="import-help">
          <summary>{t('directory:imports.helpTitle')}</summary>
          <p>{t('directory:imports.help')}</p>
          <pre className="import-example">{t('directory:imports.example')}</pre>
        </details>
        <div className="form-actions">
          <Button type="submit" busy={upload.isPending}>
            {t('directory:imports.upload')}
          </Button>
          <Link className="btn btn-secondary" to={`/t/${territoryId}/imports`}>
            {t('common:actions.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

/** The wizard's three steps, the current one marked for assistive technologies. */
export function ImportSteps({ current }: { current: 1 | 2 | 3 }): ReactNode {
  const { t } = useTranslation('directory');
  const steps = [t('imports.steps.upload'), t('imports.steps.check'), t('imports.steps.run')];
  return (
    <ol className="wizard-steps" aria-label={t('imports.steps.label')}>
      {steps.map((label, index) => (
        <li
          key={label}
          className={index + 1 === current ? 'current' : index + 1 < current ? 'done' : undefined}
          aria-current={index + 1 === current ? 'step' : undefined}
        >
          {/* A finished step shows a check mark and says so in words: not by its colour alone. */}
          <span className="wizard-step-number" aria-hidden="true">
            {index + 1 < current ? '✓' : index + 1}
          </span>{' '}
          {label}
          {index + 1 < current ? <span className="wizard-step-done"> {t('imports.steps.done')}</span> : null}
        </li>
      ))}
    </ol>
  );
}
