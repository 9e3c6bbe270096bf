CREATE TABLE "advice_queue_lanes" (
	"specialty" text NOT NULL,
	"priority_rank" integer NOT NULL,
	"issued" bigint NOT NULL,
	CONSTRAINT "advice_queue_lanes_specialty_priority_rank_pk" PRIMARY KEY("specialty","priority_rank")
);
--> statement-breakpoint
DROP INDEX "advice_requests_waiting_idx";--> statement-breakpoint
ALTER TABLE "advice_requests" ADD COLUMN "queue_ticket" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "advice_requests_left_queue_idx" ON "advice_requests" USING btree ("specialty","priority_rank","queue_ticket") WHERE "advice_requests"."status" not in ('queued', 'ringing');--> statement-breakpoint
CREATE INDEX "advice_requests_waiting_idx" ON "advice_requests" USING btree ("specialty","priority_rank","queue_ticket") WHERE "advice_requests"."status" in ('queued', 'ringing');--> statement-breakpoint
-- Requests made before tickets: numbered by arrival within their lane, and the lanes told how far they got.
UPDATE "advice_requests" r SET "queue_ticket" = n.ticket
FROM (SELECT "id", row_number() OVER (PARTITION BY "specialty", "priority_rank" ORDER BY "created_at", "id") AS ticket FROM "advice_requests") n
WHERE r."id" = n."id";--> statement-breakpoint
INSERT INTO "advice_queue_lanes" ("specialty", "priority_rank", "issued")
SELECT "specialty", "priority_rank", max("queue_ticket") FROM "advice_requests" GROUP BY "specialty", "priority_rank";--> statement-breakpoint
-- Every new request takes the next ticket of its lane, whoever inserts it. The lane's row stays
-- locked until the insert commits, so tickets follow commit order and a rollback leaves no gap.
CREATE OR REPLACE FUNCTION advice_requests_take_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO advice_queue_lanes AS l (specialty, priority_rank, issued)
  VALUES (NEW.specialty, NEW.priority_rank, 1)
  ON CONFLICT (specialty, priority_rank) DO UPDATE SET issued = l.issued + 1
  RETURNING l.issued INTO NEW.queue_ticket;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER advice_requests_queue_ticket
  BEFORE INSERT ON advice_requests
  FOR EACH ROW EXECUTE FUNCTION advice_requests_take_ticket();--> statement-breakpoint
-- A request keeps its lane and its ticket: the arithmetic behind queue positions depends on it.
CREATE OR REPLACE FUNCTION advice_requests_keep_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.specialty IS DISTINCT FROM OLD.specialty OR NEW.priority_rank IS DISTINCT FROM OLD.priority_rank OR NEW.queue_ticket IS DISTINCT FROM OLD.queue_ticket THEN
    RAISE EXCEPTION 'an advice request keeps its specialty, priority and queue ticket' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER advice_requests_ticket_unchanged
  BEFORE UPDATE ON advice_requests
  FOR EACH ROW EXECUTE FUNCTION advice_requests_keep_ticket();--> statement-breakpoint
-- Deleting a request would leave a hole in its lane's numbers.
CREATE OR REPLACE FUNCTION advice_requests_refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'advice requests are kept: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER advice_requests_no_delete
  BEFORE DELETE ON advice_requests
  FOR EACH ROW EXECUTE FUNCTION advice_requests_refuse_delete();
