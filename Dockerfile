# syntax=docker/dockerfile:1
# meraki-usage-collector: build with the full Node image, run on the slim one with production dependencies only.
#   docker build -t meraki-usage-collector .
#   docker run --rm -e MERAKI_API_KEY=... -e INFLUX_URL=... meraki-usage-collector          (daemon: `run`)
#   docker run --rm ... meraki-usage-collector once                                          (one collection)

ARG NODE_IMAGE=node:20-bookworm
ARG NODE_RUNTIME_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# Only src/: tsconfig.build.json also covers bench/, which the image does not need (absent here, so skipped).
COPY src ./src
RUN npm run build

FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
    COLLECTOR_STATE_DIR=/var/lib/meraki-usage/state \
    COLLECTOR_OUT_DIR=/var/lib/meraki-usage/out \
    COLLECTOR_HTTP_HOST=0.0.0.0 \
    COLLECTOR_HTTP_PORT=9464 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/build/src ./build/src
COPY config ./config
# The official image's unprivileged `node` user (uid 1000) owns the state folder; nothing else is writable.
RUN mkdir -p /var/lib/meraki-usage/state /var/lib/meraki-usage/out && chown -R node:node /var/lib/meraki-usage
USER node
VOLUME ["/var/lib/meraki-usage"]
EXPOSE 9464
# /livez of the daemon (`run`: alive and not wedged; readiness is /readyz), with node itself: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.COLLECTOR_HTTP_PORT||9464)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "--max-semi-space-size=4", "--max-old-space-size=512", "build/src/cli.js"]
CMD ["run"]
