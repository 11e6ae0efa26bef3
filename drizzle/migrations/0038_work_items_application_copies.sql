-- The application's amount and HighHelp status on its queue items, so that the lists' "needs attention" view counts
-- and sums its open items (capped) from work_items alone, with no application read per item, also when filtered by
-- status.
--
-- Unlike created_at and currency, both change: HighHelp moves the status and sends a new amount with
-- dispute:different_amount. The BEFORE INSERT trigger of migration 0029 copies them on insert, for every writer; an
-- AFTER UPDATE trigger on applications carries each change to the application's items in the same transaction, for
-- every writer too, the previous build's during a rolling deploy included.
--
-- Only the open items are filled here: the lists read no other, and a queue that is worked holds few, while resolved
-- items pile up for years (rewriting them would hold the queue's lock for seconds). The check keeps every open item
-- filled; it is validated by the next migration, without blocking writes.
ALTER TABLE "work_items" ADD COLUMN "application_amount" bigint;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "application_status" "status";--> statement-breakpoint
CREATE OR REPLACE FUNCTION work_item_application_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT a.created_at, a.currency, a.amount, a.status
		INTO NEW.application_created_at, NEW.application_currency, NEW.application_amount, NEW.application_status
		FROM applications a WHERE a.id = NEW.application_id;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION work_items_follow_application() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE work_items SET application_amount = NEW.amount, application_status = NEW.status WHERE application_id = NEW.id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER applications_work_items_follow AFTER UPDATE OF amount, status ON applications
	FOR EACH ROW WHEN ((OLD.amount, OLD.status) IS DISTINCT FROM (NEW.amount, NEW.status))
	EXECUTE FUNCTION work_items_follow_application();
--> statement-breakpoint
UPDATE work_items w SET application_amount = a.amount, application_status = a.status
	FROM applications a WHERE a.id = w.application_id AND w.resolved_at IS NULL;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_open_copies_check"
	CHECK ("work_items"."resolved_at" is not null or "work_items"."application_amount" is not null) NOT VALID;
