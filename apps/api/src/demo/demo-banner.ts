import type { DemoView } from './demo.service.js';

/** The start banner's (and `npm run demo`'s) lines about the demo territory: where, and its accounts. */
export function demoBanner(demo: DemoView, base: string): string[] {
  const width = Math.max(...demo.accounts.map((account) => account.email.length));
  return [
    '',
    `  Espace de démonstration : « ${demo.name} » (données fictives)`,
    `    ${base}/t/${demo.territoryId}`,
    `    ${demo.counts.actors} acteurs, ${demo.counts.actions} actions, ${demo.counts.alliances} alliances, ${demo.counts.evaluations} évaluations`,
    `    Comptes de démonstration (mot de passe : ${demo.password}) :`,
    ...demo.accounts.map((account) => `      ${account.email.padEnd(width)}  ${account.label}`),
  ];
}
