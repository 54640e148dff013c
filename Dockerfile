# Production image: builds the workspace and runs the API (which also serves the dashboard).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig*.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm ci --no-audit --no-fund && npx nx run-many -t build --outputStyle=static && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 CLOSEWATCH_DATA_DIR=/data
COPY --from=build /app /app
# The data directory (embedded database, secret key, uploads) belongs to the user the server runs
# as; mount a volume on it, or its contents go with the container.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
VOLUME /data
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=64", "apps/api/dist/main.js"]
