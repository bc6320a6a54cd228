-- Runs once, when the PostgreSQL volume is created. Maillage's schema owner is
-- a plain login role (not a superuser), so FORCE ROW LEVEL SECURITY binds it
-- too; it may create roles because the migrations create the runtime role.
\set owner_password `echo "$MAILLAGE_DB_PASSWORD"`
create role maillage_owner login createrole password :'owner_password';
create database maillage owner maillage_owner;
