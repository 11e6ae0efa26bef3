-- migrate:no-transaction
-- A list filtered by status (and currency) pages and counts on one range of this index; built without blocking writes to applications, IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_type_status_idx" ON "applications" USING btree ("type","status","currency","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);
