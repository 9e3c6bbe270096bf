CREATE TABLE "roster_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"specialty" text NOT NULL,
	"person_id" text NOT NULL,
	"level" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster_shifts_level_check" CHECK ("roster_shifts"."level" between 1 and 3),
	CONSTRAINT "roster_shifts_interval_check" CHECK ("roster_shifts"."ends_at" > "roster_shifts"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "roster_shifts" ADD CONSTRAINT "roster_shifts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roster_shifts_specialty_starts_idx" ON "roster_shifts" USING btree ("specialty","starts_at");