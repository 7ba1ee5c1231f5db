# syntax=docker/dockerfile:1
# careerbot: multi-stage build. better-sqlite3 compiles a native addon, so the
# build stage has the toolchain and the runtime stage only the result.

FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY scripts ./scripts
COPY data ./data
RUN npm run build && npm run validate && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/var/lib/careerbot/careerbot.db \
    DATA_DIR=/app/data \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data ./data
RUN mkdir -p /var/lib/careerbot && chown -R node:node /var/lib/careerbot
USER node
VOLUME ["/var/lib/careerbot"]
# Slack HTTP mode listens on PORT; Discord and Slack Socket Mode only make outbound connections.
EXPOSE 3000
# Tokens come from the environment at run time (docker run -e DISCORD_TOKEN=…); none are baked in.
CMD ["node", "dist/src/main.js"]
