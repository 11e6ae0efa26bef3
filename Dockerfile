# Minimal image for the standalone server and the worker (README: Running in production).
# Build: docker build --build-arg NEXT_SERVER_ACTIONS_ENCRYPTION_KEY=... -t backoffice .
# Every instance must run the same image: the key is embedded at build time.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
WORKDIR /app
COPY . .
ARG NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
ENV NEXT_SERVER_ACTIONS_ENCRYPTION_KEY=$NEXT_SERVER_ACTIONS_ENCRYPTION_KEY NEXT_TELEMETRY_DISABLED=1
RUN test -n "$NEXT_SERVER_ACTIONS_ENCRYPTION_KEY" && npm run build

# The reconciliation worker runs from the sources with tsx: `npm run worker`.
FROM build AS worker
ENV NODE_ENV=production
USER node
CMD ["node", "--conditions=react-server", "--import", "tsx", "scripts/ops/worker.ts"]

# The app: only the standalone output (server.js, traced node_modules, migrations, static assets).
FROM node:24-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server.js"]
