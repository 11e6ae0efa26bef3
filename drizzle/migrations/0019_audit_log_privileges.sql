-- The audit log is append-only for every role but its owner (the migrator, docs/database-roles.md): whatever UPDATE,
-- DELETE or TRUNCATE right another role holds on it (the app role gets them from the migrator's default privileges
-- when the table is created) is revoked. The triggers of 0001 refuse those statements anyway; this refuses them
-- before any trigger runs. Nothing to do with a single role, or on the embedded PGlite.
DO $$
DECLARE
  holder text;
BEGIN
  FOR holder IN
    SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
    FROM pg_class c
    CROSS JOIN LATERAL aclexplode(c.relacl) a
    LEFT JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.oid = 'audit_log'::regclass
      AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
      AND a.grantee <> c.relowner
  LOOP
    EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ' || holder;
  END LOOP;
END
$$;
