CREATE INDEX "callback_deliveries_log_idx" ON "callback_deliveries" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "callback_deliveries_project_log_idx" ON "callback_deliveries" USING btree ("project_id","received_at","id");--> statement-breakpoint
CREATE INDEX "callback_deliveries_payment_log_idx" ON "callback_deliveries" USING btree ("payment_id","received_at","id");--> statement-breakpoint
CREATE INDEX "callback_deliveries_outcome_log_idx" ON "callback_deliveries" USING btree ("outcome","received_at","id");--> statement-breakpoint
CREATE INDEX "callback_quarantine_log_idx" ON "callback_quarantine" USING btree ("received_at","id");