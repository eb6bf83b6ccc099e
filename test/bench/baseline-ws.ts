/**
 * Baseline for P5: a raw `ws` server that broadcasts one payload to every
 * connected socket when POST /trigger arrives: what a status change costs
 * with no GraphQL, no authentication, no database and no LISTEN/NOTIFY.
 *
 * node --import tsx test/bench/baseline-ws.ts   (prints READY <url>)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const payload = Buffer.concat(chunks).toString('utf8');
    for (const socket of wss.clients) socket.send(payload);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
const wss = new WebSocketServer({ server });
server.listen(0, '127.0.0.1', () => {
  console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  for (const s of wss.clients) s.terminate();
  server.close(() => process.exit(0));
});
