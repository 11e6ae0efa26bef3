ALTER TYPE "public"."submission_state" ADD VALUE 'absent';--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "receiver_pan_fingerprint" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "resend_of" bigint;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_resend_of_applications_id_fk" FOREIGN KEY ("resend_of") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_resend_of_key" ON "applications" USING btree ("resend_of") WHERE "applications"."resend_of" is not null;