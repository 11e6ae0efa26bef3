ALTER TABLE "callback_deliveries" DROP CONSTRAINT "callback_deliveries_application_id_applications_id_fk";
--> statement-breakpoint
ALTER TABLE "status_events" DROP CONSTRAINT "status_events_callback_delivery_id_callback_deliveries_id_fk";
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "card_data_masked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_events" ADD CONSTRAINT "status_events_callback_delivery_id_callback_deliveries_id_fk" FOREIGN KEY ("callback_delivery_id") REFERENCES "public"."callback_deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_card_data_unmasked_idx" ON "applications" USING btree ((coalesce("last_event_at", "updated_at")),"id") WHERE "applications"."card_data_masked_at" is null and "applications"."status" in ('success', 'decline');