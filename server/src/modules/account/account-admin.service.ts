import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReadReplicas } from '../../db/read-replicas';
import { checkReason } from '../../domain/reason';
import { classifySearch } from '../../domain/search';
import { AppError, assertNoFieldErrors, notFound } from '../../shared/errors';
import { requireUuid } from '../../shared/ids';
import { accountView, firstClearRead, MASKED } from '../../shared/pii-policy';
import type { RequestContext } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import type { ThrottleService } from '../auth/throttle.service';
import type { AccountLifecycle } from './account-lifecycle.service';
import type { AccountSearch, AccountSearchInput } from './account-search.service';
import { Account } from './account.entity';
import { disclosedFields, toAccountView } from './account.presenter';
import type { AccountType } from './account.types';
import { checkProcessingAllowed } from './processing-restriction';

/** One page of accounts as the caller may see them. */
export interface AccountPage {
  nodes: AccountType[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
  totalCountIsEstimate: boolean;
}

/**
 * The helpdesk's work on accounts: find, read (audited), suspend, reactivate,
 * unlock. Every change is one transaction with its event and audit row.
 */
export class AccountAdmin {
  constructor(
    private readonly search: AccountSearch,
    private readonly lifecycle: AccountLifecycle,
    private readonly audit: AuditService,
    private readonly throttle: ThrottleService,
    private readonly reads: ReadReplicas,
  ) {}

  /** Personal data is masked in lists; a value the caller typed exactly is shown back on the rows that hold it. */
  async find(ctx: RequestContext, input: AccountSearchInput): Promise<AccountPage> {
    // Before the search, hit or miss: an identifier shown back must not be guessable digit by digit.
    if (byIdentifier(input.filter)) await this.throttle.identifierSearch(ctx);
    // A read replica may answer (db/read-replicas.ts); the audit row is written on the primary.
    const page = await this.reads.run(ctx, (em) => this.search.search(em, input));
    await this.audit.write(ctx, ctx.em, {
      action: 'ACCOUNT_SEARCH',
      details: { filters: Object.keys(input.filter ?? {}), sort: input.sort?.field ?? null, count: page.rows.length },
    });
    return {
      nodes: page.rows.map((a) => toAccountView(a, { clear: false, typed: page.named })),
      cursors: page.cursors,
      hasNextPage: page.hasNextPage,
      totalCount: page.totalCount,
      totalCountIsEstimate: page.totalCountIsEstimate,
    };
  }

  /**
   * One account in full. Staff and keys with `pii:read` see its personal data
   * in clear when they ask (`reveal`), and that read is audited first; a key
   * without `pii:read` gets the masked view (shared/pii-policy.ts).
   */
  async detail(ctx: RequestContext, id: string, reveal = true): Promise<AccountType> {
    const accountId = requireUuid(id);
    // On a replica unless this operation or a recent one of the caller changed something (db/read-replicas.ts).
    const account = await this.reads.run(ctx, (em) => em.findOne(Account, { id: accountId }));
    if (!account) throw notFound('Akun');
    const view = accountView(ctx.actor, account.id, reveal);
    if (view.clear && view.audited && firstClearRead(ctx, `account:${account.id}`)) {
      // The view is returned only once its audit row is written.
      await this.audit.write(ctx, ctx.em, {
        action: 'PII_VIEW',
        targetType: 'account',
        targetId: account.id,
        details: { fields: disclosedFields(account) },
      });
    }
    return toAccountView(account, view);
  }

  suspend(ctx: RequestContext, id: string, reason: string, override = false): Promise<AccountType> {
    return this.change(
      ctx,
      id,
      reason,
      (em, a, why) => this.lifecycle.changeStatus(ctx, em, a, 'suspend', { eventReason: 'SUSPENDED', reason: why }),
      { override, operation: 'suspendAccount' },
    );
  }

  reactivate(ctx: RequestContext, id: string, reason: string, override = false): Promise<AccountType> {
    return this.change(
      ctx,
      id,
      reason,
      (em, a, why) =>
        this.lifecycle.changeStatus(ctx, em, a, 'reactivate', { eventReason: 'REACTIVATED', reason: why }),
      { override, operation: 'reactivateAccount' },
    );
  }

  /** Ends a restriction of processing (the applicant withdrew it, or its ground ended), with a reason. */
  liftProcessingRestriction(ctx: RequestContext, id: string, reason: string): Promise<AccountType> {
    return this.change(ctx, id, reason, async (em, a, why) => {
      if (!a.processingRestricted) throw new AppError('CONFLICT', 'Pemrosesan data akun ini tidak sedang dibatasi.');
      await this.lifecycle.setProcessingRestricted(ctx, em, a, false, { reason: why });
    });
  }

  /** Clears the temporary login lock (after the helpdesk checked the caller's identity). */
  async unlockLogin(ctx: RequestContext, id: string, reason?: string | null, override = false): Promise<AccountType> {
    const gate = { override, operation: 'unlockLogin' };
    return this.change(
      ctx,
      id,
      reason?.trim() || 'Buka kunci masuk',
      async (em, a, why) => {
        if (a.status === 'CANCELLED') throw new AppError('CONFLICT', 'Akun sudah dibatalkan.');
        await this.throttle.reset(em, `acct:${a.id}`);
        this.audit.record(ctx, em, {
          action: 'LOGIN_UNLOCKED',
          targetType: 'account',
          targetId: a.id,
          details: { reason: why },
        });
      },
      gate,
    );
  }

  private async change(
    ctx: RequestContext,
    id: string,
    reason: string,
    work: (em: EntityManager, account: Account, reason: string) => Promise<void>,
    /** A staff edit: refused on a restricted account unless overridden (processing-restriction.ts). */
    gate?: { override: boolean; operation: string },
  ): Promise<AccountType> {
    const accountId = requireUuid(id);
    assertNoFieldErrors(checkReason(reason));
    const account = await ctx.em.transactional(async (em) => {
      const a = await em.findOne(Account, { id: accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!a) throw notFound('Akun');
      if (gate) checkProcessingAllowed(ctx, em, this.audit, a, gate.override, gate.operation);
      await work(em, a, reason.trim());
      return a;
    });
    return toAccountView(account, MASKED);
  }
}

/** Whether a search names a person by an identifier (a NIK, NPWP, passport, email or phone). */
function byIdentifier(filter: AccountSearchInput['filter']): boolean {
  if (!filter) return false;
  if (filter.nik != null || filter.email != null || filter.phone != null) return true;
  return filter.q != null && !['name', 'invalid'].includes(classifySearch(filter.q).kind);
}
