"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { isDeliveryError } from "@/lib/delivery/errors";
import { PROVINCES } from "@/lib/delivery/provinces";
import { useChooseProvince } from "./shipping-quote";
import { TextField } from "./text-field";
import "./delivery-fields.css";

type Props = {
  /** Field errors of the last refused confirm; delivery ones are message keys, translated here. */
  errors?: Record<string, string[] | undefined>;
  /** What the shopper typed before the refused confirm. */
  values?: Record<string, string>;
};

/** Province, city, postal code, phone and DNI/CUIT: where the order goes and who the courier calls. */
export function DeliveryFields({ errors, values }: Props) {
  const t = useTranslations("delivery");
  const chooseProvince = useChooseProvince();
  const select = useRef<HTMLSelectElement>(null);
  const [province, setProvince] = useState(values?.province ?? "");
  const [refilled, setRefilled] = useState(values);
  if (refilled !== values) {
    setRefilled(values);
    setProvince(values?.province ?? "");
  }
  // The summary follows the select.
  useEffect(() => chooseProvince(province || null), [chooseProvince, province]);
  // React resets the form after its action, and a reset select goes back to its default option (React sets
  // none for a controlled one): the chosen province is made the default, so a refused confirm keeps it.
  useEffect(() => {
    for (const option of select.current?.options ?? []) option.defaultSelected = option.value === province;
  }, [province]);
  const errorsOf = (name: string) => errors?.[name]?.map((message) => (isDeliveryError(message) ? t(message) : message));
  const field = (name: string) => ({ name, required: true, errors: errorsOf(name), defaultValue: values?.[name] ?? "" });
  const provinceError = errorsOf("province")?.[0];
  return (
    <>
      <div className="field-row field-row--even">
        <div className="field">
          <label htmlFor="province">{t("province")}</label>
          <select
            ref={select}
            id="province"
            name="province"
            required
            autoComplete="address-level1"
            value={province}
            onChange={(event) => setProvince(event.target.value)}
            aria-invalid={provinceError ? true : undefined}
            aria-describedby={provinceError ? "province-error" : undefined}
          >
            <option value="" disabled>{t("chooseProvince")}</option>
            {PROVINCES.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
          </select>
          {provinceError ? <p id="province-error" className="field-error">{provinceError}</p> : null}
        </div>
        <TextField {...field("city")} label={t("city")} autoComplete="address-level2" maxLength={100} />
      </div>
      <div className="field-row field-row--even field-row--hinted">
        <TextField {...field("postalCode")} label={t("postalCode")} hint={t("postalCodeHint")} autoComplete="postal-code" autoCapitalize="characters" maxLength={10} />
        <TextField {...field("phone")} label={t("phone")} hint={t("phoneHint")} type="tel" inputMode="tel" autoComplete="tel" maxLength={30} />
      </div>
      <TextField {...field("taxId")} required={false} label={t("taxId")} hint={t("taxIdHint")} inputMode="numeric" autoComplete="off" maxLength={14} />
    </>
  );
}
