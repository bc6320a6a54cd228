import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Names and titles sort the way French readers expect ("Épicerie" before "Université"),
 * whatever the database's own collation (often C, where accented capitals come after z):
 * the columns people read in lists take ICU's root collation, which both PostgreSQL (built
 * with ICU, as Debian's and the official images are) and PGlite provide. Their indexes,
 * `lower(name)` ones included, are rebuilt with it, so keyset pages stay one index scan.
 */
const COLUMNS: [table: string, column: string][] = [
  ['users', 'name'],
  ['territories', 'name'],
  ['actors', 'name'],
  ['actor_contacts', 'name'],
  ['priorities', 'title'],
  ['actions', 'title'],
  ['alliances', 'title'],
  ['observatory_areas', 'name'],
];

export class FrenchCollation1763800000020 implements MigrationInterface {
  name = 'FrenchCollation1763800000020';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS) {
      await db.query(`alter table ${table} alter column ${column} type text collate "und-x-icu"`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS) {
      await db.query(`alter table ${table} alter column ${column} type text collate "default"`);
    }
  }
}
