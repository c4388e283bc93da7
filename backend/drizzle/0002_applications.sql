CREATE TABLE "application_decisions" (
	"application_id" bigint NOT NULL,
	"bank" text NOT NULL,
	"status" text NOT NULL,
	"advance_bps" integer,
	"rate_bps" integer,
	"ltv_bps" integer,
	"with_recourse" boolean,
	"amount" numeric(78, 0),
	"quote" jsonb,
	"reason" text,
	"decided_at" timestamp with time zone,
	"financing_id" bigint,
	"financing_status" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "application_decisions_application_id_bank_pk" PRIMARY KEY("application_id","bank")
);
--> statement-breakpoint
CREATE TABLE "application_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"bank" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "financing_applications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product" text NOT NULL,
	"applicant" text NOT NULL,
	"asset_type" text NOT NULL,
	"asset_id" bigint NOT NULL,
	"amount" numeric(78, 0),
	"min_advance_bps" integer,
	"max_rate_bps" integer NOT NULL,
	"recourse_accepted" boolean,
	"tenor_days" integer,
	"document_ids" text[] NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"quote" jsonb,
	"financing_product" text,
	"financing_id" bigint,
	"executed_bank" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "application_decisions_bank_idx" ON "application_decisions" USING btree ("bank","status");--> statement-breakpoint
CREATE INDEX "application_history_application_idx" ON "application_history" USING btree ("application_id","id");--> statement-breakpoint
CREATE INDEX "financing_applications_applicant_idx" ON "financing_applications" USING btree ("applicant");--> statement-breakpoint
CREATE INDEX "financing_applications_status_idx" ON "financing_applications" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "financing_applications_open_asset_idx" ON "financing_applications" USING btree ("asset_type","asset_id") WHERE status in ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED');