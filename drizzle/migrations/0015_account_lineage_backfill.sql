-- Account lineage of what admins did before the table existed, from the audit log (same actions, same actors).
INSERT INTO "account_interventions" ("user_id", "by_user_id", "kind", "at")
SELECT a."target_id"::bigint, a."actor_user_id",
       (CASE a."action" WHEN 'user.create' THEN 'create' WHEN 'user.password_reset' THEN 'password_reset'
                        WHEN 'user.enable' THEN 'enable' ELSE 'role_change' END)::"intervention_kind",
       a."at"
FROM "audit_log" a
WHERE a."target_type" = 'user'
  AND a."action" IN ('user.create', 'user.password_reset', 'user.enable', 'user.role_change')
  AND a."actor_user_id" IS NOT NULL
  AND a."target_id" ~ '^[0-9]+$'
  AND EXISTS (SELECT 1 FROM "users" u WHERE u."id" = a."target_id"::bigint);
