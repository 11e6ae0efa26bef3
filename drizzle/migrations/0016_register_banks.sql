CREATE TABLE "register_banks" (
	"project_id" text PRIMARY KEY NOT NULL,
	"banks" jsonb NOT NULL,
	"fetched_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "register_banks" ADD CONSTRAINT "register_banks_project_id_registers_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."registers"("project_id") ON DELETE cascade ON UPDATE cascade;