CREATE TABLE "emergency_call_invites" (
	"call_id" uuid NOT NULL,
	"person_id" text NOT NULL,
	"invited_by" text NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_call_invites_call_id_person_id_pk" PRIMARY KEY("call_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "emergency_call_invites" ADD CONSTRAINT "emergency_call_invites_call_id_emergency_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."emergency_calls"("id") ON DELETE cascade ON UPDATE no action;