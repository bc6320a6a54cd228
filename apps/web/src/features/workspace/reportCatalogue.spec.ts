import { describe, expect, it, jest } from '@jest/globals';

// The catalogue dates a new draft with `today()`; the console's formatters need Vite (the catalogues' glob import).
jest.unstable_mockModule('../../ui/format', () => ({ today: () => '2026-12-04' }));
const { draftParams, draftProblems, newDraft, withDelimiter } = await import('./reportCatalogue');

describe('the CSV options of an export', () => {
  it('default to French spreadsheets: semicolons and decimal commas, so coordinates are numbers', () => {
    const draft = newDraft('actors_export');
    expect(draftParams(draft)).toMatchObject({ delimiter: ';', bom: true, decimalComma: true });
  });

  it('drop the decimal comma with the `,` delimiter, and bring it back with `;`', () => {
    const comma = withDelimiter(newDraft('actors_export'), ',');
    expect(draftParams(comma)).toMatchObject({ delimiter: ',', decimalComma: false });
    expect(draftParams(withDelimiter(comma, ';'))).toMatchObject({ delimiter: ';', decimalComma: true });
  });

  it('let the decimal comma be turned off with `;`', () => {
    expect(draftParams({ ...newDraft('actions_export'), decimalComma: false })).toMatchObject({
      delimiter: ';',
      decimalComma: false,
    });
  });
});

describe('a schedule’s period', () => {
  it('is named relative to each run instead of dates, and then needs none', () => {
    const monthly = { ...newDraft('territory_activity'), relativePeriod: 'previous_month' as const, from: '', to: '' };
    expect(draftParams(monthly)).toEqual({ relativePeriod: 'previous_month' });
    expect(draftProblems(monthly, { required: 'requis', endBeforeStart: 'ordre' })).toEqual({});
    const fixed = { ...monthly, relativePeriod: '' as const };
    expect(draftProblems(fixed, { required: 'requis', endBeforeStart: 'ordre' })).toEqual({
      'params.from': ['requis'],
      'params.to': ['requis'],
    });
    // A type without a period ignores it.
    expect(draftParams({ ...newDraft('alliances_export'), relativePeriod: 'previous_month' })).not.toHaveProperty(
      'relativePeriod',
    );
  });
});
