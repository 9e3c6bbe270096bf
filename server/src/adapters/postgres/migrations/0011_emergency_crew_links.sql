CREATE TABLE "emergency_crew_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"invited_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token_hash" text,
	"sent_at" timestamp with time zone,
	"exchanged_at" timestamp with time zone,
	"session_hash" text,
	"session_expires_at" timestamp with time zone,
	"joined_at" timestamp with time zone,
	CONSTRAINT "emergency_crew_links_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "emergency_crew_links_session_hash_unique" UNIQUE("session_hash")
);
--> statement-breakpoint
ALTER TABLE "emergency_crew_links" ADD CONSTRAINT "emergency_crew_links_call_id_emergency_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."emergency_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_crew_links_call_idx" ON "emergency_crew_links" USING btree ("call_id","created_at");