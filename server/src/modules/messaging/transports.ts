import nodemailer from 'nodemailer';
import type { WhatsAppConfig } from '../../config';
import type { OutboxMessage } from './outbox.entity';
import { isFreeText } from './templates';

/** Sends one outbox message; resolves with the provider's message id. */
export interface Transport {
  send(msg: OutboxMessage): Promise<string | null>;
  /** Ends kept-open connections (a pooled SMTP transport) at shutdown. */
  close?(): void;
}

export class SmtpTransport implements Transport {
  private readonly mailer;
  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // `?pool=true` in the URL keeps connections open across messages (for high volume); see README "Messages".
    this.mailer = nodemailer.createTransport(smtpUrl);
  }
  async send(msg: OutboxMessage): Promise<string | null> {
    const info = await this.mailer.sendMail({
      from: this.from,
      to: msg.recipient,
      subject: msg.subject ?? '',
      text: msg.body,
      // Derived from the outbox row: a message sent twice (after a crash) is recognisably the same one.
      messageId: `<${msg.id}@hak-akses.outbox>`,
      // A reply to a reporter's mail stays in their thread (and their answer comes back to ours).
      ...(msg.inReplyTo ? { inReplyTo: `<${msg.inReplyTo}>`, references: [`<${msg.inReplyTo}>`] } : {}),
    });
    return info.messageId ?? null;
  }
  close(): void {
    this.mailer.close();
  }
}

/**
 * WhatsApp Cloud API format: POST {url}/{phone-number-id}/messages with a
 * template message, or a text message for free-text templates (replies inside
 * the 24-hour window).
 */
export class WhatsAppTransport implements Transport {
  constructor(private readonly cfg: WhatsAppConfig) {}
  async send(msg: OutboxMessage): Promise<string | null> {
    const res = await fetch(`${this.cfg.apiUrl}/${encodeURIComponent(this.cfg.phoneNumberId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.cfg.token}` },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: msg.recipient.replace(/^\+/, ''),
        ...(isFreeText(msg.template)
          ? { type: 'text', text: { preview_url: false, body: msg.body } }
          : {
              type: 'template',
              template: {
                name: msg.subject,
                language: { code: 'id' },
                components: msg.params.length
                  ? [{ type: 'body', parameters: msg.params.map((text) => ({ type: 'text', text })) }]
                  : [],
              },
            }),
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`WhatsApp gateway answered ${res.status}: ${text.slice(0, 300)}`);
    try {
      return (JSON.parse(text) as { messages?: Array<{ id?: string }> }).messages?.[0]?.id ?? null;
    } catch {
      return null;
    }
  }
}
