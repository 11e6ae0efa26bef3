-- migrate:no-transaction
-- The lists' search by a phone payout's receiver phone, built without blocking writes to applications; IF NOT EXISTS lets a failed run start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "applications_receiver_phone_idx" ON "applications" USING btree ("receiver_phone") WHERE "applications"."receiver_phone" is not null;
