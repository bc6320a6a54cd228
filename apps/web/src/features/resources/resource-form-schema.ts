/**
 * The resource form's values (strings and lists, as the inputs give them) and their schema,
 * which maps them to the API's body: a link (its address) or a file (chosen here, uploaded once
 * the resource exists). Plain TypeScript: unit-tested.
 */
import {
  ACTION_TYPES,
  ALLIANCE_MODES,
  FRAGILITIES,
  RESOURCE_AUDIENCES,
  RESOURCE_AXES,
  RESOURCE_KINDS,
  RESOURCE_SHEET_KINDS,
} from '@maillage/contract';
import { z } from 'zod';
import type { Schemas } from '../../api/client';

export type Translate = (key: string, options?: Record<string, unknown>) => string;
type Body = Schemas['CreateResourceDto'];

/** The form's values as the inputs hold them. */
export type ResourceFormValues = z.input<ReturnType<typeof resourceFormSchema>>;

/** An empty form, or the form of a saved resource (to edit it). */
export const resourceFormValues = (resource?: Schemas['ResourceDto']): ResourceFormValues => ({
  kind: resource?.kind ?? 'file',
  title: resource?.title ?? '',
  summary: resource?.summary ?? '',
  author: resource?.author ?? '',
  publishedOn: resource?.publishedOn ?? '',
  licence: resource?.licence ?? '',
  url: resource?.url ?? '',
  axis: resource?.axis ?? 'toolbox',
  sheetKind: resource?.sheetKind ?? '',
  fragilities: [...(resource?.fragilities ?? [])],
  actionTypes: [...(resource?.actionTypes ?? [])],
  allianceModes: [...(resource?.allianceModes ?? [])],
  audiences: [...(resource?.audiences ?? [])],
});

/** The body that saves an edited resource: its kind stays (a file's bytes are replaced apart). */
export function resourceUpdateBody(body: Body): Schemas['UpdateResourceDto'] {
  const { kind, url, ...rest } = body;
  return kind === 'link' ? { ...rest, url } : rest;
}

export function resourceFormSchema(t: Translate) {
  return z
    .object({
      kind: z.enum(RESOURCE_KINDS),
      title: z.string(),
      summary: z.string(),
      author: z.string(),
      publishedOn: z.string(),
      licence: z.string(),
      url: z.string(),
      axis: z.enum(RESOURCE_AXES),
      sheetKind: z.union([z.enum(RESOURCE_SHEET_KINDS), z.literal('')]),
      fragilities: z.array(z.enum(FRAGILITIES)),
      actionTypes: z.array(z.enum(ACTION_TYPES)),
      allianceModes: z.array(z.enum(ALLIANCE_MODES)),
      audiences: z.array(z.enum(RESOURCE_AUDIENCES)),
    })
    .superRefine((values, ctx) => {
      const problem = (path: string, key: string) => ctx.addIssue({ code: 'custom', path: [path], message: t(key) });
      if (!values.title.trim()) problem('title', 'resources:errors.title');
      if (values.kind === 'link' && !/^https?:\/\/\S+$/i.test(values.url.trim()))
        problem('url', 'resources:errors.url');
      if (values.publishedOn && !/^\d{4}-\d{2}-\d{2}$/.test(values.publishedOn)) {
        problem('publishedOn', 'resources:errors.date');
      }
    })
    .transform((values): Body => ({
      kind: values.kind,
      title: values.title.trim(),
      summary: values.summary.trim(),
      author: values.author.trim(),
      publishedOn: values.publishedOn || null,
      licence: values.licence.trim(),
      url: values.kind === 'link' ? values.url.trim() : null,
      axis: values.axis,
      sheetKind: values.axis === 'toolbox' && values.sheetKind ? values.sheetKind : null,
      fragilities: values.fragilities,
      actionTypes: values.actionTypes,
      allianceModes: values.allianceModes,
      audiences: values.audiences,
    }));
}
