ALTER TABLE "callback_deliveries" DROP CONSTRAINT "callback_deliveries_application_id_applications_id_fk";
--> statement-breakpoint
ALTER TABLE "status_events" DROP CONSTRAINT "status_events_callback_delivery_id_callback_deliveries_id_fk";
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "card_data_masked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_events" ADD CONSTRAINT "status_events_callback_delivery_id_callback_deliveries_id_fk" FOREIGN KEY ("callback_delivery_id") REFERENCES "public"."callback_deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_card_data_unmasked_idx" ON "applications" USING btree ((coalesce("last_event_at", "updated_at")),"id") WHERE "applications"."card_data_masked_at" is null and "applications"."status" in ('success', 'decline');--> statement-breakpoint
-- A copy that arrives after an application's card data was masked (a repeated or late callback, a
-- late event) makes the application due again, so that the masking job masks that copy too.
CREATE FUNCTION card_data_due_again() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE applications SET card_data_masked_at = NULL WHERE id = NEW.application_id AND card_data_masked_at IS NOT NULL;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER status_events_card_data_due AFTER INSERT ON status_events
  FOR EACH ROW EXECUTE FUNCTION card_data_due_again();--> statement-breakpoint
CREATE TRIGGER callback_deliveries_card_data_due AFTER INSERT OR UPDATE OF application_id ON callback_deliveries
  FOR EACH ROW WHEN (NEW.application_id IS NOT NULL) EXECUTE FUNCTION card_data_due_again();--> statement-breakpoint
CREATE FUNCTION applications_card_data_due_again() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.card_data_masked_at := NULL;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER applications_card_data_due BEFORE UPDATE OF requisites, display_data ON applications
  FOR EACH ROW WHEN (
    OLD.card_data_masked_at IS NOT NULL AND NEW.card_data_masked_at IS NOT DISTINCT FROM OLD.card_data_masked_at
    AND (NEW.requisites IS DISTINCT FROM OLD.requisites OR NEW.display_data IS DISTINCT FROM OLD.display_data)
  ) EXECUTE FUNCTION applications_card_data_due_again();
