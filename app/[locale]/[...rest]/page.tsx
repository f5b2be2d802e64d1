import { notFound } from "next/navigation";

/** Any other storefront path: the shop's own "Page not found", in the page's language. */
export default function UnknownPage(): never {
  notFound();
}
