import "server-only";

/*
 * The SQL that sets up the two PostgreSQL roles of docs/database-roles.md on one database: the migrator owns the
 * schema and runs `npm run db:migrate`; the app reads and writes rows, and nothing else. `npm run db:roles` prints
 * it; a superuser runs it once (it is safe to run again, e.g. after moving an install that ran as one role).
 */

export interface RoleNames {
  database: string;
  migrator: string;
  app: string;
}

const NAME = /^[a-z_][a-z0-9_$]{0,62}$/;

/** Lower-case SQL identifiers only: no quoting surprises in the printed SQL, nor in connection URLs. */
export function checkRoleNames(names: RoleNames): string | null {
  for (const [what, value] of Object.entries(names)) {
    if (!NAME.test(value)) return `${what} must be a lower-case SQL name (letters, digits, _), got "${value}"`;
  }
  if (names.migrator === names.app) return "the migrator and the app must be two different roles";
  return null;
}

export function rolesSql({ database, migrator, app }: RoleNames): string {
  const problem = checkRoleNames({ database, migrator, app });
  if (problem) throw new Error(problem);
  return `-- Database roles of the HighHelp back-office on database ${database} (docs/database-roles.md).
-- Run as a superuser. Then give both roles a password (\\password ${migrator}, \\password ${app}).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${migrator}') THEN
    CREATE ROLE ${migrator} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${app}') THEN
    CREATE ROLE ${app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;

-- The migrator owns the database and its schemas: it creates and alters every table.
ALTER DATABASE ${database} OWNER TO ${migrator};
REVOKE ALL ON DATABASE ${database} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${app};
ALTER SCHEMA public OWNER TO ${migrator};
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${app};
CREATE SCHEMA IF NOT EXISTS drizzle AUTHORIZATION ${migrator};
ALTER SCHEMA drizzle OWNER TO ${migrator};
REVOKE ALL ON SCHEMA drizzle FROM PUBLIC;
GRANT USAGE ON SCHEMA drizzle TO ${app};

-- An install that ran as one role until now: its tables, sequences and functions move to the migrator.
DO $$
DECLARE
  item record;
BEGIN
  FOR item IN
    SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'drizzle') AND c.relkind IN ('r', 'p', 'v', 'm')
      AND pg_get_userbyid(c.relowner) <> '${migrator}'
  LOOP
    EXECUTE 'ALTER TABLE ' || item.name || ' OWNER TO ${migrator}';
  END LOOP;
  FOR item IN
    SELECT p.oid::regprocedure::text AS name
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '${migrator}'
  LOOP
    EXECUTE 'ALTER ROUTINE ' || item.name || ' OWNER TO ${migrator}';
  END LOOP;
  FOR item IN
    SELECT quote_ident(t.typname) AS name
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype = 'e' AND pg_get_userbyid(t.typowner) <> '${migrator}'
  LOOP
    EXECUTE 'ALTER TYPE ' || item.name || ' OWNER TO ${migrator}';
  END LOOP;
END
$$;

-- The app: rows and sequences, no DDL (it owns nothing and cannot create in the schemas).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${app};
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA drizzle GRANT SELECT ON TABLES TO ${app};

-- The audit log is append-only (migration 0019 does the same on a database migrated after this script).
DO $$
BEGIN
  IF to_regclass('public.audit_log') IS NOT NULL THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM ${app};
  END IF;
END
$$;
`;
}
