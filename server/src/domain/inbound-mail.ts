/**
 * Rules for mail that arrives at the helpdesk mailbox: which mail a machine
 * sent (auto-replies, bounces, lists — they never open a complaint, or two
 * auto-responders would write to each other for ever), and how a mail names
 * the complaint it belongs to.
 */

/** The header fields the rules read, lower-cased names, as the parser gives them. */
export type MailHeaders = ReadonlyMap<string, unknown>;

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : '';

/**
 * Whether a machine sent this mail: RFC 3834 `Auto-Submitted` other than
 * `no`; `Precedence: bulk|junk|list|auto_reply`; the de-facto auto-responder
 * and list headers; a delivery or disposition report (RFC 3464/8098:
 * `multipart/report`); or a null envelope sender (`MAIL FROM:<>`, which
 * bounces use) or a mailer-daemon/postmaster sender.
 * `X-Auto-Response-Suppress` is not among them: Outlook and Exchange put it on
 * people's own mail to ask that no auto-reply be sent (the helpdesk sends
 * none), so it says nothing about who wrote the mail.
 */
export function isAutomatic(headers: MailHeaders, envelopeFrom: string | null | undefined, from: string): boolean {
  const autoSubmitted = text(headers.get('auto-submitted')).trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(text(headers.get('precedence')).trim())) return true;
  for (const h of ['x-autoreply', 'x-autorespond', 'list-id', 'list-unsubscribe']) {
    if (headers.has(h)) return true;
  }
  if (/^multipart\/report\b/i.test(text(headers.get('content-type')))) return true;
  if (!envelopeFrom) return true;
  return /^(mailer-daemon|postmaster)@/i.test(from);
}

/** The complaint number a subject names in brackets, `[ADU-2026-000123]`, upper-cased; null when none. */
export function complaintNumberIn(subject: string | null | undefined): string | null {
  const m = /\[(ADU-\d{4}-\d{6,})\]/i.exec(subject ?? '');
  return m ? m[1].toUpperCase() : null;
}

/** At most this many Message-IDs of a reply are looked up (a mail may list thousands). */
export const MAX_REFERENCES = 20;

/**
 * The Message-IDs a reply points at (`In-Reply-To` first, then `References`,
 * newest first), without brackets, at most MAX_REFERENCES.
 */
export function referencedIds(inReplyTo: string | null | undefined, references: string | string[] | null | undefined) {
  const refs = Array.isArray(references) ? references.join(' ') : (references ?? '');
  const ids = `${inReplyTo ?? ''} ${refs.split(/\s+/).reverse().join(' ')}`.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(ids.map((id) => id.slice(1, -1)))].slice(0, MAX_REFERENCES);
}

/** The outbox message id inside one of our own Message-IDs (`<uuid@hak-akses.outbox>`), or null. */
export function outboxIdOf(messageId: string): string | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@hak-akses\.outbox$/i.exec(messageId);
  return m ? m[1].toLowerCase() : null;
}

/**
 * Whether our own mail server vouched for the sender: an
 * `Authentication-Results` header (RFC 8601) added by the MX named
 * `authservId` with `dmarc=pass` for the From domain, or `dkim=pass` for a
 * signature of that domain (or a parent domain). `From:` alone proves
 * nothing: anyone can write any address there. Headers added by others (the
 * sender may add their own) are ignored.
 */
export function senderAuthenticated(
  results: readonly string[],
  authservId: string | undefined,
  fromAddress: string,
): boolean {
  if (!authservId) return false;
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  if (!domain) return false;
  const aligned = (d: string) => domain === d || domain.endsWith(`.${d}`);
  return results.some((raw) => {
    const [id, ...rest] = raw.split(';');
    if (id.trim().split(/\s+/)[0]?.toLowerCase() !== authservId.toLowerCase()) return false;
    return rest.some((r) => {
      const method = r.trim().toLowerCase();
      const from = /header\.from=([^\s;]+)/.exec(method)?.[1];
      const d = /header\.d=([^\s;]+)/.exec(method)?.[1];
      if (/^dmarc=pass\b/.test(method)) return from === domain;
      if (/^dkim=pass\b/.test(method)) return !!d && aligned(d);
      return false;
    });
  });
}
