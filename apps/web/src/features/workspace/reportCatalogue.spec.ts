import { describe, expect, it, jest } from '@jest/globals';

// The catalogue dates a new draft with `today()`; the console's formatters need Vite (the catalogues' glob import).
jest.unstable_mockModule('../../ui/format', () => ({ today: () => '2026-12-04' }));
const { draftParams, newDraft, withDelimiter } = await import('./reportCatalogue');

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
