import { createNavigation } from "next-intl/navigation";
import { routing } from "./routing";

/** Links and redirects that keep the shopper's language: "/cart" is "/cart" in Spanish and "/en/cart" in English. */
export const { Link, redirect, usePathname, useRouter, getPathname } = createNavigation(routing);
