import createNextIntlPlugin from "next-intl/plugin";

/**
 * Security headers that need nothing from the request, on every response: pages, API routes,
 * HighHelp's callbacks and static files. The CSP with its per-request script nonce and HSTS (which
 * depends on the runtime APP_PUBLIC_URL, while this list is fixed at build time) are set by
 * proxy.ts through lib/server/security-headers.ts.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    // Nothing here uses these; clipboard-write stays at its default (self) for the copy buttons.
    value: [
      "accelerometer=()",
      "autoplay=()",
      "camera=()",
      "display-capture=()",
      "geolocation=()",
      "gyroscope=()",
      "hid=()",
      "magnetometer=()",
      "microphone=()",
      "midi=()",
      "payment=()",
      "serial=()",
      "usb=()",
      "browsing-topics=()",
    ].join(", "),
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files by URL: bundling it breaks that.
  // prom-client: one registry per process (lib/server/metrics.ts), and optional requires a bundler would chase.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "prom-client"],
  // `node .next/standalone/server.js`: a self-contained server (README, Running in production). Its working
  // directory is .next/standalone, so what the server reads from disk at run time is traced in explicitly.
  output: "standalone",
  outputFileTracingIncludes: {
    "/*": ["./drizzle/migrations/**/*", "./node_modules/@electric-sql/pglite/dist/*.{wasm,data}"],
  },
  // Playwright and some users open the dev server on 127.0.0.1: next dev refuses other origins unless allowed.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  // In development the indicator's default corner covers the navigation's "Sign out".
  devIndicators: { position: "bottom-right" },
  // Compression is the job of the reverse proxy that terminates TLS in front of the app (it must be there:
  // HighHelp calls back over https and the server speaks plain http). Next.js's own gzip flushes at every
  // streamed chunk, which made it the largest single cost of a page on the app's one thread (README, Running in production).
  compress: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Outside the proxy: JSON only, nothing to load or frame.
      {
        source: "/api/highhelp/callback/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
      {
        source: "/api/bench/naive-callback",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

export default withNextIntl(nextConfig);
