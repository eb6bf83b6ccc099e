# The server image used by docker-compose.yml (PostgreSQL comes from its own service).
FROM node:20-bookworm-slim
WORKDIR /app
# package.json's allowScripts needs npm 11.
RUN npm install -g npm@11
COPY package.json package-lock.json ./
RUN npm ci --strict-allow-scripts --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
CMD ["node", "dist/server/src/main.js"]
