-- migrate:no-transaction
-- The name keys' indexes, each with the type before and the currency and amount after, the last name's with the full name too (the search tests it there: a row that matches both names is counted once, by the first): a capped sum of a name search is an index-only scan (migration name_keys). They replace the expression indexes on the customer document; the rows still to fill are found by the new missing-keys index. Built and dropped without blocking writes to applications; IF [NOT] EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_type_customer_name_key_idx" ON "applications" USING btree ("type","customer_name_key" text_pattern_ops) INCLUDE ("currency","amount");--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_type_customer_last_name_key_idx" ON "applications" USING btree ("type","customer_last_name_key" text_pattern_ops) INCLUDE ("currency","amount","customer_name_key");--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_search_keys_missing_idx" ON "applications" USING btree ("id") WHERE "applications"."customer_name_key" is null;--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "applications_customer_name_lower_idx";--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "applications_customer_last_name_lower_idx";--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "applications_search_key_missing_idx";
