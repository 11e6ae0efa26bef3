-- The application's currency on its queue items, so that the lists' "needs attention" view of one currency reads its
-- open items from work_items' own index, with no application read for the rows it leaves out.
--
-- The BEFORE INSERT trigger of migration 0029 now copies it too (an application's currency never changes), for every
-- writer: the work_queue_sync() trigger, the stuck rule, and the previous build's stuck rule during a rolling deploy.
ALTER TABLE "work_items" ADD COLUMN "application_currency" text;--> statement-breakpoint
CREATE OR REPLACE FUNCTION work_item_application_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT a.created_at, a.currency INTO NEW.application_created_at, NEW.application_currency
		FROM applications a WHERE a.id = NEW.application_id;
	RETURN NEW;
END
$$;
--> statement-breakpoint
UPDATE work_items w SET application_currency = a.currency FROM applications a WHERE a.id = w.application_id;--> statement-breakpoint
-- lint:allow set-not-null: the queue holds one row per application that ever needed a person (a fraction of applications), and the UPDATE above has just rewritten every row in this transaction
ALTER TABLE "work_items" ALTER COLUMN "application_currency" SET NOT NULL;
