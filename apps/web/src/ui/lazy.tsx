import { lazy, Suspense, type Attributes, type ComponentType, type ReactNode } from 'react';
import { Loading } from './components';

/**
 * A page loaded as its own chunk, with the loading state while it arrives:
 * `lazyPage(() => import('./MapPage'), 'MapPage')`. Every page is one, so the
 * console's first view evaluates only the shell and the page it opens; several
 * pages of one module share its chunk (`import()` loads a module once). The
 * page's props pass through.
 */
export function lazyPage<M, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): M[K] extends ComponentType<infer P> ? (props: P) => ReactNode : never {
  type Props = M[K] extends ComponentType<infer P> ? P : never;
  const Page = lazy(() => load().then((module) => ({ default: module[name] as ComponentType<Props> })));
  function LazyPage(props: Props): ReactNode {
    return (
      <Suspense fallback={<Loading />}>
        <Page {...(props as Props & Attributes)} />
      </Suspense>
    );
  }
  return LazyPage as M[K] extends ComponentType<infer P> ? (props: P) => ReactNode : never;
}
