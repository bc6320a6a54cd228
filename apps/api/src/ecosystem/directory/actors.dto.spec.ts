import { createValidationPipe, DomainError, type FieldProblem } from '@maillage/platform';
import { CreateActorDto, UpdateActorDto } from './actors.dto.js';

/** The body as the API's pipe gives it to the controller, or the problems it answers. */
async function piped(metatype: unknown, body: object): Promise<{ value?: unknown; errors?: FieldProblem[] }> {
  try {
    return { value: await createValidationPipe().transform(body, { type: 'body', metatype: metatype as never }) };
  } catch (error) {
    if (error instanceof DomainError) return { errors: error.errors ?? [] };
    throw error;
  }
}

describe('an actor’s website', () => {
  it.each([
    [' www.exemple.fr ', 'https://www.exemple.fr'],
    ['exemple.fr/agenda', 'https://exemple.fr/agenda'],
    ['http://exemple.fr', 'http://exemple.fr'],
    ['https://www.exemple.fr', 'https://www.exemple.fr'],
    ['HTTPS://WWW.EXEMPLE.FR', 'HTTPS://WWW.EXEMPLE.FR'],
    ['Http://exemple.fr/Agenda', 'Http://exemple.fr/Agenda'],
  ])('takes %j as %j (https:// before a website typed without it)', async (typed, stored) => {
    for (const metatype of [CreateActorDto, UpdateActorDto]) {
      const { value, errors } = await piped(metatype, { category: 'association', name: 'Amicale', website: typed });
      expect(errors).toBeUndefined();
      expect(value).toMatchObject({ website: stored });
    }
  });

  // The contract's rule (libs/contract websiteValid), the console's form's and the import's.
  it.each([
    'pas un site',
    'javascript:alert(1)',
    'ftp://fichiers.exemple.fr',
    'mailto:contact@exemple.fr',
    'contact@exemple.fr',
    'www.exemple.fr;www.autre.fr',
    '',
  ])('refuses %j, saying in French what is expected', async (typed) => {
    const { errors } = await piped(CreateActorDto, { category: 'association', name: 'Amicale', website: typed });
    expect(errors).toEqual([
      { field: 'website', message: 'Adresse web invalide : par exemple www.exemple.fr ou https://www.exemple.fr.' },
    ]);
  });

  it('may still be cleared with null', async () => {
    expect((await piped(UpdateActorDto, { website: null })).value).toMatchObject({ website: null });
  });
});
