CREATE TYPE "public"."shipping_zone" AS ENUM('caba', 'buenos_aires', 'centro', 'litoral', 'norte', 'cuyo', 'patagonia');--> statement-breakpoint
CREATE TABLE "shipping_rate" (
	"zone" "shipping_zone" PRIMARY KEY NOT NULL,
	"rate_minor" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_rate_non_negative" CHECK ("shipping_rate"."rate_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "shipping_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"free_over_minor" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_settings_single_row" CHECK ("shipping_settings"."id" = 1),
	CONSTRAINT "shipping_settings_free_over_positive" CHECK ("shipping_settings"."free_over_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "order" ADD COLUMN "province" text;--> statement-breakpoint
ALTER TABLE "order" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "order" ADD COLUMN "tax_id" text;--> statement-breakpoint
ALTER TABLE "order" ADD COLUMN "shipping_zone" "shipping_zone";--> statement-breakpoint
ALTER TABLE "order" ADD COLUMN "shipping_minor" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_shipping_non_negative" CHECK ("order"."shipping_minor" >= 0);--> statement-breakpoint
-- Demo defaults, so checkout charges shipping from the first start; staff change them at /admin/shipping.
INSERT INTO "shipping_rate" ("zone", "rate_minor") VALUES
	('caba', 450000), ('buenos_aires', 590000), ('centro', 690000), ('litoral', 790000),
	('norte', 850000), ('cuyo', 790000), ('patagonia', 990000)
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "shipping_settings" ("id", "free_over_minor") VALUES (1, 10000000) ON CONFLICT DO NOTHING;
