import { inlineUuids } from './transactions.js';

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
