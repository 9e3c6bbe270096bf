ALTER TABLE "advice_requests" ADD COLUMN "status_conversation_id" text;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD COLUMN "status_activity_id" text;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD COLUMN "status_shown" text;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD COLUMN "status_claimed_until" timestamp with time zone;