"use server";

import { refresh } from "next/cache";
import { cancelOrder, cancellationSchema, markPacked, markShipped, orderIdSchema, shipmentSchema } from "@/lib/admin/fulfilment";
import { actorOf, staffAction } from "@/lib/staff";

export const packOrderAction = staffAction(orderIdSchema, async ({ orderId }, staff) => {
  const outcome = await markPacked(orderId, actorOf(staff));
  refresh();
  return outcome;
});

export const shipOrderAction = staffAction(shipmentSchema, async (shipment, staff) => {
  const outcome = await markShipped(shipment, actorOf(staff));
  refresh();
  return outcome;
}, ["carrier", "trackingNumber"]);

export const cancelOrderAction = staffAction(cancellationSchema, async (cancellation, staff) => {
  const outcome = await cancelOrder(cancellation, actorOf(staff));
  refresh();
  return outcome;
}, ["note"]);
