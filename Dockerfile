# syntax=docker/dockerfile:1
# careerbot on Node 24 LTS. Stages:
#   toolchain  python3/make/g++ for better-sqlite3's native addon
#   deps       production node_modules only; the addon's sources and objects removed
#   build      all dependencies + the TypeScript compiler -> dist/
#   runtime    node + production node_modules + dist/ + data/ (no compiler, no toolchain)
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS deps
# Keep only the compiled addon: drop SQLite's C sources, object files and the test extension.
RUN npm ci --omit=dev --no-audit --no-fund \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src binding.gyp \
 && find build -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} + \
 && find build/Release -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} + \
 && test -f build/Release/better_sqlite3.node \
 && npm cache clean --force

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
RUN npm run build && rm -f dist/.tsbuildinfo

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/var/lib/careerbot/careerbot.db \
    DATA_DIR=/app/data \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
# `npm run deploy:discord` / `manifest:slack` call the build check first; with no sources here it does nothing.
COPY scripts/build.mjs ./scripts/build.mjs
COPY --from=build /app/dist ./dist
# Data last: editing the YAML rebuilds only these layers, never the TypeScript. Validated at image build.
COPY data ./data
RUN node dist/src/validate.js data \
 && mkdir -p /var/lib/careerbot && chown -R node:node /var/lib/careerbot
USER node
VOLUME ["/var/lib/careerbot"]
# One HTTP server on PORT: /healthz, /readyz, /metrics and (Slack HTTP mode) POST /slack/events.
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Tokens come from the environment at run time (docker run -e DISCORD_TOKEN=…); none are baked in.
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
