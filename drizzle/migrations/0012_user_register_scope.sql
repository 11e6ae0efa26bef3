CREATE TYPE "public"."register_scope" AS ENUM('all', 'some');--> statement-breakpoint
CREATE TABLE "user_registers" (
	"user_id" bigint NOT NULL,
	"register_id" bigint NOT NULL,
	CONSTRAINT "user_registers_user_id_register_id_pk" PRIMARY KEY("user_id","register_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "register_scope" "register_scope" DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "user_registers" ADD CONSTRAINT "user_registers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_registers" ADD CONSTRAINT "user_registers_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_registers_register_idx" ON "user_registers" USING btree ("register_id");