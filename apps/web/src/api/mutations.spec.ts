import { describe, expect, it } from '@jest/globals';
import type { MutationFunctionContext } from '@tanstack/react-query';
import { afterSuccess } from './mutations';

const context = {} as MutationFunctionContext;

describe('afterSuccess', () => {
  it("runs the hook's effect, then the page's onSuccess, with the data and variables", async () => {
    const calls: string[] = [];
    const callbacks = afterSuccess<string, number>(
      { onSuccess: (data, variables) => void calls.push(`page ${data} ${variables}`) },
      (data, variables) => void calls.push(`hook ${data} ${variables}`),
    );
    await callbacks.onSuccess?.('saved', 7, undefined, context);
    expect(calls).toEqual(['hook saved 7', 'page saved 7']);
  });

  it("waits for an effect's promise (a refetch) before the page's onSuccess", async () => {
    const calls: string[] = [];
    const callbacks = afterSuccess<string, void>({ onSuccess: () => void calls.push('page') }, async () => {
      await Promise.resolve();
      calls.push('refetched');
    });
    await callbacks.onSuccess?.('saved', undefined, undefined, context);
    expect(calls).toEqual(['refetched', 'page']);
  });

  it('keeps the other callbacks, and runs the effect without any', async () => {
    const onError = (): void => undefined;
    expect(afterSuccess({ onError }, () => undefined).onError).toBe(onError);
    let ran = false;
    await afterSuccess<string, void>(undefined, () => {
      ran = true;
    }).onSuccess?.('saved', undefined, undefined, context);
    expect(ran).toBe(true);
  });
});
