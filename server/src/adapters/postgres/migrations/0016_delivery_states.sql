CREATE TABLE "consultation_deliveries" (
	"key" text PRIMARY KEY NOT NULL,
	"consultation_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"provider_ref" text,
	"reason" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_deliveries" ADD CONSTRAINT "consultation_deliveries_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_deliveries_consultation_idx" ON "consultation_deliveries" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "consultation_deliveries_provider_idx" ON "consultation_deliveries" USING btree ("channel","provider_ref");