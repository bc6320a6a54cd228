import type { FeatureModule, NavItem } from './registry';

const modules = import.meta.glob<{ feature: FeatureModule }>('./*/index.tsx', { eager: true });

/** Every feature, in folder order. */
export const features: FeatureModule[] = Object.keys(modules)
  .sort()
  .map((key) => (modules[key] as { feature: FeatureModule }).feature);

export const navItems: NavItem[] = features.flatMap((feature) => feature.nav ?? []).sort((a, b) => a.order - b.order);
