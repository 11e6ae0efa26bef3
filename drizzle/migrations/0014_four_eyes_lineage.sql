CREATE TYPE "public"."intervention_kind" AS ENUM('create', 'password_reset', 'enable', 'role_change');--> statement-breakpoint
CREATE TABLE "account_interventions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "account_interventions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"by_user_id" bigint NOT NULL,
	"kind" "intervention_kind" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "pending_role" "role";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "pending_role_by" bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "pending_role_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "activation_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "account_interventions" ADD CONSTRAINT "account_interventions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_interventions" ADD CONSTRAINT "account_interventions_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_interventions_by_idx" ON "account_interventions" USING btree ("by_user_id","user_id");--> statement-breakpoint
CREATE INDEX "account_interventions_user_idx" ON "account_interventions" USING btree ("user_id","by_user_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_pending_role_by_users_id_fk" FOREIGN KEY ("pending_role_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;