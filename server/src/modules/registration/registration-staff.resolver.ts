import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { toConnection } from '../../graphql/connection';
import { loader } from '../../graphql/loaders';
import { AccountQueries } from '../account/account-query.service';
import { toAccountView } from '../account/account.presenter';
import { AccountType } from '../account/account.types';
import { MASKED } from '../../shared/pii-policy';
import { RegistrationConnection, RegistrationFilter, StaffRegistration } from './registration-staff.types';
import { RegistrationStaff } from './registration-staff.service';

@Resolver(() => StaffRegistration)
export class RegistrationStaffResolver {
  constructor(
    private readonly staff: RegistrationStaff,
    private readonly accounts: AccountQueries,
  ) {}

  @Authorized('HELPDESK')
  @Query(() => RegistrationConnection, {
    description:
      'Registration flows, newest first, finished or not: the applicant who never finished has no account and ' +
      'is found here [HELPDESK+].',
  })
  async registrations(
    @Ctx() ctx: Context,
    @Arg('filter', () => RegistrationFilter, { nullable: true }) filter?: RegistrationFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<RegistrationConnection> {
    const page = await this.staff.find(ctx, filter ?? {}, first, after);
    return toConnection({ ...page, nodes: page.rows as StaffRegistration[] });
  }

  @FieldResolver(() => AccountType, { nullable: true, description: 'The account the flow created (masked).' })
  async account(@Root() r: StaffRegistration, @Ctx() ctx: Context): Promise<AccountType | null> {
    if (!r.accountId) return null;
    const a = await loader(ctx, 'registrationAccounts', (ids: readonly string[]) =>
      this.accounts.byIds(ctx.em, ids),
    ).load(r.accountId);
    return a ? toAccountView(a, MASKED) : null;
  }
}
