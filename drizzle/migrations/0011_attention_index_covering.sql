-- The needs-attention count (the list's, which the dashboard shows) reads up to its cap from this partial index.
-- With the columns of the view's second condition (overdue: expires_at against now) stored in the index, that is
-- an index-only scan, and the planner takes it: without them it guessed the predicate's rows far too many (it
-- cannot estimate old_amount <> amount) and scanned the table instead. Key and predicate are unchanged, word for
-- word lib/applications/queries.ts (needsAttention). drizzle-kit cannot express INCLUDE, hence SQL by hand.
DROP INDEX "applications_attention_idx";--> statement-breakpoint
CREATE INDEX "applications_attention_idx" ON "applications" USING btree ("type","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("status", "old_amount", "amount", "expires_at") WHERE ("applications"."status" in ('dispute', 'error') or ("applications"."old_amount" is not null and "applications"."old_amount" <> "applications"."amount")) or ("applications"."expires_at" is not null and "applications"."status" is distinct from 'success' and "applications"."status" is distinct from 'decline');
