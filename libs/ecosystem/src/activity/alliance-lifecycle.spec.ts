import { agreementOpen, allowedTargets, checkTransition, disagreements } from './alliance-lifecycle.js';

describe('alliance lifecycle', () => {
  it('follows proposed → under discussion → active → ended', () => {
    expect(allowedTargets('proposed')).toEqual(['under_discussion', 'declined', 'withdrawn']);
    expect(allowedTargets('under_discussion')).toEqual(['active', 'declined', 'withdrawn']);
    expect(allowedTargets('active')).toEqual(['ended']);
    for (const final of ['ended', 'declined', 'withdrawn'] as const) expect(allowedTargets(final)).toEqual([]);
  });

  it('refuses transitions that skip or reverse steps, whoever asks', () => {
    expect(checkTransition('proposed', 'active', ['coordination'])).toEqual({ ok: false, reason: 'illegal' });
    expect(checkTransition('ended', 'active', ['coordination'])).toEqual({ ok: false, reason: 'illegal' });
    expect(checkTransition('active', 'proposed', ['party'])).toEqual({ ok: false, reason: 'illegal' });
    expect(checkTransition('declined', 'under_discussion', ['other_party'])).toEqual({ ok: false, reason: 'illegal' });
  });

  it('lets the proposed parties accept or decline, and only the proposer withdraw', () => {
    expect(checkTransition('proposed', 'under_discussion', ['other_party'])).toEqual({ ok: true });
    expect(checkTransition('proposed', 'under_discussion', ['proposer'])).toEqual({ ok: false, reason: 'not_allowed' });
    expect(checkTransition('proposed', 'declined', ['other_party'])).toEqual({ ok: true });
    expect(checkTransition('proposed', 'withdrawn', ['proposer'])).toEqual({ ok: true });
    expect(checkTransition('proposed', 'withdrawn', ['other_party'])).toEqual({ ok: false, reason: 'not_allowed' });
    expect(checkTransition('proposed', 'withdrawn', [])).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('lets the parties agree to start an alliance, any party end it, and coordination do any legal step', () => {
    expect(checkTransition('under_discussion', 'active', ['proposer'])).toEqual({
      ok: false,
      reason: 'agreement_required',
    });
    expect(checkTransition('under_discussion', 'active', ['coordination'])).toEqual({ ok: true });
    expect(agreementOpen('under_discussion')).toBe(true);
    expect(agreementOpen('proposed')).toBe(false);
    expect(checkTransition('active', 'ended', ['other_party'])).toEqual({ ok: true });
    expect(checkTransition('proposed', 'withdrawn', ['coordination'])).toEqual({ ok: true });
  });

  it('flags the objects on which parties differ by two points or more', () => {
    expect(
      disagreements([
        { product: 4, balance: 2, contribution: 5 },
        { product: 5, balance: 4, contribution: 3 },
      ]),
    ).toEqual(['balance', 'contribution']);
    expect(disagreements([{ product: 1, balance: 1, contribution: 1 }])).toEqual([]);
  });
});
