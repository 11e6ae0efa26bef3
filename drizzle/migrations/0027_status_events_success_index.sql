-- migrate:no-transaction
-- When applications became successful, for the settlement view; built without blocking writes to status_events, IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "status_events_success_idx" ON "status_events" USING btree ("received_at","application_id") WHERE "status_events"."status" = 'success' and "status_events"."applied";
