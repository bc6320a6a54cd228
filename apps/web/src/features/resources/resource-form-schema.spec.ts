import { describe, expect, it } from '@jest/globals';
import { resourceFormSchema, resourceFormValues } from './resource-form-schema';

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
});
