import "server-only";
import { headers } from "next/headers";
import { nonceFromPolicy } from "./security-headers";

/** This response's CSP nonce: the shop's server puts its policy on the request before Next renders it. */
export async function requestNonce(): Promise<string | undefined> {
  return nonceFromPolicy((await headers()).get("content-security-policy"));
}
