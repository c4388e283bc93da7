CREATE TABLE "attestations" (
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	"receipt_id" bigint NOT NULL,
	"warehouse" text NOT NULL,
	"quantity" numeric(78, 0) NOT NULL,
	"anomaly" integer NOT NULL,
	"report_hash" text NOT NULL,
	"freezes" boolean NOT NULL,
	"attested_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attestations_block_number_log_index_pk" PRIMARY KEY("block_number","log_index")
);
--> statement-breakpoint
CREATE TABLE "chain_events" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" timestamp with time zone NOT NULL,
	"tx_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"contract" text NOT NULL,
	"address" text NOT NULL,
	"name" text NOT NULL,
	"args" jsonb NOT NULL,
	"refs" text[] NOT NULL,
	CONSTRAINT "chain_events_chain_id_block_number_log_index_pk" PRIMARY KEY("chain_id","block_number","log_index")
);
--> statement-breakpoint
CREATE TABLE "credit_lines" (
	"bank" text NOT NULL,
	"counterparty" text NOT NULL,
	"kind" text NOT NULL,
	"limit" numeric(78, 0) NOT NULL,
	"used" numeric(78, 0) NOT NULL,
	"updated_block" bigint NOT NULL,
	CONSTRAINT "credit_lines_bank_counterparty_kind_pk" PRIMARY KEY("bank","counterparty","kind")
);
--> statement-breakpoint
CREATE TABLE "financings" (
	"product" text NOT NULL,
	"id" bigint NOT NULL,
	"asset_type" text NOT NULL,
	"asset_id" bigint NOT NULL,
	"receivable_id" bigint,
	"party" text NOT NULL,
	"bank" text NOT NULL,
	"obligor" text,
	"status" text NOT NULL,
	"requested_amount" numeric(78, 0) NOT NULL,
	"min_advance_bps" integer,
	"max_rate_bps" integer NOT NULL,
	"tenor_days" integer,
	"recourse" boolean,
	"expires_at" timestamp with time zone NOT NULL,
	"advance_bps" integer,
	"rate_bps" integer,
	"cap_bps" integer,
	"principal" numeric(78, 0),
	"discount" numeric(78, 0),
	"price" numeric(78, 0),
	"days_to_maturity" integer,
	"due_at" timestamp with time zone,
	"outstanding" numeric(78, 0) NOT NULL,
	"repaid_principal" numeric(78, 0) NOT NULL,
	"repaid_interest" numeric(78, 0) NOT NULL,
	"amount_due" numeric(78, 0),
	"registry_ref" text,
	"decline_reason" text,
	"requested_at" timestamp with time zone NOT NULL,
	"funded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"requested_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL,
	CONSTRAINT "financings_product_id_pk" PRIMARY KEY("product","id")
);
--> statement-breakpoint
CREATE TABLE "held_payouts" (
	"contract" text NOT NULL,
	"account" text NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"updated_block" bigint NOT NULL,
	CONSTRAINT "held_payouts_contract_account_currency_pk" PRIMARY KEY("contract","account","currency")
);
--> statement-breakpoint
CREATE TABLE "holdings" (
	"holder" text NOT NULL,
	"receivable_id" bigint NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"parts" integer NOT NULL,
	"updated_block" bigint NOT NULL,
	CONSTRAINT "holdings_holder_receivable_id_pk" PRIMARY KEY("holder","receivable_id")
);
--> statement-breakpoint
CREATE TABLE "indexer_cursor" (
	"chain_id" integer PRIMARY KEY NOT NULL,
	"deployment_key" text NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journal" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"block_number" bigint NOT NULL,
	"table_name" text NOT NULL,
	"row_key" jsonb NOT NULL,
	"previous" jsonb
);
--> statement-breakpoint
CREATE TABLE "members" (
	"address" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"roles" integer NOT NULL,
	"status" text NOT NULL,
	"blacklisted" boolean NOT NULL,
	"kyc_ref" text NOT NULL,
	"suspension_reason" text,
	"blacklist_reason" text,
	"admitted_at" timestamp with time zone,
	"admitted_block" bigint,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" bigint PRIMARY KEY NOT NULL,
	"supplier" text NOT NULL,
	"buyer" text NOT NULL,
	"order_number" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"currency" text NOT NULL,
	"delivery_date" timestamp with time zone NOT NULL,
	"payment_term_days" integer NOT NULL,
	"document_hash" text NOT NULL,
	"document_uri" text NOT NULL,
	"status" text NOT NULL,
	"lien_holder" text,
	"receivable_id" bigint,
	"rejection_reason" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receivable_parts" (
	"id" bigint PRIMARY KEY NOT NULL,
	"receivable_id" bigint NOT NULL,
	"parent_id" bigint,
	"depth" integer NOT NULL,
	"holder" text NOT NULL,
	"face" numeric(78, 0) NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receivables" (
	"id" bigint PRIMARY KEY NOT NULL,
	"obligor" text NOT NULL,
	"creditor" text NOT NULL,
	"face" numeric(78, 0) NOT NULL,
	"currency" text NOT NULL,
	"maturity" timestamp with time zone NOT NULL,
	"long_term" boolean NOT NULL,
	"order_id" bigint,
	"invoice_hash" text NOT NULL,
	"invoice_uri" text NOT NULL,
	"status" text NOT NULL,
	"redeemed" numeric(78, 0) NOT NULL,
	"paid_at" timestamp with time zone,
	"paid_by" text,
	"paid_late" boolean,
	"defaulted_by" text,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recent_blocks" (
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	CONSTRAINT "recent_blocks_chain_id_block_number_pk" PRIMARY KEY("chain_id","block_number")
);
--> statement-breakpoint
CREATE TABLE "repayments" (
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	"product" text NOT NULL,
	"financing_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"payer" text,
	"principal" numeric(78, 0) NOT NULL,
	"interest" numeric(78, 0) NOT NULL,
	"to_bank" numeric(78, 0) NOT NULL,
	"to_party" numeric(78, 0) NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	CONSTRAINT "repayments_block_number_log_index_financing_id_pk" PRIMARY KEY("block_number","log_index","financing_id")
);
--> statement-breakpoint
CREATE TABLE "token_balances" (
	"token" text NOT NULL,
	"account" text NOT NULL,
	"currency" text NOT NULL,
	"balance" numeric(78, 0) NOT NULL,
	"updated_block" bigint NOT NULL,
	CONSTRAINT "token_balances_token_account_pk" PRIMARY KEY("token","account")
);
--> statement-breakpoint
CREATE TABLE "warehouse_receipts" (
	"id" bigint PRIMARY KEY NOT NULL,
	"warehouse" text NOT NULL,
	"owner" text NOT NULL,
	"lot" text NOT NULL,
	"goods" text NOT NULL,
	"quantity" numeric(78, 0) NOT NULL,
	"unit" text NOT NULL,
	"valuation" numeric(78, 0) NOT NULL,
	"currency" text NOT NULL,
	"document_hash" text NOT NULL,
	"document_uri" text NOT NULL,
	"status" text NOT NULL,
	"pledgee" text,
	"pledged_quantity" numeric(78, 0),
	"frozen" boolean NOT NULL,
	"last_attested_quantity" numeric(78, 0),
	"issued_at" timestamp with time zone NOT NULL,
	"issued_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "attestations_receipt_idx" ON "attestations" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "chain_events_refs_idx" ON "chain_events" USING gin ("refs");--> statement-breakpoint
CREATE INDEX "chain_events_name_idx" ON "chain_events" USING btree ("name");--> statement-breakpoint
CREATE INDEX "credit_lines_cp_idx" ON "credit_lines" USING btree ("counterparty");--> statement-breakpoint
CREATE INDEX "financings_party_idx" ON "financings" USING btree ("party");--> statement-breakpoint
CREATE INDEX "financings_bank_idx" ON "financings" USING btree ("bank");--> statement-breakpoint
CREATE INDEX "financings_asset_idx" ON "financings" USING btree ("asset_type","asset_id");--> statement-breakpoint
CREATE INDEX "financings_receivable_idx" ON "financings" USING btree ("receivable_id");--> statement-breakpoint
CREATE INDEX "holdings_receivable_idx" ON "holdings" USING btree ("receivable_id");--> statement-breakpoint
CREATE INDEX "journal_block_idx" ON "journal" USING btree ("block_number");--> statement-breakpoint
CREATE INDEX "members_org_idx" ON "members" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "purchase_orders_supplier_idx" ON "purchase_orders" USING btree ("supplier");--> statement-breakpoint
CREATE INDEX "purchase_orders_buyer_idx" ON "purchase_orders" USING btree ("buyer");--> statement-breakpoint
CREATE INDEX "purchase_orders_status_idx" ON "purchase_orders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "receivable_parts_receivable_idx" ON "receivable_parts" USING btree ("receivable_id");--> statement-breakpoint
CREATE INDEX "receivable_parts_parent_idx" ON "receivable_parts" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "receivable_parts_holder_idx" ON "receivable_parts" USING btree ("holder");--> statement-breakpoint
CREATE INDEX "receivables_obligor_idx" ON "receivables" USING btree ("obligor");--> statement-breakpoint
CREATE INDEX "receivables_creditor_idx" ON "receivables" USING btree ("creditor");--> statement-breakpoint
CREATE INDEX "receivables_maturity_idx" ON "receivables" USING btree ("maturity");--> statement-breakpoint
CREATE INDEX "repayments_financing_idx" ON "repayments" USING btree ("product","financing_id");--> statement-breakpoint
CREATE INDEX "token_balances_account_idx" ON "token_balances" USING btree ("account");--> statement-breakpoint
CREATE INDEX "warehouse_receipts_owner_idx" ON "warehouse_receipts" USING btree ("owner");--> statement-breakpoint
CREATE INDEX "warehouse_receipts_warehouse_idx" ON "warehouse_receipts" USING btree ("warehouse");--> statement-breakpoint
CREATE INDEX "warehouse_receipts_pledgee_idx" ON "warehouse_receipts" USING btree ("pledgee");