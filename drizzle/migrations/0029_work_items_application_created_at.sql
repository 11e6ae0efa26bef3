-- The application's created_at on its queue items, so that the lists' "needs attention" view pages the open items in the
-- list's own order (created_at, id) from work_items' index instead of probing the queue for every application.
--
-- A BEFORE INSERT trigger copies it from the application (whose created_at never changes), for every writer: the
-- work_queue_sync() trigger, the stuck rule, and the previous build's stuck rule during a rolling deploy, which does
-- not name the column.
ALTER TABLE "work_items" ADD COLUMN "application_created_at" timestamp with time zone;--> statement-breakpoint
CREATE FUNCTION work_item_application_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT a.created_at INTO NEW.application_created_at FROM applications a WHERE a.id = NEW.application_id;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER work_items_application_created_at BEFORE INSERT ON work_items
	FOR EACH ROW EXECUTE FUNCTION work_item_application_created_at();
--> statement-breakpoint
UPDATE work_items w SET application_created_at = a.created_at FROM applications a WHERE a.id = w.application_id;--> statement-breakpoint
-- lint:allow set-not-null: the queue holds one row per application that ever needed a person (a fraction of applications), and the UPDATE above has just rewritten every row in this transaction
ALTER TABLE "work_items" ALTER COLUMN "application_created_at" SET NOT NULL;
