import { Arg, Authorized, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { OutboxMessage } from './outbox.entity';

@ObjectType('OutboxMessage', { description: 'A message in the outbox: queued, sent, failed or held (no transport configured).' })
export class OutboxMessageType {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'EMAIL or WHATSAPP' }) channel: string;
  @Field(() => String, { description: 'Email address or E.164 phone number.' }) recipient: string;
  @Field(() => String, { description: 'Template key, e.g. registration_code.' }) template: string;
  @Field(() => String, { nullable: true, description: 'Email subject, or the WhatsApp template name.' }) subject?: string | null;
  @Field(() => String, { description: 'The rendered text.' }) body: string;
  @Field(() => String, { description: 'PENDING, SENT, FAILED, DEAD or HELD.' }) status: string;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError?: string | null;
  @Field(() => String, { nullable: true }) providerId?: string | null;
  @Field(() => ID, { nullable: true }) accountId?: string | null;
  @Field(() => ID, { nullable: true }) registrationId?: string | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) sentAt?: Date | null;
}

@InputType({ description: 'Filter for outbox messages.' })
export class OutboxMessageFilter {
  @Field(() => String, { nullable: true, description: 'Exact recipient (email or E.164 phone).' }) recipient?: string;
  @Field(() => ID, { nullable: true }) accountId?: string;
  @Field(() => ID, { nullable: true }) registrationId?: string;
  @Field(() => String, { nullable: true }) status?: string;
}

@Resolver()
export class OutboxResolver {
  @Authorized('HELPDESK')
  @Query(() => [OutboxMessageType], { description: 'Newest outbox messages first [HELPDESK+]. Reading them is audited.' })
  async outboxMessages(
    @Ctx() ctx: Context,
    @Arg('filter', () => OutboxMessageFilter, { nullable: true }) filter?: OutboxMessageFilter,
    @Arg('first', () => Int, { defaultValue: 25 }) first = 25,
  ): Promise<OutboxMessage[]> {
    return ctx.services.outbox.list(ctx, filter ?? {}, first);
  }
}
