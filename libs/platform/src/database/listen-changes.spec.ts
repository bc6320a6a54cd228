import { listenChanges } from './session-multiplexer.js';

describe('listenChanges (which channels a simple query listens to, on the embedded engine)', () => {
  it('reads LISTEN and UNLISTEN statements, comments aside', () => {
    expect(listenChanges('LISTEN "Jobs"; unlisten other -- listen nothing')).toEqual({
      listen: ['jobs'],
      unlisten: ['other'],
    });
  });

  it('ignores the words inside string literals (a user’s text in an audit record)', () => {
    const sql = `insert into audit_log (changes) values (E'{"name": "LISTEN maillage; l''UNLISTEN *"}')\n;\nCOMMIT`;
    expect(listenChanges(sql)).toEqual({ listen: [], unlisten: [] });
  });
});
