CREATE TABLE "consultation_attendance" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consultation_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "consultation_summaries" (
	"consultation_id" uuid PRIMARY KEY NOT NULL,
	"isbar" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"next_meeting" text,
	"written_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guest_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"consultation_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exchanged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "guest_sessions" (
	"session_hash" text PRIMARY KEY NOT NULL,
	"consultation_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_participants" ADD COLUMN "video_identity" text;--> statement-breakpoint
ALTER TABLE "consultation_participants" ADD COLUMN "lobby_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consultation_participants" ADD COLUMN "admitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consultation_participants" ADD COLUMN "admitted_by" text;--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "room_name" text;--> statement-breakpoint
ALTER TABLE "consultation_attendance" ADD CONSTRAINT "consultation_attendance_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_attendance" ADD CONSTRAINT "consultation_attendance_participant_id_consultation_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."consultation_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_summaries" ADD CONSTRAINT "consultation_summaries_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_links" ADD CONSTRAINT "guest_links_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_links" ADD CONSTRAINT "guest_links_participant_id_consultation_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."consultation_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_sessions" ADD CONSTRAINT "guest_sessions_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_sessions" ADD CONSTRAINT "guest_sessions_participant_id_consultation_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."consultation_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_attendance_consultation_idx" ON "consultation_attendance" USING btree ("consultation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_attendance_open_key" ON "consultation_attendance" USING btree ("participant_id") WHERE "consultation_attendance"."left_at" is null;--> statement-breakpoint
CREATE INDEX "guest_links_participant_idx" ON "guest_links" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "guest_sessions_participant_idx" ON "guest_sessions" USING btree ("participant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_participants_video_identity_key" ON "consultation_participants" USING btree ("video_identity");