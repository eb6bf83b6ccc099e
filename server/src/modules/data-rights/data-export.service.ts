import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { newToken } from '../../shared/crypto';
import type { Clock } from '../../shared/clock';
import type { CodeMac } from '../../shared/code-mac';
import { AppError } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import type { Contact } from '../account/account-query.service';
import type { AuditService } from '../audit/audit.service';
import type { OutboxService } from '../messaging/outbox.service';
import { DataExport } from './data-export.entity';
import type { DataSubjectRequest } from './data-request.entity';
import { buildExportBundle, ExportBundle } from './export-bundle';

/** How long the link of an access export stays valid. */
export const EXPORT_LINK_HOURS = 72;
const PURPOSE = 'data-export';

/** Why a link cannot be opened: unknown (404), or used or expired (410); CODE_INVALID either way. */
export class ExportLinkError extends AppError {
  constructor(readonly httpStatus: 404 | 410) {
    super(
      'CODE_INVALID',
      httpStatus === 404
        ? 'Tautan tidak valid.'
        : 'Tautan ini sudah dipakai atau sudah kedaluwarsa. Ajukan permintaan akses baru bila Anda memerlukan data Anda lagi.',
    );
  }
}

/**
 * The answer to a fulfilled ACCESS request: the bundle is built in the
 * fulfilment's transaction, the applicant gets a one-time link (72 hours) at
 * their verified contact through the outbox, and opening it hands the bundle
 * over once and drops it. Only a keyed hash of the link token is stored.
 */
export class DataExportService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly mac: CodeMac,
    private readonly publicUrl: string,
    private readonly clock: Clock,
  ) {}

  /** Builds the bundle and sends the link; in the caller's transaction. */
  async issue(
    ctx: RequestContext,
    em: EntityManager,
    r: DataSubjectRequest,
    contact: Contact,
  ): Promise<{ expiresAt: Date; counts: Record<string, number> }> {
    const now = this.clock.now();
    const bundle = await buildExportBundle(em, r.accountId, { number: r.number, kind: r.kind }, now);
    const token = newToken();
    const expiresAt = new Date(now.getTime() + EXPORT_LINK_HOURS * 3600_000);
    em.create(DataExport, {
      requestId: r.id,
      accountId: r.accountId,
      tokenHash: this.mac.tokenDigests(PURPOSE, token)[0],
      bundle: bundle as unknown as Record<string, unknown>,
      createdAt: now,
      expiresAt,
    });
    await em.flush();
    const link = `${this.publicUrl.replace(/\/$/, '')}/data-export?token=${token}`;
    await this.outbox.enqueue(em, {
      ...contact,
      template: 'data_export_ready',
      params: [r.number, link, `${EXPORT_LINK_HOURS} jam`],
      accountId: r.accountId,
    });
    const counts = Object.fromEntries(
      (['registrations', 'messages', 'complaints', 'surveys', 'emailChanges', 'processing'] as const).map((k) => [
        k,
        bundle[k].length,
      ]),
    );
    this.audit.record(ctx, em, {
      action: 'DATA_EXPORT_SENT',
      targetType: 'account',
      targetId: r.accountId,
      details: { request: r.number, channel: contact.channel, expiresAt: expiresAt.toISOString(), counts },
    });
    return { expiresAt, counts };
  }

  /**
   * Opens a link: the bundle once, then never again (410), nor after it
   * expired (410); an unknown token is 404. The read is audited against
   * the account, by whoever holds the link (anonymous, with their address).
   */
  async open(ctx: RequestContext, token: string, format: 'json' | 'html' | 'pdf'): Promise<ExportBundle> {
    if (!token || token.length > 200) throw new ExportLinkError(404);
    const outcome = await ctx.em.transactional(async (em): Promise<ExportBundle | 404 | 410> => {
      const row = await em.findOne(
        DataExport,
        { tokenHash: { $in: this.mac.tokenDigests(PURPOSE, token.trim()) } },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!row) return 404;
      const now = this.clock.now();
      if (row.usedAt || !row.bundle || row.expiresAt <= now) {
        row.bundle = null; // expired: nothing is left to hand over (committed, unlike a thrown error)
        return 410;
      }
      const bundle = row.bundle as unknown as ExportBundle;
      row.usedAt = now;
      row.bundle = null;
      this.audit.record(ctx, em, {
        action: 'DATA_EXPORT_DOWNLOADED',
        targetType: 'account',
        targetId: row.accountId,
        details: { request: bundle.request.number, format },
      });
      return bundle;
    });
    if (typeof outcome === 'number') throw new ExportLinkError(outcome);
    return outcome;
  }

  /**
   * Whether a link can still be opened, without opening it: what a page that
   * merely shows the link (a mail scanner's visit, a preview) may learn.
   */
  async check(em: EntityManager, token: string): Promise<'ok' | 404 | 410> {
    if (!token || token.length > 200) return 404;
    const row = await em.findOne(DataExport, { tokenHash: { $in: this.mac.tokenDigests(PURPOSE, token.trim()) } });
    if (!row) return 404;
    return row.usedAt || !row.bundle || row.expiresAt <= this.clock.now() ? 410 : 'ok';
  }

  /** The state of a request's export, for the console. */
  async stateFor(
    em: EntityManager,
    requestIds: readonly string[],
  ): Promise<Map<string, { createdAt: Date; expiresAt: Date; usedAt: Date | null }>> {
    const rows = await em.find(DataExport, { requestId: { $in: [...requestIds] } });
    return new Map(
      rows.map((x) => [x.requestId, { createdAt: x.createdAt, expiresAt: x.expiresAt, usedAt: x.usedAt ?? null }]),
    );
  }
}
