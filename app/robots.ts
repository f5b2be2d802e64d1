import type { MetadataRoute } from "next";
import { robotsRules } from "@/lib/seo/robots";

// APP_URL is the running shop's, not the build's.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return robotsRules();
}
