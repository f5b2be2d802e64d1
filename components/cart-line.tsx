"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Link } from "@/i18n/navigation";
import type { ActionState } from "@/lib/forms";
import { sizedPhotoUrl } from "@/lib/images/sizes";
import { formatMoney } from "./format";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

type Props = {
  line: { variantId: number; productName: string; productSlug: string; image: string; size: string; color: string; unitPriceMinor: number; currency: string; quantity: number; available: number };
  updateAction: Action;
  removeAction: Action;
};

export function CartLine({ line, updateAction, removeAction }: Props) {
  const t = useTranslations("cart.line");
  const [updateState, update] = useActionState(updateAction, null);
  const [removeState, remove] = useActionState(removeAction, null);
  const label = `${line.productName}, ${line.size}, ${line.color}`;
  return (
    <li className="cart-line" data-testid="cart-line">
      {/* eslint-disable-next-line @next/next/no-img-element -- the colour's photo, ready-sized from /images; alt="": the name is beside it */}
      <img className="cart-line__image" src={sizedPhotoUrl(line.image, 240)} alt="" width={96} height={120} />
      <div className="cart-line__info">
        <Link href={`/products/${line.productSlug}`} className="cart-line__name">{line.productName}</Link>
        <p className="muted">{t("size", { size: line.size, color: line.color })}</p>
        <p className="muted">{t("each", { price: formatMoney(line.unitPriceMinor, line.currency) })}</p>
      </div>
      <form action={update} className="cart-line__quantity">
        <input type="hidden" name="variantId" value={line.variantId} />
        <label htmlFor={`qty-${line.variantId}`} className="sr-only">{t("quantityOf", { label })}</label>
        <input id={`qty-${line.variantId}`} name="quantity" type="number" inputMode="numeric" min={1} max={Math.max(1, Math.min(line.available, 99))} defaultValue={line.quantity} key={line.quantity} required />
        <SubmitButton className="button button--ghost" pendingLabel={t("updating")}>{t("update")}</SubmitButton>
      </form>
      <p className="cart-line__total">{formatMoney(line.unitPriceMinor * line.quantity, line.currency)}</p>
      <form action={remove} className="cart-line__remove">
        <input type="hidden" name="variantId" value={line.variantId} />
        <SubmitButton className="link-button" pendingLabel={t("removing")} aria-label={t("removeLabel", { label })}>{t("remove")}</SubmitButton>
      </form>
      <div className="cart-line__message">
        <FormMessage state={updateState ?? removeState} />
      </div>
    </li>
  );
}
