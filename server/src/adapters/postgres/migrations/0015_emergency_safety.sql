-- Invites made before delivery was recorded stay 'pending': Samrom does not know what Teams answered for them.
ALTER TABLE "emergency_call_invites" ADD COLUMN "delivery" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "emergency_calls" ADD COLUMN "ended_by" text;--> statement-breakpoint
ALTER TABLE "emergency_crew_links" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "emergency_calls" ADD CONSTRAINT "emergency_calls_ended_by_people_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;
