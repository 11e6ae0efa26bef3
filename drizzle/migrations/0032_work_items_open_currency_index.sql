-- migrate:no-transaction
-- The lists' "needs attention" view of one currency on the open items, built without blocking writes to work_items; IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "work_items_open_list_currency_idx" ON "work_items" USING btree ("application_type","application_currency","application_created_at" DESC NULLS LAST,"application_id" DESC NULLS LAST,"snoozed_until","project_id") WHERE "work_items"."resolved_at" is null;
