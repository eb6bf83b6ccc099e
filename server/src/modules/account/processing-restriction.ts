import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import type { Account } from './account.entity';

/**
 * A staff edit of an account whose processing the applicant had restricted
 * (UU PDP) goes ahead only with an explicit override, and the override is
 * audited beside the edit (docs/security.md, "Restricted processing").
 */
export function checkProcessingAllowed(
  ctx: RequestContext,
  em: EntityManager,
  audit: AuditService,
  account: Account,
  override: boolean,
  operation: string,
): void {
  if (!account.processingRestricted) return;
  if (!override) {
    throw new AppError(
      'CONFLICT',
      'Pemrosesan data akun ini dibatasi atas permintaan pemiliknya (UU PDP). ' +
        'Ulangi dengan override hanya bila tindakan ini wajib dilakukan.',
      { processingRestricted: true },
    );
  }
  audit.record(ctx, em, {
    action: 'RESTRICTION_OVERRIDDEN',
    targetType: 'account',
    targetId: account.id,
    details: { operation },
  });
}
