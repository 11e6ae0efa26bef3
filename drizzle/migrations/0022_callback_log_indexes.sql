-- migrate:no-transaction
-- The callback log's indexes, built without blocking the deliveries' writes; IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "callback_deliveries_log_idx" ON "callback_deliveries" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "callback_deliveries_project_log_idx" ON "callback_deliveries" USING btree ("project_id","received_at","id");--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "callback_deliveries_payment_log_idx" ON "callback_deliveries" USING btree ("payment_id","received_at","id");--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "callback_deliveries_outcome_log_idx" ON "callback_deliveries" USING btree ("outcome","received_at","id");--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "callback_quarantine_log_idx" ON "callback_quarantine" USING btree ("received_at","id");