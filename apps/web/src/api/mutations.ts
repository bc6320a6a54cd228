import type { DefaultError, UseMutationOptions } from '@tanstack/react-query';

/**
 * What a page adds to a feature's mutation hook: its own reactions to the outcome (a notice,
 * a navigation, a dialog that closes). The data the mutation makes stale is the hook's business.
 */
export type MutationCallbacks<TData, TVariables = void> = Pick<
  UseMutationOptions<TData, DefaultError, TVariables>,
  'onSuccess' | 'onError' | 'onSettled'
>;

/**
 * The page's callbacks, with the hook's own effect on success (invalidations, cache updates)
 * run first: the page's `onSuccess` follows once the effect is done.
 */
export function afterSuccess<TData, TVariables>(
  callbacks: MutationCallbacks<TData, TVariables> | undefined,
  effect: (data: TData, variables: TVariables) => unknown,
): MutationCallbacks<TData, TVariables> {
  return {
    ...callbacks,
    onSuccess: async (data, variables, onMutateResult, context) => {
      await effect(data, variables);
      return callbacks?.onSuccess?.(data, variables, onMutateResult, context);
    },
  };
}
