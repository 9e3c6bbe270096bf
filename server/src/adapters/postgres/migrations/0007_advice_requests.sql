CREATE TABLE "advice_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requester_id" text NOT NULL,
	"specialty" text NOT NULL,
	"priority_rank" integer NOT NULL,
	"isbar" jsonb NOT NULL,
	"callback_phone" text,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"rung_attempt" integer DEFAULT 0 NOT NULL,
	"accepted_by" text,
	"room_name" text,
	"requester_video_identity" uuid DEFAULT gen_random_uuid() NOT NULL,
	"specialist_video_identity" uuid DEFAULT gen_random_uuid() NOT NULL,
	"advice_note" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"abandoned_at" timestamp with time zone,
	CONSTRAINT "advice_requests_priority_check" CHECK ("advice_requests"."priority_rank" between 1 and 3),
	CONSTRAINT "advice_requests_status_check" CHECK ("advice_requests"."status" in ('queued', 'ringing', 'connected', 'completed', 'abandoned')),
	CONSTRAINT "advice_requests_mode_check" CHECK ("advice_requests"."mode" in ('video', 'audio', 'callback'))
);
--> statement-breakpoint
CREATE TABLE "advice_ring_attempts" (
	"request_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"person_id" text NOT NULL,
	"level" integer NOT NULL,
	"kind" text NOT NULL,
	"claimed_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"activity_id" text,
	"failure" text,
	"declined_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advice_ring_attempts_request_id_attempt_person_id_pk" PRIMARY KEY("request_id","attempt","person_id"),
	CONSTRAINT "advice_ring_attempts_kind_check" CHECK ("advice_ring_attempts"."kind" in ('ring', 'alarm'))
);
--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_requester_id_people_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_accepted_by_people_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_ring_attempts" ADD CONSTRAINT "advice_ring_attempts_request_id_advice_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."advice_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_ring_attempts" ADD CONSTRAINT "advice_ring_attempts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advice_requests_waiting_idx" ON "advice_requests" USING btree ("specialty","priority_rank","created_at") WHERE "advice_requests"."status" in ('queued', 'ringing');--> statement-breakpoint
CREATE INDEX "advice_requests_completed_idx" ON "advice_requests" USING btree ("specialty","completed_at") WHERE "advice_requests"."status" = 'completed';--> statement-breakpoint
CREATE INDEX "advice_requests_connected_idx" ON "advice_requests" USING btree ("accepted_by") WHERE "advice_requests"."status" = 'connected';--> statement-breakpoint
CREATE INDEX "advice_requests_requester_idx" ON "advice_requests" USING btree ("requester_id","created_at");--> statement-breakpoint
CREATE INDEX "advice_ring_attempts_person_idx" ON "advice_ring_attempts" USING btree ("person_id");