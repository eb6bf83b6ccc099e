import { Authorized, Ctx, Field, Int, ObjectType, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { loader } from '../../graphql/loaders';
import { AccountType } from '../account/account.types';
import { RegistrationService } from './registration.service';

@ObjectType({
  description:
    'A registration flow as the helpdesk sees it: its progress, never its id (the applicant credential) or codes.',
})
export class RegistrationHistory {
  @Field(() => String, { description: 'VERIFY_CODE, SET_PASSWORD, COMPLETE_PROFILE, DONE or EXPIRED.' }) step: string;
  @Field(() => String, { description: 'EMAIL or WHATSAPP.' }) channel: string;
  @Field(() => String, { description: 'Where codes went, masked.' }) maskedDestination: string;
  @Field(() => Int, { description: 'Codes sent in the last hour of the flow.' }) sends: number;
  @Field(() => [Date], { description: 'When those codes were sent.' }) sentAt: Date[];
  @Field(() => Int, { description: 'Wrong tries on the current code.' }) wrongTries: number;
  @Field(() => Date, { description: 'Started.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Code verified.' }) verifiedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Account created.' }) completedAt?: Date | null;
  @Field(() => Date, { description: 'Flow deadline (24 hours).' }) expiresAt: Date;
}

@Resolver(() => AccountType)
export class AccountRegistrationsResolver {
  constructor(private readonly flows: RegistrationService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [RegistrationHistory], {
    description: 'The registration flows that led to this account [HELPDESK+].',
  })
  registrations(@Root() account: AccountType, @Ctx() ctx: Context): Promise<RegistrationHistory[]> {
    return loader(ctx, 'registrations', (ids: readonly string[]) => this.flows.historyFor(ctx.em, ids)).load(
      account.id,
    );
  }
}
