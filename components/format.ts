/** The one money formatter: integer minor units to "$ 18.500,00". */
export function formatMoney(minor: number, currency = "ARS"): string {
  return new Intl.NumberFormat("es-AR", { style: "currency", currency }).format(minor / 100);
}

export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "America/Argentina/Buenos_Aires" }).format(date);
}

export function availabilityLabel(available: number): string {
  if (available === 0) return "Sold out";
  if (available <= 3) return `Only ${available} left`;
  return "In stock";
}
