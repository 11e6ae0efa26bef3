-- migrate:no-transaction
-- The rows whose search key is still to be filled, for the maintenance job's batches; built without blocking writes to applications, IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_search_key_missing_idx" ON "applications" USING btree ("id") WHERE "applications"."search_key" is null;
