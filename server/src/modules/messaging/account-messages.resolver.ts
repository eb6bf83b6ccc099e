import { Authorized, Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { loader } from '../../graphql/loaders';
import { AccountType } from '../account/account.types';
import { OutboxService } from './outbox.service';
import { explainDeliveryError } from '../../domain/delivery-error';

@ObjectType({ description: 'A message about an account, without its text: never a code or a link token.' })
export class MessageSummary {
  @Field(() => ID, { description: 'Message id (for redeliverMessage).' }) id: string;
  @Field(() => String, { description: 'Template key, e.g. registration_code, welcome.' }) template: string;
  @Field(() => String, { description: 'EMAIL or WHATSAPP.' }) channel: string;
  @Field(() => String, { description: 'PENDING, SENT, FAILED, DEAD or HELD.' }) status: string;
  @Field(() => Int, { description: 'Delivery attempts so far.' }) attempts: number;
  @Field(() => String, { nullable: true, description: 'The last delivery error.' }) lastError?: string | null;
  @Field(() => String, { nullable: true, description: 'Id given by the SMTP server or WhatsApp gateway.' })
  providerId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What the provider reported after accepting it: SENT, DELIVERED, READ or FAILED; null until then.',
  })
  providerStatus?: string | null;
  @Field(() => Date, { description: 'Queued.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Accepted by the provider.' }) sentAt?: Date | null;
}

@Resolver(() => AccountType)
export class AccountMessagesResolver {
  constructor(private readonly outbox: OutboxService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [MessageSummary], {
    description:
      'Messages about this account, newest first, including the codes of the registration that created it ' +
      '[HELPDESK+].',
  })
  messages(@Root() account: AccountType, @Ctx() ctx: Context): Promise<MessageSummary[]> {
    return loader(ctx, 'messages', (ids: readonly string[]) => this.outbox.summariesFor(ctx.em, ids)).load(account.id);
  }
}

@Resolver(() => MessageSummary)
export class MessageSummaryResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'What the last error means, in Bahasa Indonesia, with what to do; null when nothing failed.',
  })
  explanation(@Root() m: MessageSummary): string | null {
    return explainDeliveryError(m.channel, m.lastError)?.text ?? null;
  }
}
