import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudyPrism } from '@maillage/contract';
import { download } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { Button, errorMessage, QueryView, ScrollRegion } from '../../ui/components';
import { formatNumber, formatPercent } from '../../ui/format';
import { BarsChart, ChartFigure } from '../observatory/charts';
import { PrioritiesPanel } from './PrioritiesPanel';
import { exportUrl, useStudyResults } from './queries';
import {
  chartData,
  columnResult,
  optionRows,
  scaleRows,
  shownPrisms,
  type Cell,
  type Column,
  type OptionRow,
} from './results-model';
import type { QuestionResult, StudyDetail } from './types';

/** A cell of the tables: the count and its share, or « masqué » under the threshold. */
function CellView({ cell, withPercent = true }: { cell: Cell | undefined; withPercent?: boolean }): ReactNode {
  const { t } = useTranslation('studies');
  if (!cell || cell.suppressed)
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('results.masked')}</span>
      </>
    );
  return (
    <>
      {formatNumber(cell.count)}
      {withPercent && cell.percent !== null ? (
        <span className="muted"> ({formatPercent(cell.percent / 100)})</span>
      ) : null}
    </>
  );
}

/** The respondents of each column, or the sentence saying a prism's result is masked. */
function RespondentsRow({
  question,
  columns,
  threshold,
}: {
  question: QuestionResult;
  columns: readonly Column[];
  threshold: number;
}): ReactNode {
  const { t } = useTranslation('studies');
  return (
    <tr className="study-respondents">
      <th scope="row">{t('results.respondents')}</th>
      {columns.map((column) => {
        const result = columnResult(question, column);
        return (
          <td key={column} className="num">
            {result.suppressed ? (
              <span className="study-suppressed">{t('results.suppressed', { threshold })}</span>
            ) : (
              formatNumber(result.respondents ?? 0)
            )}
          </td>
        );
      })}
    </tr>
  );
}

