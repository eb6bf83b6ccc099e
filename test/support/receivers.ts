import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './graphql';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Decoded text (quoted-printable undone). */
  text: string;
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A real SMTP server (the `smtp-server` package) that keeps what it receives. */
export async function startSmtpReceiver(opts: { delayMs?: number } = {}): Promise<{
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
  waitForMail(to: string, n?: number): Promise<ReceivedMail>;
  waitForMailMatching(to: string, pattern: RegExp): Promise<ReceivedMail>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        // A slow provider keeps deliveries in flight (for crash tests).
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        const raw = Buffer.concat(chunks).toString('utf8');
        // Only a quoted-printable body is decoded: in a 7bit one, "token=30…" is text, not an escape.
        const qp = /^content-transfer-encoding:\s*quoted-printable/im.test(raw);
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          text: qp ? decodeQuotedPrintable(raw) : raw,
        });
        callback();
      });
    },
  });
  // A sender that dies mid-connection (kill -9) resets its socket: a mail server shrugs that off.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** The n-th (1-based) mail to `to`. */
    waitForMail: (to: string, n = 1) =>
      waitFor(() => mails.filter((m) => m.to.includes(to.toLowerCase()))[n - 1], `mail #${n} to ${to}`),
    /** The first mail to `to` whose decoded text matches (messages may arrive in any order). */
    waitForMailMatching: (to: string, pattern: RegExp) =>
      waitFor(
        () => mails.find((m) => m.to.includes(to.toLowerCase()) && pattern.test(m.text)),
        `mail ${pattern} to ${to}`,
      ),
  };
}

export interface WhatsAppRequest {
  path: string;
  authorization?: string;
  body: {
    messaging_product: string;
    to: string;
    /** `template` for template messages (they carry `template`), `text` for free text (it carries `text`). */
    type: string;
    text?: { body: string; preview_url?: boolean };
    template: {
      name: string;
      language: { code: string };
      components: Array<{ type: string; parameters: Array<{ type: string; text: string }> }>;
    };
  };
}

/** A file the fake Cloud API holds for a media id; `claimedSize` is what its metadata says (default: the truth). */
export interface FakeMedia {
  mime: string;
  data: Buffer;
  claimedSize?: number;
  /** Where the metadata says the file is (default: this server's own download path). */
  url?: string;
}

/** A GET the fake Cloud API answered (media metadata and downloads), with the token it came with. */
export interface MediaRequest {
  path: string;
  authorization?: string;
}

/**
 * A local HTTP server speaking the WhatsApp Cloud API: `/messages` (sending), and media as Graph serves it —
 * `GET /{media-id}` answers `{ url, mime_type, file_size, id }`, and that url serves the bytes (both want the
 * bearer token). `failNext` makes it answer 500.
 */
export async function startWhatsAppReceiver(): Promise<{
  url: string;
  requests: WhatsAppRequest[];
  media: Map<string, FakeMedia>;
  mediaRequests: MediaRequest[];
  failNext: { count: number };
  close(): Promise<void>;
  waitForMessage(to: string, n?: number): Promise<WhatsAppRequest>;
}> {
  const requests: WhatsAppRequest[] = [];
  const media = new Map<string, FakeMedia>();
  const mediaRequests: MediaRequest[] = [];
  const failNext = { count: 0 };
  let seq = 0;
  let base = '';
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      const path = req.url ?? '';
      mediaRequests.push({ path, authorization: req.headers.authorization });
      if (req.headers.authorization !== 'Bearer test-token') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"bad token"}}');
        return;
      }
      const download = /^\/files\/([^/?]+)$/.exec(path);
      const meta = /^\/v21\.0\/([^/?]+)$/.exec(path);
      const id = decodeURIComponent((download ?? meta)?.[1] ?? '');
      const file = media.get(id);
      if (!file) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      } else if (download) {
        res.writeHead(200, { 'content-type': file.mime }).end(file.data);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            messaging_product: 'whatsapp',
            id,
            mime_type: file.mime,
            file_size: file.claimedSize ?? file.data.length,
            url: file.url ?? `${base}/files/${encodeURIComponent(id)}`,
          }),
        );
      }
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failNext.count > 0) {
        failNext.count--;
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"temporary failure"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [{ wa_id: body.to }],
          messages: [{ id: `wamid.test${++seq}` }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    requests,
    media,
    mediaRequests,
    failNext,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    waitForMessage: (to: string, n = 1) =>
      waitFor(
        () => requests.filter((r) => r.body.to === to.replace(/^\+/, ''))[n - 1],
        `WhatsApp message #${n} to ${to}`,
      ),
  };
}

/** The 6-digit code in a delivered email or WhatsApp template message. */
export function codeFromMail(mail: ReceivedMail): string {
  const m = /Kode verifikasi pendaftaran Hak Akses OSS Anda: (\d{6})/.exec(mail.text);
  if (!m) throw new Error(`No code in mail:\n${mail.text}`);
  return m[1];
}

export function codeFromWhatsApp(req: WhatsAppRequest): string {
  const text = req.body.template.components[0]?.parameters[0]?.text ?? '';
  if (!/^\d{6}$/.test(text)) throw new Error(`No code in WhatsApp message: ${JSON.stringify(req.body)}`);
  return text;
}
