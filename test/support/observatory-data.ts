import type { Runtime } from '@maillage/platform';
import { ownerQuery } from '@maillage/testing';

/** `count` animations starting today (Paris time) in the territory, inserted with the owner's connection. */
export async function insertAnimations(runtime: Runtime, territoryId: string, count: number): Promise<void> {
  await ownerQuery(
    runtime,
    `insert into actions (territory_id, type, title, start_date)
     select $1, 'animation', 'Forum ' || g, (now() at time zone 'Europe/Paris')::date from generate_series(1, $2) g`,
    [territoryId, count],
  );
}
