import { inlineLiterals, inlineUuids } from './transactions.js';

describe('inlineUuids (a statement sent with the transaction’s start)', () => {
  const territory = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
  const user = '6f1c1e4a-9a53-4c8e-8d0e-2b1f6a7e9c10';

  it('inlines each parameter as a quoted literal, by its number', () => {
    expect(inlineUuids({ text: 'select * from f($2, $1, $2)', values: [territory, user] })).toBe(
      `select * from f('${user}', '${territory}', '${user}')`,
    );
  });

  it('refuses any value that is not a uuid, and a parameter without a value', () => {
    expect(() => inlineUuids({ text: 'select $1', values: ["x'); drop table actors; --"] })).toThrow(/uuids/);
    expect(() => inlineUuids({ text: 'select $1', values: [`${territory}'`] })).toThrow(/uuids/);
    expect(() => inlineUuids({ text: 'select $1, $2', values: [territory] })).toThrow(/no value for \$2/);
  });
});

describe('inlineLiterals (writes sent with the COMMIT)', () => {
  it('writes text as escape strings, quotes and backslashes doubled, whatever the text holds', () => {
    expect(inlineLiterals('insert into t values ($1, $2)', ["l'atelier \\ $1", null])).toBe(
      "insert into t values (E'l''atelier \\\\ $1', NULL)",
    );
    expect(inlineLiterals('select $1', ["x'); drop table actors; --"])).toBe("select E'x''); drop table actors; --'");
  });

  it('writes numbers in parentheses (never a comment after a minus), booleans and dates', () => {
    expect(inlineLiterals('select 1 - $1, $2, $3', [-1, true, new Date('2026-12-05T10:00:00.000Z')])).toBe(
      "select 1 - (-1), true, E'2026-12-05T10:00:00.000Z'",
    );
  });

  it('refuses what it cannot write, and a parameter without a value', () => {
    expect(() => inlineLiterals('select $1', [Number.NaN])).toThrow(/finite/);
    expect(() => inlineLiterals('select $1', [{} as unknown as string])).toThrow(/unsupported/);
    expect(() => inlineLiterals('select $1, $2', ['a'])).toThrow(/no value for \$2/);
  });
});
