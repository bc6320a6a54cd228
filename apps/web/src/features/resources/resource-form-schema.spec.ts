import { describe, expect, it } from '@jest/globals';
import type { Schemas } from '../../api/client';
import { resourceFormSchema, resourceFormValues, resourceUpdateBody } from './resource-form-schema';

const t = (key: string) => key;

describe('the resource form', () => {
  it('sends a link with its address, and a sheet kind only in the toolbox', () => {
    const parsed = resourceFormSchema(t).parse({
      ...resourceFormValues(),
      kind: 'link',
      title: '  Guide « Construire Ensemble » ',
      url: 'https://www.lerameau.fr/',
      axis: 'method',
      sheetKind: 'tool',
    });
    expect(parsed).toMatchObject({ kind: 'link', title: 'Guide « Construire Ensemble »', sheetKind: null });
    expect(parsed.url).toBe('https://www.lerameau.fr/');
  });

  it('sends no address for a file, and names what is missing', () => {
    const file = resourceFormSchema(t).parse({ ...resourceFormValues(), title: 'Fiche', url: 'https://x.org/' });
    expect(file.url).toBeNull();
    const wrong = resourceFormSchema(t).safeParse({
      ...resourceFormValues(),
      kind: 'link',
      url: 'javascript:alert(1)',
    });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((issue) => issue.message).sort()).toEqual([
      'resources:errors.title',
      'resources:errors.url',
    ]);
  });

  it('starts an edit from the saved resource and sends back the same description, without its kind', () => {
    const saved = {
      id: '0b7c3f4e-3a51-4d7e-9a55-8d0f4c9e2b10',
      scope: 'territory',
      kind: 'file',
      status: 'published',
      title: 'Plan d’une étude territoriale',
      summary: 'La structure et le questionnaire.',
      author: 'Le RAMEAU',
      publishedOn: '2013-06-01',
      licence: 'CC BY-SA',
      url: null,
      axis: 'toolbox',
      sheetKind: 'tool',
      fragilities: ['social'],
      actionTypes: ['animation'],
      allianceModes: [],
      audiences: ['coordinator'],
      file: null,
      downloads: 3,
      version: 4,
      createdAt: '2026-11-02T09:00:00.000Z',
      updatedAt: '2026-11-02T09:00:00.000Z',
    } as unknown as Schemas['ResourceDto'];
    const body = resourceUpdateBody(resourceFormSchema(t).parse(resourceFormValues(saved)));
    expect(body).toEqual({
      title: 'Plan d’une étude territoriale',
      summary: 'La structure et le questionnaire.',
      author: 'Le RAMEAU',
      publishedOn: '2013-06-01',
      licence: 'CC BY-SA',
      axis: 'toolbox',
      sheetKind: 'tool',
      fragilities: ['social'],
      actionTypes: ['animation'],
      allianceModes: [],
      audiences: ['coordinator'],
    });
    // A link keeps its (possibly corrected) address.
    const link = resourceUpdateBody(
      resourceFormSchema(t).parse({
        ...resourceFormValues({ ...saved, kind: 'link', url: 'https://a.fr/' }),
        url: 'https://b.fr/',
      }),
    );
    expect(link.url).toBe('https://b.fr/');
  });
});
