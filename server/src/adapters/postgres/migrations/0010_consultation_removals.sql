CREATE TABLE "consultation_removals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consultation_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"role" text NOT NULL,
	"person_id" text,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_removals" ADD CONSTRAINT "consultation_removals_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_removals_consultation_idx" ON "consultation_removals" USING btree ("consultation_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "advice_requests_room_name_key" ON "advice_requests" USING btree ("room_name");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_video_sessions_room_name_key" ON "citizen_video_sessions" USING btree ("room_name");--> statement-breakpoint
CREATE UNIQUE INDEX "consultations_room_name_key" ON "consultations" USING btree ("room_name");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_calls_room_name_key" ON "emergency_calls" USING btree ("room_name");