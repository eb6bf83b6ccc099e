import { Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { loader } from '../../graphql/loaders';
import { AccountType } from '../account/account.types';
import { ThrottleService } from './throttle.service';

@ObjectType({ description: 'Failed logins of an account and its temporary lock.' })
export class LoginLock {
  @Field(() => Int, { description: 'Failures counted in the current window.' }) failures: number;
  @Field(() => Date, { nullable: true, description: 'Locked until then; null or past = not locked.' })
  lockedUntil?: Date | null;
  @Field(() => Boolean, { description: 'Whether login is locked right now.' }) locked: boolean;
}

@Resolver(() => AccountType)
export class AccountLoginLockResolver {
  constructor(private readonly throttle: ThrottleService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => LoginLock, { description: 'Login failures and lock state [HELPDESK+]; unlockLogin clears it.' })
  loginLock(@Root() account: AccountType, @Ctx() ctx: Context): Promise<LoginLock> {
    return loader(ctx, 'loginLock', (ids: readonly string[]) => this.throttle.locksFor(ctx.em, ids)).load(account.id);
  }
}
