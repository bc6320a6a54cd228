import { backoffSeconds, delaysAfter, type ThrottlePolicy } from './login-throttle.js';

const policy: ThrottlePolicy = { windowSeconds: 900, freePerAccount: 5, freePerIp: 50, maxAccountDelaySeconds: 30 };

describe('login throttle policy', () => {
  it('lets the free failures through, then doubles the delay up to its cap', () => {
    expect([1, 4, 5, 6, 7, 12, 60].map((failures) => backoffSeconds(failures, 5, 900))).toEqual([
      0, 0, 5, 10, 20, 640, 900,
    ]);
  });

  it('bounds the delay the account-wide count imposes: it slows a distributed guess, never locks', () => {
    // A thousand failures on the account from elsewhere: a fresh pair waits at most the account cap.
    expect(delaysAfter({ pair: 1, account: 1000, ip: 1 }, policy)).toEqual({ pair: 30, ip: 0 });
    // The pair's own failures keep doubling up to the window.
    expect(delaysAfter({ pair: 12, account: 12, ip: 12 }, policy)).toEqual({ pair: 640, ip: 0 });
    // The address, across accounts, past its higher ceiling.
    expect(delaysAfter({ pair: 1, account: 1, ip: 52 }, policy)).toEqual({ pair: 0, ip: 20 });
  });
});
