CREATE TABLE "application_rollup_contributions" (
	"application_id" bigint PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"project_id" text NOT NULL,
	"type" "application_type" NOT NULL,
	"product" "product" NOT NULL,
	"method" text NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_rollups" (
	"day" date NOT NULL,
	"project_id" text NOT NULL,
	"type" "application_type" NOT NULL,
	"product" "product" NOT NULL,
	"method" text NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"count" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "application_rollups_pkey" PRIMARY KEY("day","project_id","type","product","method","currency","status")
);
--> statement-breakpoint
CREATE TABLE "job_watermarks" (
	"name" text PRIMARY KEY NOT NULL,
	"position_at" timestamp with time zone NOT NULL,
	"position_id" bigint DEFAULT 0 NOT NULL,
	"complete_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "application_rollups_empty_idx" ON "application_rollups" USING btree ("day") WHERE "application_rollups"."count" = 0;