import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { StudyQuestion } from '@maillage/contract';
import { ApiError } from '../../api/client';
import { Button, FormErrors, Loading, PageHeader } from '../../ui/components';
import { answerValues, checkAnswers, minutesToAnswer, type AnswerValue, type AnswerValues } from './answer-form';
import { useSendAnswers, useStudyToAnswer } from './queries';
import type { PublicStudy } from './types';

interface Problem {
  key: string;
  /** The question's number, as its legend says it. */
  number: number;
  message: string;
}

/** Where a question's summary link leads: its first input. */
const inputId = (question: StudyQuestion) => `question-${question.key}`;

/** What a refused link or answer means, in French (the API's own sentence when it gives one). */
function refusal(error: unknown, t: (key: string) => string): string {
  if (!(error instanceof ApiError)) return t('answer.errors.unexpected');
  if (error.status === 0) return t('common:errors.network');
  if (error.status === 404) return t('answer.errors.notFound');
  if (error.status === 429) return t('answer.errors.tooMany');
  if (error.status === 410 || error.status === 409)
    return error.problem.detail ?? t(error.status === 410 ? 'answer.errors.gone' : 'answer.errors.already');
  return error.problem.detail ?? t('answer.errors.unexpected');
}

/** The inputs of one question: radios, checkboxes, the scale's values, or a text box. */
function QuestionInput({
  question,
  value,
  onChange,
  describedBy,
  invalid,
}: {
  question: StudyQuestion;
  value: AnswerValue;
  onChange: (next: AnswerValue) => void;
  describedBy: string | undefined;
  invalid: boolean;
}): ReactNode {
  const { t } = useTranslation('studies');
  const name = `answer-${question.key}`;
  if (question.kind === 'text') {
    return (
      <textarea
        id={inputId(question)}
        name={name}
        rows={5}
        maxLength={question.maxLength}
        value={typeof value === 'string' ? value : ''}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  const choices =
    question.kind === 'scale'
      ? Array.from({ length: question.max - question.min + 1 }, (_, index) => {
          const step = question.min + index;
          const end = step === question.min ? question.minLabel : step === question.max ? question.maxLabel : undefined;
          return { key: String(step), label: end ? t('answer.scaleEnd', { value: step, label: end }) : String(step) };
        })
      : question.options;
  const multiple = question.kind === 'multiple';
  const chosen = Array.isArray(value) ? value : [];
  return (
    <div className={`study-choices${question.kind === 'scale' ? ' study-scale' : ''}`}>
      {choices.map((choice, index) => {
        const id = index === 0 ? inputId(question) : `${inputId(question)}-${choice.key}`;
        return (
          <div className="study-choice" key={choice.key}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={id}
              name={name}
              value={choice.key}
              checked={multiple ? chosen.includes(choice.key) : value === choice.key}
              onChange={(event) =>
                onChange(
                  multiple
                    ? event.target.checked
                      ? [...chosen, choice.key]
                      : chosen.filter((key) => key !== choice.key)
                    : choice.key,
                )
              }
            />
            <label htmlFor={id}>{choice.label}</label>
          </div>
        );
      })}
    </div>
  );
}

/** One question: a fieldset with its legend (required said in words), help, and error. */
function QuestionField({
  question,
  number,
  value,
  error,
  onChange,
}: {
  question: StudyQuestion;
  number: number;
  value: AnswerValue;
  error: string | undefined;
  onChange: (next: AnswerValue) => void;
}): ReactNode {
  const { t } = useTranslation(['studies', 'common']);
  const helpId = question.help || question.kind === 'multiple' ? `${inputId(question)}-help` : undefined;
  const errorId = error ? `${inputId(question)}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const help = [
    question.help,
    question.kind === 'multiple' && question.maxChoices
      ? t('studies:answer.maxChoices', { count: question.maxChoices })
      : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const title = (
    <>
      <span className="study-question-number">{t('studies:answer.number', { n: number })}</span> {question.label}{' '}
      <span className="required">{question.required ? t('common:form.required') : t('studies:answer.optional')}</span>
    </>
  );
  const details = (
    <>
      {help ? (
        <p className="field-hint" id={helpId}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </>
  );
  if (question.kind === 'text') {
    return (
      <div className={`field study-answer-question${error ? ' field-invalid' : ''}`}>
        <label htmlFor={inputId(question)}>{title}</label>
        {details}
        <QuestionInput
          question={question}
          value={value}
          onChange={onChange}
          describedBy={describedBy}
          invalid={Boolean(error)}
        />
      </div>
    );
  }
  return (
    <fieldset
      className={`field study-answer-question${error ? ' field-invalid' : ''}`}
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
    >
      <legend>{title}</legend>
      {details}
      <QuestionInput
        question={question}
        value={value}
        onChange={onChange}
        describedBy={undefined}
        invalid={Boolean(error)}
      />
    </fieldset>
  );
}

/** The summary of what is missing, focused on submit, each line leading to its question. */
function ErrorSummary({ problems }: { problems: Problem[] }): ReactNode {
  const { t } = useTranslation('studies');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [problems]);
  return (
    <div className="alert alert-error study-error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>{t('answer.summary', { count: problems.length })}</h2>
      <ul>
        {problems.map((problem) => (
          <li key={problem.key}>
            <a
              href={`#question-${problem.key}`}
              onClick={(event) => {
                event.preventDefault();
                const target = document.getElementById(`question-${problem.key}`);
                target?.scrollIntoView({ block: 'center' });
                target?.focus();
              }}
            >
              {t('answer.problem', { n: problem.number, message: problem.message })}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The questionnaire, answered; then the thanks. */
function AnswerForm({ token, study }: { token: string; study: PublicStudy }): ReactNode {
  const { t } = useTranslation(['studies', 'common']);
  const [values, setValues] = useState<AnswerValues>(() => answerValues(study.questions));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [thanks, setThanks] = useState<string | null>(null);
  const send = useSendAnswers(token, {
    onSuccess: (result) => {
      const message = (result as { message?: string } | undefined)?.message;
      setThanks(message ?? t('studies:answer.thanks'));
    },
  });
  useEffect(() => {
    if (thanks) document.getElementById('page-title')?.focus();
  }, [thanks]);
  const errors = useMemo(() => new Map(problems.map((problem) => [problem.key, problem.message])), [problems]);
  if (thanks) {
    return (
      <section className="card narrow study-answer">
        <PageHeader title={t('studies:answer.thanksTitle')} />
        <p className="alert alert-success" role="status">
          {thanks}
        </p>
        <p>{t('studies:answer.thanksMore', { territory: study.territoryName })}</p>
      </section>
    );
  }
  const final = send.error instanceof ApiError && [404, 409, 410].includes(send.error.status);
  return (
    <section className="card narrow study-answer">
      <PageHeader title={study.title} subtitle={t('studies:answer.by', { territory: study.territoryName })} />
      {study.description ? <p>{study.description}</p> : null}
      <ul className="study-answer-facts">
        <li>{t('studies:answer.anonymous')}</li>
        <li>{t('studies:answer.duration', { count: minutesToAnswer(study.questions) })}</li>
        <li>{t('studies:answer.requiredWords', { required: t('common:form.required') })}</li>
      </ul>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const check = checkAnswers(study.questions, values, t);
          if (!check.ok) {
            setProblems(
              check.errors.map((error) => ({
                key: error.key,
                number: study.questions.findIndex((question) => question.key === error.key) + 1,
                message: error.message,
              })),
            );
            return;
          }
          setProblems([]);
          send.mutate(check.answers);
        }}
      >
        {problems.length > 0 ? <ErrorSummary problems={problems} /> : null}
        {send.error && !(send.error instanceof ApiError && send.error.status === 400) ? (
          <p className="alert alert-error" role="alert">
            {refusal(send.error, t)}
          </p>
        ) : (
          <FormErrors error={send.error} />
        )}
        {study.questions.map((question, index) => (
          <QuestionField
            key={question.key}
            question={question}
            number={index + 1}
            value={values[question.key] ?? ''}
            error={errors.get(question.key)}
            onChange={(next) => setValues((current) => ({ ...current, [question.key]: next }))}
          />
        ))}
        {final ? null : (
          <div className="form-actions">
            <Button type="submit" busy={send.isPending}>
              {t('studies:answer.submit')}
            </Button>
          </div>
        )}
      </form>
    </section>
  );
}

/** The public answer page (`/etude/:token`): no sign-in, for an invitation or the public link. */
export function AnswerPage(): ReactNode {
  const { token = '' } = useParams();
  const { t } = useTranslation(['studies', 'common']);
  const study = useStudyToAnswer(token);
  if (study.isPending) return <Loading />;
  if (study.isError || !study.data) {
    return (
      <section className="card narrow study-answer">
        <PageHeader title={t('studies:answer.unavailable')} />
        <p className="alert alert-info" role="alert">
          {refusal(study.error, t)}
        </p>
      </section>
    );
  }
  return <AnswerForm token={token} study={study.data} />;
}
