import type { ResourceAxis, ResourceKind } from '@maillage/contract';

declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** A resource of the territory's centre is published (a link at once, a file once uploaded). */
    'resource.published': { title: string; kind: ResourceKind; axis: ResourceAxis };
  }
}

export {};
