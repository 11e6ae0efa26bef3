-- migrate:no-transaction
-- The lists' search and currency-then-amount indexes, built without blocking writes to applications; IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_type_currency_amount_idx" ON "applications" USING btree ("type","currency" DESC NULLS LAST,"amount" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_payment_id_lower_idx" ON "applications" USING btree (lower("payment_id") text_pattern_ops);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_request_id_lower_idx" ON "applications" USING btree (lower("request_id"));--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_customer_id_lower_idx" ON "applications" USING btree (lower("customer_id"));--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_sender_holder_lower_idx" ON "applications" USING btree (lower("sender_card_holder") text_pattern_ops);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_receiver_holder_lower_idx" ON "applications" USING btree (lower("receiver_card_holder") text_pattern_ops);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_customer_name_lower_idx" ON "applications" USING btree (lower(btrim(coalesce("customer" ->> 'first_name', '') || ' ' || coalesce("customer" ->> 'last_name', ''))) text_pattern_ops);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_customer_last_name_lower_idx" ON "applications" USING btree (lower("customer" ->> 'last_name') text_pattern_ops);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_customer_email_lower_idx" ON "applications" USING btree (lower("customer" ->> 'email') text_pattern_ops);
