import { z } from 'zod';
import type { JobDefinition, JobName, JobPayload } from './job-catalogue.js';

export type CheckedPayload<N extends JobName> =
  { ok: true; payload: JobPayload<N> } | { ok: false; problems: { field: string; message: string }[]; reason: string };

const french = z.locales.fr().localeError;

/**
 * Checks a job's data against the schema declared with the job. Answers the
 * parsed payload (unknown members dropped), or the problems in French and a
 * one-line reason for the failed job.
 */
export function checkJobPayload<N extends JobName>(definition: JobDefinition<N>, data: unknown): CheckedPayload<N> {
  const parsed = definition.payload.safeParse(data, { error: french });
  if (parsed.success) return { ok: true, payload: parsed.data };
  const problems = parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(données)',
    message: issue.message,
  }));
  const listed = problems.map((problem) => `${problem.field} (${problem.message})`).join(' ; ');
  return { ok: false, problems, reason: `Données de la tâche « ${definition.name} » invalides : ${listed}` };
}
