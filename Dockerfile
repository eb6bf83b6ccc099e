# The server image used by docker-compose.yml (PostgreSQL comes from its own service).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --strict-allow-scripts --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.json
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
CMD ["node", "dist/server/src/main.js"]
