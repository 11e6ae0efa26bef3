CREATE TYPE "public"."register_algorithm" AS ENUM('rsa', 'hmac');--> statement-breakpoint
CREATE TYPE "public"."register_status" AS ENUM('active', 'disabled');--> statement-breakpoint
CREATE TABLE "register_alert_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "register_alert_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"register_id" bigint NOT NULL,
	"algorithm" "register_algorithm" NOT NULL,
	"key_encrypted" text NOT NULL,
	"fingerprint" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retires_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	CONSTRAINT "register_alert_keys_key_sealed" CHECK ("register_alert_keys"."key_encrypted" ~ '^v1:[0-9a-f]{12}:')
);
--> statement-breakpoint
CREATE TABLE "registers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"project_id" text NOT NULL,
	"api_url" text NOT NULL,
	"request_algorithm" "register_algorithm" NOT NULL,
	"request_key_encrypted" text NOT NULL,
	"request_key_fingerprint" text NOT NULL,
	"signature_profile" text,
	"currencies" text[] DEFAULT '{}'::text[] NOT NULL,
	"methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "register_status" DEFAULT 'active' NOT NULL,
	"callback_token" text NOT NULL,
	"created_by" bigint,
	"updated_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registers_request_key_sealed" CHECK ("registers"."request_key_encrypted" ~ '^v1:[0-9a-f]{12}:')
);
--> statement-breakpoint
ALTER TABLE "register_alert_keys" ADD CONSTRAINT "register_alert_keys_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "register_alert_keys_register_idx" ON "register_alert_keys" USING btree ("register_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registers_project_id_key" ON "registers" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registers_callback_token_key" ON "registers" USING btree ("callback_token");