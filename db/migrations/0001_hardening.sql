CREATE TYPE "public"."refund_reason" AS ENUM('sold_out', 'expired', 'superseded', 'duplicate', 'mismatch', 'unmatched');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('pending', 'refunded');--> statement-breakpoint
ALTER TYPE "public"."order_status" ADD VALUE 'superseded';--> statement-breakpoint
ALTER TYPE "public"."payment_status" ADD VALUE 'superseded';--> statement-breakpoint
CREATE TABLE "rate_limit" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refund" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mercado_pago_payment_id" text NOT NULL,
	"payment_id" uuid,
	"order_id" integer,
	"reason" "refund_reason" NOT NULL,
	"status" "refund_status" DEFAULT 'pending' NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"mercado_pago_refund_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refunded_at" timestamp with time zone,
	CONSTRAINT "refund_mercadoPagoPaymentId_unique" UNIQUE("mercado_pago_payment_id")
);
--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "link_expired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_payment_id_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."order"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refund_due_idx" ON "refund" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "refund_order_idx" ON "refund" USING btree ("order_id");--> statement-breakpoint
-- Refunds the previous release owed (orders left refund_pending) become records the refund job retries.
INSERT INTO "refund" ("mercado_pago_payment_id", "payment_id", "order_id", "reason", "amount_minor", "currency")
SELECT p."mercado_pago_payment_id", p."id", o."id", 'sold_out', p."amount_minor", p."currency"
FROM "order" o JOIN "payment" p ON p."order_id" = o."id"
WHERE o."status" = 'refund_pending' AND p."status" = 'approved' AND p."mercado_pago_payment_id" IS NOT NULL
ON CONFLICT DO NOTHING;
