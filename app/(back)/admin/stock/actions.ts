"use server";

import { refresh } from "next/cache";
import { lowStockDefaultSchema, setLowStockDefault } from "@/lib/admin/low-stock";
import {
  correctionSchema,
  correctVariant,
  countSchema,
  countVariant,
  restockSchema,
  restockVariant,
  setVariantThreshold,
  thresholdSchema,
} from "@/lib/admin/stock";
import type { ActionState } from "@/lib/forms";
import { actorOf, staffAction } from "@/lib/staff";

/** Shows a change on the page at once; a refused change keeps what was typed in its form. */
function shown(state: ActionState, typed: Record<string, string> = {}): ActionState {
  if (state?.ok) refresh();
  return state?.ok === false ? { ...state, values: typed } : state;
}

export const restockAction = staffAction(
  restockSchema,
  async (input, staff) => shown(await restockVariant(actorOf(staff), input)),
  ["units", "note"],
);

export const countAction = staffAction(
  countSchema,
  async (input, staff) => shown(await countVariant(actorOf(staff), input)),
  ["counted", "countNote"],
);

export const correctionAction = staffAction(
  correctionSchema,
  async (input, staff) =>
    shown(await correctVariant(actorOf(staff), input), { direction: input.direction, correctionUnits: String(input.units), correctionNote: input.note }),
  ["direction", "correctionUnits", "correctionNote"],
);

export const thresholdAction = staffAction(
  thresholdSchema,
  async (input, staff) => shown(await setVariantThreshold(actorOf(staff), input)),
  ["threshold"],
);

export const lowStockDefaultAction = staffAction(
  lowStockDefaultSchema,
  async (input, staff) => shown(await setLowStockDefault(actorOf(staff), input)),
  ["lowStockDefault"],
);
