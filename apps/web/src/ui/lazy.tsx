import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Loading } from './components';

/**
 * A page loaded as its own chunk (charts, map and graph libraries are large),
 * with the loading state while it arrives: `lazyPage(() => import('./MapPage'), 'MapPage')`.
 */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): () => ReactNode {
  const Page = lazy<ComponentType>(() => load().then((module) => ({ default: module[name] as ComponentType })));
  return function LazyPage(): ReactNode {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  };
}
