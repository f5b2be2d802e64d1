CREATE INDEX "order_status_fulfilment_idx" ON "order" USING btree ("status","fulfilment","created_at");--> statement-breakpoint
-- Staff filter orders by status and fulfilment together, and the two are far from independent: an
-- order is packed or shipped only once paid, and most paid orders are long shipped. Without these
-- statistics the planner multiplies the two frequencies, expects thousands of orders to pack where
-- a shop has dozens, and reads order_created_idx until it has a page of them (all of it, when an
-- old order was never packed). drizzle-kit does not manage statistics objects: they live here only.
CREATE STATISTICS IF NOT EXISTS "order_status_fulfilment_stats" (mcv) ON "status", "fulfilment" FROM "order";--> statement-breakpoint
ANALYZE "order";