/** A question's table: its rows by column (the prisms side by side, then all respondents). */
function ResultTable({
  question,
  columns,
  rows,
  threshold,
  rowHeader,
  extra,
}: {
  question: QuestionResult;
  columns: readonly Column[];
  rows: readonly OptionRow[];
  threshold: number;
  rowHeader: string;
  extra?: ReactNode;
}): ReactNode {
  const { t } = useTranslation('studies');
  return (
    <ScrollRegion label={t('results.tableOf', { question: question.label })}>
      <table className="obs-table study-table">
        <caption className="visually-hidden">{t('results.tableOf', { question: question.label })}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {columns.map((column) => (
              <th scope="col" className="num" key={column}>
                {column === 'all' ? t('results.all') : t(`domain:studyPrism.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <RespondentsRow question={question} columns={columns} threshold={threshold} />
          {extra}
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {columns.map((column) => (
                <td key={column} className="num">
                  <CellView cell={row.cells[column]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** One question's regard croisé: the chart of the prisms shown, and its table. */
function QuestionResultView({
  question,
  prisms,
  threshold,
}: {
  question: QuestionResult;
  prisms: readonly StudyPrism[];
  threshold: number;
}): ReactNode {
  const { t } = useTranslation('studies');
  const columns: Column[] = [...prisms, 'all'];
  const shown = shownPrisms(question, prisms);
  const series = shown.map((prism) => ({ key: prism, name: t(`domain:studyPrism.${prism}`) }));
  const heading = <h3 id={`result-${question.key}`}>{question.label}</h3>;
  if (question.kind === 'text') {
    return (
      <section className="card study-result" aria-labelledby={`result-${question.key}`}>
        {heading}
        <ResultTable
          question={question}
          columns={columns}
          rows={[]}
          threshold={threshold}
          rowHeader={t('results.answers')}
        />
        {shown.map((prism) => {
          const texts = question.byPrism[prism]?.texts ?? [];
          return texts.length > 0 ? (
            <details key={prism} className="study-texts">
              <summary>{t('results.texts', { prism: t(`domain:studyPrism.${prism}`), count: texts.length })}</summary>
              <ul>
                {texts.map((text, index) => (
                  <li key={index}>{text}</li>
                ))}
              </ul>
            </details>
          ) : null;
        })}
      </section>
    );
  }
  const scale = question.kind === 'scale';
  const rows = scale ? scaleRows(question, columns) : optionRows(question, columns);
  const means = scale ? (
    <tr>
      <th scope="row">{t('results.mean')}</th>
      {columns.map((column) => {
        const result = columnResult(question, column);
        return (
          <td key={column} className="num">
            {result.suppressed ? (
              <CellView cell={undefined} />
            ) : (
              formatNumber(result.mean ?? null, { maximumFractionDigits: 1 })
            )}
          </td>
        );
      })}
    </tr>
  ) : null;
  return (
    <section className="card study-result" aria-labelledby={`result-${question.key}`}>
      {heading}
      <ChartFigure
        caption={
          <>
            {t(scale ? 'results.chartScale' : 'results.chartOptions')}
            {series.length > 0 ? (
              <span className="study-drawn">
                {t('results.drawn', { prisms: series.map((item) => item.name).join(', ') })}
              </span>
            ) : null}
          </>
        }
        chart={
          series.length > 0 ? (
            <BarsChart data={chartData(rows, shown)} series={series} />
          ) : (
            <p>{t('results.noChart')}</p>
          )
        }
      >
        <ResultTable
          question={question}
          columns={columns}
          rows={rows}
          threshold={threshold}
          rowHeader={t(scale ? 'results.value' : 'results.option')}
          extra={means}
        />
      </ChartFigure>
    </section>
  );
}

/** The export buttons (CSV, XLSX), with the same suppression as the page. */
function ExportButtons({ study }: { study: StudyDetail }): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const get = (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setError(null);
    download(exportUrl(territoryId, study.id, format), `etude.${format}`)
      .catch(setError)
      .finally(() => setBusy(null));
  };
  return (
    <div className="row study-export">
      <Button variant="secondary" busy={busy === 'csv'} onClick={() => get('csv')}>
        {t('results.exportCsv')}
      </Button>
      <Button variant="secondary" busy={busy === 'xlsx'} onClick={() => get('xlsx')}>
        {t('results.exportXlsx')}
      </Button>
      {error ? (
        <p className="field-error" role="alert">
          {errorMessage(error, t)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * « Résultats »: the regard croisé. Each question's answers by prism side by side, a chart
 * with its table, prisms under the threshold masked; export; enjeux created from the results.
 */
export function ResultsPanel({ study }: { study: StudyDetail }): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const results = useStudyResults(territoryId, study.id);
  return (
    <QueryView query={results}>
      {(data) => {
        return (
          <div className="study-results">
            <section className="card" aria-labelledby="study-responses-title">
              <h2 id="study-responses-title">{t('results.responsesTitle')}</h2>
              <p>
                {data.responses.total === null
                  ? t('results.totalMasked')
                  : t('results.total', { count: data.responses.total })}
              </p>
              <ul className="study-prism-counts">
                {study.prisms.map((prism) => {
                  const count = data.responses.byPrism[prism];
                  return (
                    <li key={prism}>
                      {t(`domain:studyPrism.${prism}`)} :{' '}
                      {count === null || count === undefined
                        ? t('results.suppressed', { threshold: data.threshold })
                        : t('results.count', { count })}
                    </li>
                  );
                })}
              </ul>
              <p className="muted">{t('results.rule', { threshold: data.threshold })}</p>
              <ExportButtons study={study} />
            </section>
            <h2>{t('results.byQuestion')}</h2>
            {data.questions.map((question) => (
              <QuestionResultView
                key={question.key}
                question={question}
                prisms={study.prisms}
                threshold={data.threshold}
              />
            ))}
            <PrioritiesPanel study={study} results={data} />
          </div>
        );
      }}
    </QueryView>
  );
}
