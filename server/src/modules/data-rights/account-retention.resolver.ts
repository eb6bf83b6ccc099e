import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { loader } from '../../graphql/loaders';
import { pgArray } from '../../shared/sql';
import { AccountType } from '../account/account.types';
import { RetentionAnonymisation } from './retention-anonymisation';

type RetentionRow = { status: string; cancelledAt: Date | null; anonymisedAt: Date | null };

/** Where an account stands in the retention period (not personal data: shown to whoever reads the account). */
@Resolver(() => AccountType)
export class AccountRetentionResolver {
  constructor(private readonly retention: RetentionAnonymisation) {}

  private row(ctx: Context, id: string): Promise<RetentionRow | undefined> {
    return loader(ctx, 'accountRetention', async (ids: readonly string[]) => {
      const rows = await ctx.em.execute<
        { id: string; status: string; cancelled_at: Date | null; anonymised_at: Date | null }[]
      >('select id, status, cancelled_at, anonymised_at from account where id = any(?::uuid[])', [pgArray(ids)]);
      const byId = new Map(
        rows.map((r) => [
          r.id,
          { status: r.status, cancelledAt: r.cancelled_at && new Date(r.cancelled_at), anonymisedAt: r.anonymised_at },
        ]),
      );
      return ids.map((i) => byId.get(i));
    }).load(id);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      'CANCELLED accounts: when the daily job anonymises the personal data (cancellation + ACCOUNT_RETENTION_DAYS); ' +
      'null for other accounts and once anonymised.',
  })
  async personalDataRemovalAt(@Root() account: AccountType, @Ctx() ctx: Context): Promise<Date | null> {
    const r = await this.row(ctx, account.id);
    return r ? this.retention.removalAt(r) : null;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When the personal data was anonymised (a deletion request, or the end of the retention period).',
  })
  async anonymisedAt(@Root() account: AccountType, @Ctx() ctx: Context): Promise<Date | null> {
    const r = await this.row(ctx, account.id);
    return r?.anonymisedAt ? new Date(r.anonymisedAt) : null;
  }
}
