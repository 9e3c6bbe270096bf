CREATE TABLE "emergency_call_alerts" (
	"call_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"kind" text NOT NULL,
	"conversation_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"shown_status" text DEFAULT 'ringing' NOT NULL,
	CONSTRAINT "emergency_call_alerts_call_id_person_id_kind_pk" PRIMARY KEY("call_id","person_id","kind")
);
--> statement-breakpoint
CREATE TABLE "emergency_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requested_by" text NOT NULL,
	"isbar" jsonb,
	"vitals" jsonb,
	"news2_total" integer,
	"triage" text,
	"status" text DEFAULT 'ringing' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"first_alert_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answered_by" text,
	"connected_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"outcome" text,
	"room_name" text,
	"escalated_at" timestamp with time zone,
	CONSTRAINT "emergency_calls_answered_has_answerer" CHECK ("emergency_calls"."status" = 'ringing' or "emergency_calls"."status" = 'ended' or "emergency_calls"."answered_by" is not null)
);
--> statement-breakpoint
ALTER TABLE "emergency_call_alerts" ADD CONSTRAINT "emergency_call_alerts_call_id_emergency_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."emergency_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_calls" ADD CONSTRAINT "emergency_calls_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_calls" ADD CONSTRAINT "emergency_calls_answered_by_people_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_calls_requested_at_idx" ON "emergency_calls" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "emergency_calls_open_idx" ON "emergency_calls" USING btree ("requested_at") WHERE "emergency_calls"."status" <> 'ended';