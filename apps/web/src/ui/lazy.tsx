import { isValidElement, lazy, Suspense, type Attributes, type ComponentType, type ReactNode } from 'react';
import { Loading } from './components';

/**
 * A page loaded as its own chunk, with the loading state while it arrives:
 * `lazyPage(() => import('./MapPage'), 'MapPage')` — for heavy or rarely opened
 * pages (forms, map, graph, charts, administration), so the console's first view
 * evaluates only the shell; several pages of one module share its chunk
 * (`import()` loads a module once). The page's props pass through.
 */
export function lazyPage<M, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): M[K] extends ComponentType<infer P> ? (props: P) => ReactNode : never {
  type Props = M[K] extends ComponentType<infer P> ? P : never;
  const loading = () => load().then((module) => ({ default: module[name] as ComponentType<Props> }));
  const Page = lazy(loading);
  function LazyPage(props: Props): ReactNode {
    // Always through Suspense, even when the chunk is already here (rendering the loaded page directly, to
    // spare React's 300 ms fallback throttle, was tried and dropped: the map's keyboard test failed with it
    // under load, though it also fails now and then on the build before). The pages people open first each
    // day are in the shell (features/*/index.tsx), not lazy.
    return (
      <Suspense fallback={<Loading />}>
        <Page {...(props as Props & Attributes)} />
      </Suspense>
    );
  }
  // Its chunk can be asked for before the page renders (app/preload.ts, when the console opens on it).
  (LazyPage as { preload?: () => void }).preload = () => void loading().catch(() => undefined);
  return LazyPage as M[K] extends ComponentType<infer P> ? (props: P) => ReactNode : never;
}

/** Starts loading the chunks of the lazy pages in a route's element (a page inside its role guard, say). */
export function preloadElement(node: ReactNode): void {
  if (Array.isArray(node)) {
    for (const child of node as ReactNode[]) preloadElement(child);
    return;
  }
  if (!isValidElement(node)) return;
  (node.type as { preload?: () => void }).preload?.();
  preloadElement((node.props as { children?: ReactNode }).children);
}
