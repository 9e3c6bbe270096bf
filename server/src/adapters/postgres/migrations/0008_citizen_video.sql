CREATE TABLE "citizen_video_invites" (
	"session_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"invited_by" text NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	CONSTRAINT "citizen_video_invites_session_id_person_id_pk" PRIMARY KEY("session_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "citizen_video_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"token_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"exchanged_at" timestamp with time zone,
	CONSTRAINT "citizen_video_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "citizen_video_photos" (
	"session_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "citizen_video_photos_session_id_n_pk" PRIMARY KEY("session_id","n")
);
--> statement-breakpoint
CREATE TABLE "citizen_video_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_by" text NOT NULL,
	"phone" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"exchanged_at" timestamp with time zone,
	"session_hash" text,
	"session_expires_at" timestamp with time zone,
	"consented_at" timestamp with time zone,
	"location" jsonb,
	"video_connected_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"room_name" text,
	CONSTRAINT "citizen_video_sessions_session_hash_unique" UNIQUE("session_hash")
);
--> statement-breakpoint
ALTER TABLE "citizen_video_invites" ADD CONSTRAINT "citizen_video_invites_session_id_citizen_video_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."citizen_video_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_video_invites" ADD CONSTRAINT "citizen_video_invites_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_video_links" ADD CONSTRAINT "citizen_video_links_session_id_citizen_video_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."citizen_video_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_video_photos" ADD CONSTRAINT "citizen_video_photos_session_id_citizen_video_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."citizen_video_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "citizen_video_sessions_created_idx" ON "citizen_video_sessions" USING btree ("created_at");