/**
 * Argentina's 24 jurisdictions (23 provinces and the Autonomous City of
 * Buenos Aires) and the shipping zone each belongs to. A jurisdiction's code
 * is its letter in ISO 3166-2:AR, which is also the first letter of every
 * CPA (Código Postal Argentino) in it: C1425ABC is in the City, X5000… in
 * Córdoba.
 *
 * Zones group jurisdictions a courier prices alike, by distance from the
 * shop's warehouse in Buenos Aires:
 *   caba          the City of Buenos Aires
 *   buenos_aires  the Province of Buenos Aires (Greater Buenos Aires and the rest of the province)
 *   centro        Córdoba, Santa Fe, Entre Ríos, La Pampa
 *   litoral       the north-east: Corrientes, Misiones, Chaco, Formosa
 *   norte         the north-west: Jujuy, Salta, Tucumán, Santiago del Estero, Catamarca, La Rioja
 *   cuyo          Mendoza, San Juan, San Luis
 *   patagonia     Neuquén, Río Negro, Chubut, Santa Cruz, Tierra del Fuego
 */
export const SHIPPING_ZONES = ["caba", "buenos_aires", "centro", "litoral", "norte", "cuyo", "patagonia"] as const;
export type ShippingZone = (typeof SHIPPING_ZONES)[number];

export type Province = { code: ProvinceCode; name: string; zone: ShippingZone };

// As the checkout lists them: the City first, then alphabetical.
export const PROVINCES = [
  { code: "C", name: "Ciudad Autónoma de Buenos Aires", zone: "caba" },
  { code: "B", name: "Buenos Aires", zone: "buenos_aires" },
  { code: "K", name: "Catamarca", zone: "norte" },
  { code: "H", name: "Chaco", zone: "litoral" },
  { code: "U", name: "Chubut", zone: "patagonia" },
  { code: "X", name: "Córdoba", zone: "centro" },
  { code: "W", name: "Corrientes", zone: "litoral" },
  { code: "E", name: "Entre Ríos", zone: "centro" },
  { code: "P", name: "Formosa", zone: "litoral" },
  { code: "Y", name: "Jujuy", zone: "norte" },
  { code: "L", name: "La Pampa", zone: "centro" },
  { code: "F", name: "La Rioja", zone: "norte" },
  { code: "M", name: "Mendoza", zone: "cuyo" },
  { code: "N", name: "Misiones", zone: "litoral" },
  { code: "Q", name: "Neuquén", zone: "patagonia" },
  { code: "R", name: "Río Negro", zone: "patagonia" },
  { code: "A", name: "Salta", zone: "norte" },
  { code: "J", name: "San Juan", zone: "cuyo" },
  { code: "D", name: "San Luis", zone: "cuyo" },
  { code: "Z", name: "Santa Cruz", zone: "patagonia" },
  { code: "S", name: "Santa Fe", zone: "centro" },
  { code: "G", name: "Santiago del Estero", zone: "norte" },
  { code: "V", name: "Tierra del Fuego", zone: "patagonia" },
  { code: "T", name: "Tucumán", zone: "norte" },
] as const satisfies ReadonlyArray<{ code: string; name: string; zone: ShippingZone }>;

export type ProvinceCode = (typeof PROVINCES)[number]["code"];

export const PROVINCE_CODES = PROVINCES.map((p) => p.code) as [ProvinceCode, ...ProvinceCode[]];

const BY_CODE = new Map<string, Province>(PROVINCES.map((p) => [p.code, p]));

/** The jurisdiction with this code, or undefined for anything else. */
export function provinceOf(code: string | null | undefined): Province | undefined {
  return code ? BY_CODE.get(code) : undefined;
}

/** Names for the back office (English, not localized). */
export const ZONE_LABELS: Record<ShippingZone, { name: string; provinces: string }> = Object.fromEntries(
  SHIPPING_ZONES.map((zone) => {
    const names = PROVINCES.filter((p) => p.zone === zone).map((p) => p.name);
    const label = {
      caba: "CABA",
      buenos_aires: "Buenos Aires province",
      centro: "Centre",
      litoral: "North-east (NEA)",
      norte: "North-west (NOA)",
      cuyo: "Cuyo",
      patagonia: "Patagonia",
    }[zone];
    return [zone, { name: label, provinces: names.join(", ") }];
  }),
) as Record<ShippingZone, { name: string; provinces: string }>;
