-- migrate:no-transaction
-- Every open queue item has its application's copies (migration 0038): checked over the existing rows without blocking
-- writes to work_items (VALIDATE takes a lock that lets them through).
ALTER TABLE "work_items" VALIDATE CONSTRAINT "work_items_open_copies_check";
