CREATE TABLE "callback_quarantine" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "callback_quarantine_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"remote_addr" text,
	"kind" text,
	"signature_header" text,
	"headers" jsonb,
	"body_sha256" text NOT NULL,
	"body_bytes" integer NOT NULL,
	"body_head" text NOT NULL,
	"reason" text NOT NULL,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"lease_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "callback_quarantine_received_idx" ON "callback_quarantine" USING btree ("received_at");