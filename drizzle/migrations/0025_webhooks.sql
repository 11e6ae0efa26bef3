CREATE TYPE "public"."webhook_delivery_state" AS ENUM('pending', 'delivered', 'failed', 'discarded');--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"application_id" bigint,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" "webhook_delivery_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"url" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret_created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_settings_single_row" CHECK ("webhook_settings"."id" = 1),
	CONSTRAINT "webhook_settings_url_length" CHECK (length("webhook_settings"."url") <= 2048)
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_settings" ADD CONSTRAINT "webhook_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_key" ON "webhook_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at","id") WHERE "webhook_deliveries"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_attempted_idx" ON "webhook_deliveries" USING btree ("last_attempt_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "webhook_deliveries"."last_attempt_at" is not null;--> statement-breakpoint
-- The webhook's outbox is written in the statement that writes the notifications, so an event commits with its
-- notifications or not at all, and a crash between the two cannot lose it. One event per cause: a statement that
-- notifies several people (every admin of a waiting payout) makes one event, not one per recipient. Nothing is
-- written while no webhook is enabled.
CREATE FUNCTION webhook_outbox_from_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM webhook_settings WHERE enabled) THEN
		RETURN NULL;
	END IF;
	INSERT INTO webhook_deliveries (type, application_id, payload, occurred_at)
	SELECT n.kind::text, n.application_id,
		n.payload || jsonb_build_object('paymentId', a.payment_id)
			|| CASE WHEN n.kind = 'item_assigned' THEN jsonb_build_object('to', min(u.email)) ELSE '{}'::jsonb END,
		min(n.created_at)
	FROM new_notifications n
	JOIN users u ON u.id = n.user_id
	LEFT JOIN applications a ON a.id = n.application_id
	GROUP BY n.kind, n.application_id, n.payload, a.payment_id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER notifications_webhook_outbox AFTER INSERT ON notifications
	REFERENCING NEW TABLE AS new_notifications
	FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox_from_notifications();
