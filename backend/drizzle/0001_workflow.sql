CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text,
	"actor_roles" integer,
	"action" text NOT NULL,
	"detail" jsonb NOT NULL,
	"result" text NOT NULL,
	"error" text,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "auth_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"chain_id" integer NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "document_keys" (
	"document_id" text NOT NULL,
	"party" text NOT NULL,
	"ephemeral_public_key" text NOT NULL,
	"iv" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_keys_document_id_party_pk" PRIMARY KEY("document_id","party")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"cid" text NOT NULL,
	"commitment" text NOT NULL,
	"ciphertext_sha256" text NOT NULL,
	"owner" text NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_keys" (
	"address" text PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "auth_sessions_address_idx" ON "auth_sessions" USING btree ("address");--> statement-breakpoint
CREATE INDEX "document_keys_party_idx" ON "document_keys" USING btree ("party");--> statement-breakpoint
CREATE INDEX "documents_owner_idx" ON "documents" USING btree ("owner");--> statement-breakpoint
CREATE INDEX "documents_cid_idx" ON "documents" USING btree ("cid");