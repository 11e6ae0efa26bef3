/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files by URL: bundling it breaks that (TOOLCHAIN pitfall 4).
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  // Playwright and some users open the dev server on 127.0.0.1 (TOOLCHAIN pitfall 8).
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
