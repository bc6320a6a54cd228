/**
 * The role the application works as: it owns nothing, has no BYPASSRLS, and
 * holds only the grants the migrations give it. Connections switch to it at
 * the start of every transaction (`set_config('role', …, true)`), so the
 * owner's rights never serve a request, on PGlite as on PostgreSQL.
 */
export const RUNTIME_ROLE = 'maillage_app';

/** The transaction-local setting the row policies read. */
export const TERRITORY_SETTING = 'app.territory_id';

/** The caller's user id, for the few policies that let users read their own rows. */
export const USER_SETTING = 'app.user_id';

/** The named scope a unit of work runs in (scopes.ts), empty for plain tenant work: for whoever reads the session. */
export const SCOPE_SETTING = 'app.scope';
