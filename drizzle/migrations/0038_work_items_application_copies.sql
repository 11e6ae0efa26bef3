-- The application's amount and HighHelp status on its queue items, so that the lists' "needs attention" view counts
-- and sums its open items (capped) from work_items alone, with no application read per item, also when filtered by
-- status.
--
-- Unlike created_at and currency, both change: HighHelp moves the status and sends a new amount with
-- dispute:different_amount. The BEFORE INSERT trigger of migration 0029 copies them on insert, for every writer; an
-- AFTER UPDATE trigger on applications carries each change to the application's items in the same transaction, for
-- every writer too, the previous build's during a rolling deploy included.
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
UPDATE work_items w SET application_amount = a.amount, application_status = a.status FROM applications a WHERE a.id = w.application_id;--> statement-breakpoint
-- lint:allow set-not-null: the queue holds one row per application that ever needed a person (a fraction of applications), and the UPDATE above has just rewritten every row in this transaction
ALTER TABLE "work_items" ALTER COLUMN "application_amount" SET NOT NULL;
