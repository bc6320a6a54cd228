import { describe, expect, it } from '@jest/globals';
import { french } from '../../i18n/test-catalogue';
import {
  actorFormSchema,
  actorFormValues,
  actorMessages,
  complete,
  profilePatch,
  type ActorFormValues,
} from './actor-form-schema';

const schema = actorFormSchema(french);
const PRIORITY = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** A new actor's form with the given changes. */
function form(changes: Partial<ActorFormValues> = {}): ActorFormValues {
  return { ...actorFormValues(), ...changes };
}

/** The messages of an invalid form, by field. */
function messages(values: ActorFormValues): Record<string, string> {
  const result = schema.safeParse(values);
  expect(result.success).toBe(false);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}

describe('the actor form schema', () => {
  it('maps a company to the API body: trimmed, empty fields null, the other categories’ fields null', () => {
    const body = schema.parse(
      form({
        category: 'company',
        name: '  Boulangerie Coopérative des Pentes ',
        employer: 'true',
        sizeClass: 'micro',
        siren: '',
        siret: '73282932000074',
        rna: 'W691234567',
        nafCode: '1071C',
        communeCode: ' 69123 ',
        address: '  ',
        latitude: '45,764',
        longitude: '4.8357',
        website: '',
        fragilities: ['economic'],
        priorityIds: [PRIORITY],
        tags: 'alimentation, circuits courts; alimentation,, pain ',
        description: ' Pain bio ',
      }),
    );
    expect(body).toEqual({
      category: 'company',
      name: 'Boulangerie Coopérative des Pentes',
      employer: null,
      sizeClass: 'micro',
      siren: null,
      siret: '73282932000074',
      rna: null,
      nafCode: '1071C',
      communeCode: '69123',
      address: null,
      latitude: 45.764,
      longitude: 4.8357,
      website: null,
      foundedOn: null,
      fragilities: ['economic'],
      priorityIds: [PRIORITY],
      tags: ['alimentation', 'circuits courts', 'pain'],
      description: 'Pain bio',
    });
  });

  it('keeps an association’s employer answer and RNA, and sends “unknown” as null', () => {
    const association = form({ name: 'Les Jardins', rna: 'W691234567', employer: 'false', sizeClass: 'sme' });
    expect(schema.parse(association)).toMatchObject({ employer: false, rna: 'W691234567', sizeClass: null });
    expect(schema.parse({ ...association, employer: '' }).employer).toBeNull();
  });

  it('sends no coordinates when both are empty', () => {
    expect(schema.parse(form({ name: 'A' }))).toMatchObject({ latitude: null, longitude: null, tags: [] });
  });

  it('refuses an invalid SIRET, in French, on its field', () => {
    expect(messages(form({ name: 'A', siret: '73282932000075' }))).toEqual({
      siret: 'SIRET invalide (14 chiffres, clé de contrôle incorrecte).',
    });
    expect(messages(form({ name: 'A', siret: '7328293200007' })).siret).toBe('Le SIRET compte 14 chiffres.');
  });

  it('accepts identifiers grouped by spaces, as the API does, and checks the SIRET against the SIREN', () => {
    expect(schema.safeParse(form({ name: 'A', siren: '732 829 320', siret: '732 829 320 00074' })).success).toBe(true);
    expect(messages(form({ name: 'A', siren: '552100554', siret: '73282932000074' })).siret).toBe(
      'Les 9 premiers chiffres du SIRET doivent être le SIREN.',
    );
  });

  it('gives every problem in the form’s order, in French', () => {
    const values = form({
      name: ' ',
      siren: '123456789',
      rna: 'X1',
      nafCode: '10',
      communeCode: '6912',
      website: 'javascript:alert(1)',
      latitude: '91',
    });
    expect(Object.entries(actorMessages(schema, values))).toEqual([
      ['name', 'Indiquez le nom de l’acteur.'],
      ['siren', 'SIREN invalide (9 chiffres, clé de contrôle incorrecte).'],
      ['rna', 'Numéro RNA invalide (W suivi de 9 chiffres).'],
      ['nafCode', 'Code NAF invalide : 4 chiffres et une lettre, par exemple 88.99B.'],
      ['communeCode', 'Code commune INSEE invalide.'],
      ['website', 'Adresse web invalide : par exemple www.exemple.fr ou https://www.exemple.fr.'],
      ['latitude', 'Latitude invalide (entre -90 et 90).'],
    ]);
  });

  it('sends the creation date as the date input gives it, never in the future', () => {
    expect(schema.parse(form({ name: 'A', foundedOn: '1998-05-04' })).foundedOn).toBe('1998-05-04');
    expect(messages(form({ name: 'A', foundedOn: '2999-01-01' }))).toEqual({
      foundedOn: 'La date de création ne peut pas être dans le futur.',
    });
    expect(messages(form({ name: 'A', foundedOn: '2021-02-30' }))).toEqual({
      foundedOn: 'Date invalide (jj/mm/aaaa).',
    });
  });

  it('takes a website typed without its scheme, as the API does (https:// before it), and refuses what is no address', () => {
    expect(schema.parse(form({ name: 'A', website: ' www.exemple.fr ' })).website).toBe('https://www.exemple.fr');
    expect(schema.parse(form({ name: 'A', website: 'exemple.fr/agenda' })).website).toBe('https://exemple.fr/agenda');
    expect(schema.parse(form({ name: 'A', website: 'http://exemple.fr' })).website).toBe('http://exemple.fr');
    for (const website of ['pas un site', 'exemple', 'ftp://exemple.fr', 'mailto:contact@exemple.fr']) {
      expect(messages(form({ name: 'A', website }))).toEqual({
        website: 'Adresse web invalide : par exemple www.exemple.fr ou https://www.exemple.fr.',
      });
    }
  });

  it('checks the RNA of associations only', () => {
    expect(schema.safeParse(form({ name: 'A', category: 'company', rna: 'X1' })).success).toBe(true);
  });

  it('wants the latitude and longitude together', () => {
    expect(messages(form({ name: 'A', longitude: '4,83' }))).toEqual({
      latitude: 'Indiquez la latitude et la longitude ensemble.',
    });
  });

  it('refuses a category outside the contract’s', () => {
    expect(schema.safeParse(form({ name: 'A', category: 'club' as never })).success).toBe(false);
  });

  it('checks an identifier as soon as it has all its digits', () => {
    expect(complete('siren', '732 829 32')).toBe(false);
    expect(complete('siren', '732 829 320')).toBe(true);
    expect(complete('siret', '7328293200007')).toBe(false);
    expect(complete('name', 'Boulangerie')).toBe(false);
  });

  it('starts from an actor’s values as strings', () => {
    const values = actorFormValues({
      category: 'association',
      name: 'Les Jardins',
      employer: false,
      location: { latitude: 45.764, longitude: 4.8357 },
      tags: ['insertion', 'maraîchage'],
      fragilities: [],
      priorityIds: [],
    } as never);
    expect(values).toMatchObject({
      employer: 'false',
      sizeClass: '',
      latitude: '45,764',
      longitude: '4,8357',
      tags: 'insertion, maraîchage',
      siret: '',
    });
  });

  it('shows coordinates with a decimal comma, every digit kept, and reads them back (a point too) to the same numbers', () => {
    const location = { latitude: 45.7719, longitude: -0.123456 };
    const values = actorFormValues({ ...actorFormValues(), name: 'A', location, tags: [] } as never);
    expect([values.latitude, values.longitude]).toEqual(['45,7719', '-0,123456']);
    expect(schema.parse(values)).toMatchObject({ latitude: 45.7719, longitude: -0.123456 });
    expect(schema.parse({ ...values, latitude: '45.7719', longitude: '-0.123456' })).toMatchObject({
      latitude: 45.7719,
      longitude: -0.123456,
    });
    // The English console writes a decimal point.
    expect(actorFormValues({ name: 'A', location, tags: [] } as never, false)).toMatchObject({
      latitude: '45.7719',
      longitude: '-0.123456',
    });
  });
});

describe('a member’s profile patch', () => {
  const saved = schema.parse(form({ name: 'Atelier', description: 'Réparation', tags: 'vélo' }));

  it('sends only what changed, telling the public fields from those the coordination reviews', () => {
    const edited = schema.parse(
      form({
        name: 'Atelier Numérique',
        description: 'Réparation et formation',
        tags: 'vélo',
        latitude: '45,76',
        longitude: '4,83',
        priorityIds: [PRIORITY],
      }),
    );
    const patch = profilePatch(saved, edited);
    expect(patch.body).toEqual({
      description: 'Réparation et formation',
      latitude: 45.76,
      longitude: 4.83,
      name: 'Atelier Numérique',
    });
    expect(patch.applied).toEqual(['description', 'latitude', 'longitude']);
    expect(patch.reviewed).toEqual(['name']);
  });

  it('is empty when nothing the member may change changed', () => {
    const same = schema.parse(form({ name: ' Atelier ', description: 'Réparation ', tags: 'vélo, vélo' }));
    expect(profilePatch(saved, same)).toEqual({ body: {}, applied: [], reviewed: [] });
  });
});
