import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { convert } from 'html-to-text';
import { simpleParser } from 'mailparser';
import { Transform } from 'node:stream';
import { SMTPServer, SMTPServerDataStream } from 'smtp-server';
import { normalizeEmail } from '../../domain/email';
import { isAutomatic, referencedIds, senderAuthenticated } from '../../domain/inbound-mail';
import type { MailIngressConfig } from '../../config';
import { logger } from '../../shared/logger';
import type { ComplaintService } from './complaint.service';

/** Kept of a mail's text, as for a WhatsApp message. */
const MAX_TEXT = 5000;

const HTML_AS_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
  ],
};

/** At most this many hand-overs at once: the MX queues the rest. */
const MAX_CLIENTS = 20;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The helpdesk mailbox's SMTP ingress (`smtp-server`): the organisation's
 * mail server (MX) hands mail for `HELPDESK_EMAIL` over to it. Each mail is
 * accepted (250) only once it is stored — a failure answers 451, so the
 * sending server tries again and nothing is lost. Auto-replies, bounces and
 * list mail are accepted and dropped (never a complaint, never an answer: no
 * mail loops). Other recipients get 550, oversized mail 552.
 */
export async function startMailIngress(
  cfg: MailIngressConfig,
  complaints: ComplaintService,
  orm: MikroORM,
): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    // A hand-over from the MX on a trusted network: no login; TLS ends at the MX.
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // Advertised (SIZE) and enforced: larger mail is refused with 552 (INBOUND_MAIL_MAX_MB).
    size: cfg.maxBytes,
    maxClients: MAX_CLIENTS,
    banner: 'Hak Akses helpdesk mailbox',
    logger: false,
    onConnect(session, callback) {
      // Only the organisation's MX hands mail over: it has run its sender, spam and size checks first.
      const ip = session.remoteAddress.replace(/^::ffff:/, '');
      if (!cfg.allowedClients.includes(ip)) return callback(smtpError(554, 'Tidak diizinkan mengirim ke sini'));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() !== cfg.mailbox) return callback(smtpError(550, 'Kotak surat tidak dikenal'));
      callback();
    },
    onData(stream, session, callback) {
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      receive(stream, envelopeFrom, cfg, complaints, orm).then(
        () => callback(),
        (err: Error & { responseCode?: number }) => {
          if (!err.responseCode) logger.error('Inbound mail not stored; the sender will retry', { error: String(err) });
          callback(err.responseCode ? err : smtpError(451, 'Gangguan sementara, coba lagi nanti'));
        },
      );
    },
  });
  server.on('error', (err) => logger.warn('Mail ingress connection error', { error: String(err) }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info(`Helpdesk mailbox ingress listening on ${cfg.host}:${port}`);
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function receive(
  stream: SMTPServerDataStream,
  envelopeFrom: string,
  cfg: MailIngressConfig,
  complaints: ComplaintService,
  orm: MikroORM,
) {
  // The SMTP server reads a mail to its end whatever its size: past the limit its bytes are counted and dropped
  // here, never held in memory.
  let bytes = 0;
  const capped = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, bytes <= cfg.maxBytes ? chunk : undefined);
    },
  });
  const mail = await simpleParser(stream.pipe(capped), {
    skipHtmlToText: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  });
  if (stream.sizeExceeded || bytes > cfg.maxBytes) throw smtpError(552, 'Pesan terlalu besar');
  const sender = mail.from?.value[0];
  const from = normalizeEmail(sender?.address ?? '');
  if (isAutomatic(mail.headers, envelopeFrom, sender?.address ?? '')) {
    logger.info('Automatic mail to the helpdesk mailbox dropped (auto-reply, bounce or list)');
    return;
  }
  if (!from.ok) {
    logger.info('Mail to the helpdesk mailbox without a usable sender address dropped');
    return;
  }
  // An HTML-only mail becomes text here; nothing of its HTML (scripts, images, link targets) is kept.
  const body = mail.text || (typeof mail.html === 'string' ? convert(mail.html, HTML_AS_TEXT) : '');
  const text = body.replace(/\r\n/g, '\n').trim().slice(0, MAX_TEXT) || null;
  const subject = (mail.subject ?? '').slice(0, 300);
  // Without a Message-ID, the mail's own content names it (a resent copy is still taken once).
  const messageId =
    mail.messageId?.replace(/^<|>$/g, '').slice(0, 300) ||
    `${createHash('sha256').update(`${from.email}\n${mail.date?.toISOString()}\n${subject}\n${text}`).digest('hex')}@tanpa-message-id`;
  await complaints.receiveEmail(orm.em.fork(), {
    messageId,
    from: from.email,
    fromName: sender?.name || null,
    subject,
    text,
    references: referencedIds(mail.inReplyTo, mail.references),
    date: mail.date ?? null,
    authenticated: senderAuthenticated(authenticationResults(mail.headerLines), cfg.authservId, from.email),
  });
}

/** The raw values of every Authentication-Results header of a mail. */
function authenticationResults(lines: readonly { key: string; line: string }[]): string[] {
  return lines.filter((l) => l.key === 'authentication-results').map((l) => l.line.replace(/^[^:]*:\s*/, ''));
}
