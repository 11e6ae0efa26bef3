-- migrate:no-transaction
-- The queue's tabs and "assigned to me" on the open items, built without blocking writes to work_items; IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "work_items_open_reason_idx" ON "work_items" USING btree ("reason","created_at","id") WHERE "work_items"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "work_items_open_assignee_idx" ON "work_items" USING btree ("assignee_id","created_at","id") WHERE "work_items"."resolved_at" is null;
