"use server";

import { refresh } from "next/cache";
import { refundIdSchema, resolutionSchema, resolveRefundByHand, retryRefundNow } from "@/lib/admin/money";
import { actorOf, staffAction } from "@/lib/staff";

export const retryRefundAction = staffAction(refundIdSchema, async ({ refundId }, staff) => {
  const outcome = await retryRefundNow(refundId, actorOf(staff));
  refresh();
  return outcome;
});

export const resolveRefundAction = staffAction(resolutionSchema, async (resolution, staff) => {
  const outcome = await resolveRefundByHand(resolution, actorOf(staff));
  refresh();
  return outcome;
}, ["note"]);
