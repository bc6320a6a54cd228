import { isValidElement, lazy, Suspense, useState, type Attributes, type ComponentType, type ReactNode } from 'react';
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
  let loaded: ComponentType<Props> | undefined;
  const loading = () =>
    load().then((module) => {
      loaded = module[name] as ComponentType<Props>;
      return { default: loaded };
    });
  const Page = lazy(loading);
  function LazyPage(props: Props): ReactNode {
    // Once its chunk is here (preloaded at boot: app/preload.ts, or by an earlier visit), the page renders
    // at once: suspending would hold it back by React's fallback throttle (300 ms after the fallback shows)
    // before it even asks for its data. Chosen once per mount, so that a page never remounts when its chunk
    // arrives. (Tried before and dropped because the map's keyboard zoom then failed under load; the likely
    // cause, Leaflet dropping a zoom asked during another's animation, is handled by LeafletMap's `whenSettled`.)
    const [Component] = useState<ComponentType<Props>>(() => loaded ?? Page);
    return (
      <Suspense fallback={<Loading />}>
        <Component {...(props as Props & Attributes)} />
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
