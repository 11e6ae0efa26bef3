-- migrate:no-transaction
-- The lists' created order with each row's search key beside it (migration search_key): a search walks this index alone, tests the key there and fetches only the rows whose key holds the typed text (lib/applications/list-queries.ts listSource). It replaces applications_type_created_idx, whose columns it has: built first, so that the lists always have one to walk. Built and dropped without blocking writes to applications; IF [NOT] EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_type_created_key_idx" ON "applications" USING btree ("type","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("search_key");--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "applications_type_created_idx";
