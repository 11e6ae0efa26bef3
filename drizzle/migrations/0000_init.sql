CREATE TYPE "public"."application_type" AS ENUM('payin', 'payout');--> statement-breakpoint
CREATE TYPE "public"."callback_outcome" AS ENUM('received', 'applied', 'duplicate', 'recorded', 'rejected_signature', 'rejected_body', 'failed');--> statement-breakpoint
CREATE TYPE "public"."event_source" AS ENUM('api_response', 'callback', 'poll', 'user_action');--> statement-breakpoint
CREATE TYPE "public"."integration" AS ENUM('h2h', 'h2c');--> statement-breakpoint
CREATE TYPE "public"."product" AS ENUM('p2p', 'ecom');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('viewer', 'operator', 'admin');--> statement-breakpoint
CREATE TYPE "public"."status" AS ENUM('processing', 'dispute', 'error', 'success', 'decline');--> statement-breakpoint
CREATE TYPE "public"."submission_state" AS ENUM('awaiting_approval', 'ready', 'sending', 'sent', 'unknown', 'refused', 'external');--> statement-breakpoint
CREATE TABLE "applications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" text NOT NULL,
	"payment_id" text NOT NULL,
	"request_id" text,
	"type" "application_type" NOT NULL,
	"product" "product" NOT NULL,
	"integration" "integration" NOT NULL,
	"method" text,
	"widget_method" text,
	"payment_system" text,
	"amount" bigint NOT NULL,
	"old_amount" bigint,
	"initial_amount" bigint,
	"currency" text NOT NULL,
	"status" "status",
	"sub_status" text,
	"status_description" text,
	"submission" "submission_state" DEFAULT 'ready' NOT NULL,
	"form_url" text,
	"redirect_url" text,
	"display_data" jsonb,
	"requisites" jsonb,
	"sender_pan_masked" text,
	"sender_card_holder" text,
	"receiver_pan_masked" text,
	"receiver_phone" text,
	"receiver_card_holder" text,
	"card_last4" text,
	"customer_id" text,
	"customer" jsonb,
	"description" text,
	"extra_param" text,
	"bank_symbol" text,
	"lifetime" integer,
	"expires_at" timestamp with time zone,
	"created_by" bigint,
	"approved_by" bigint,
	"approved_at" timestamp with time zone,
	"gateway_created_at" timestamp with time zone,
	"gateway_updated_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"next_poll_at" timestamp with time zone,
	"poll_attempts" integer DEFAULT 0 NOT NULL,
	"poll_lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_amount_positive" CHECK ("applications"."amount" > 0),
	CONSTRAINT "applications_no_full_pan" CHECK (coalesce("applications"."sender_pan_masked", '') !~ '[0-9]{13,}' and coalesce("applications"."receiver_pan_masked", '') !~ '[0-9]{13,}')
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" bigint,
	"actor_email" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"application_id" bigint,
	"ip_address" text,
	"user_agent" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "callback_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "callback_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text,
	"remote_addr" text,
	"raw_body" text NOT NULL,
	"signature_header" text,
	"timestamp_header" text,
	"merchant_id_header" text,
	"headers" jsonb,
	"signature_verified" boolean,
	"outcome" "callback_outcome" DEFAULT 'received' NOT NULL,
	"error" text,
	"project_id" text,
	"payment_id" text,
	"application_id" bigint,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "status_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "status_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"application_id" bigint NOT NULL,
	"status" "status" NOT NULL,
	"sub_status" text,
	"status_description" text,
	"amount" bigint,
	"old_amount" bigint,
	"initial_amount" bigint,
	"source" "event_source" NOT NULL,
	"idempotency_key" text NOT NULL,
	"applied" boolean DEFAULT true NOT NULL,
	"payload" jsonb,
	"callback_delivery_id" bigint,
	"actor_user_id" bigint,
	"gateway_updated_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"password_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"session_version" integer DEFAULT 1 NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_events" ADD CONSTRAINT "status_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_events" ADD CONSTRAINT "status_events_callback_delivery_id_callback_deliveries_id_fk" FOREIGN KEY ("callback_delivery_id") REFERENCES "public"."callback_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_events" ADD CONSTRAINT "status_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_project_payment_key" ON "applications" USING btree ("project_id","payment_id");--> statement-breakpoint
CREATE INDEX "applications_type_created_idx" ON "applications" USING btree ("type","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "applications_status_idx" ON "applications" USING btree ("status","sub_status");--> statement-breakpoint
CREATE INDEX "applications_payment_id_idx" ON "applications" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "applications_request_id_idx" ON "applications" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "applications_customer_id_idx" ON "applications" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "applications_card_last4_idx" ON "applications" USING btree ("card_last4");--> statement-breakpoint
CREATE INDEX "applications_next_poll_idx" ON "applications" USING btree ("next_poll_at") WHERE "applications"."next_poll_at" is not null;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_application_idx" ON "audit_log" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "callback_deliveries_application_idx" ON "callback_deliveries" USING btree ("application_id","received_at");--> statement-breakpoint
CREATE INDEX "callback_deliveries_received_idx" ON "callback_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "status_events_idempotency_key" ON "status_events" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "status_events_application_idx" ON "status_events" USING btree ("application_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));