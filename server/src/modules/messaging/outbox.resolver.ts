import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  registerEnumType,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { explainDeliveryError } from '../../domain/delivery-error';
import type { RequestContext } from '../../shared/request-context';
import { OutboxMessage } from './outbox.entity';
import { OutboxService } from './outbox.service';
import { Connection, ConnectionShape, toConnection } from '../../graphql/connection';
import { SortDirection } from '../account/account.types';

@ObjectType('OutboxMessage', {
  description: 'A message in the outbox: queued, sent, failed or held (no transport configured).',
})
export class OutboxMessageType {
  @Field(() => ID, { description: 'Message id.' }) id: string;
  @Field(() => String, { description: 'EMAIL or WHATSAPP' }) channel: string;
  @Field(() => String, { description: 'Email address or E.164 phone number.' }) recipient: string;
  @Field(() => String, { description: 'Template key, e.g. registration_code.' }) template: string;
  @Field(() => String, { nullable: true, description: 'Email subject, or the WhatsApp template name.' }) subject?:
    string | null;
  @Field(() => String, {
    description:
      'The rendered text; codes and link tokens are hidden unless the message is held on an install without transports.',
  })
  body: string;
  @Field(() => String, { description: 'PENDING, SENT, FAILED, DEAD or HELD.' }) status: string;
  @Field(() => Int, { description: 'Delivery attempts so far.' }) attempts: number;
  @Field(() => String, { nullable: true, description: 'The last delivery error, if any.' }) lastError?: string | null;
  @Field(() => String, { nullable: true, description: 'Id given by the SMTP server or WhatsApp gateway.' })
  providerId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'What the provider reported after accepting it: SENT, DELIVERED, READ or FAILED (WhatsApp status ' +
      'webhooks); null until it reports.',
  })
  providerStatus?: string | null;
  @Field(() => ID, { nullable: true, description: 'The account the message is about, if any.' }) accountId?:
    string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'The first characters of the registration flow it is about (never the whole id: that is the applicant credential).',
  })
  registrationId?: string | null;
  @Field(() => Date, { description: 'When the message was queued.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the provider accepted it.' }) sentAt?: Date | null;
}

@InputType({ description: 'Filter for outbox messages.' })
export class OutboxMessageFilter {
  @Field(() => String, { nullable: true, description: 'Exact recipient (email or E.164 phone).' }) recipient?: string;
  @Field(() => ID, { nullable: true, description: 'Only messages about this account.' }) accountId?: string;
  @Field(() => ID, { nullable: true, description: 'Only messages of this registration flow.' }) registrationId?: string;
  @Field(() => String, { nullable: true, description: 'PENDING, SENT, FAILED, DEAD or HELD.' }) status?: string;
}

export enum OutboxSortField {
  CREATED_AT = 'CREATED_AT',
  SENT_AT = 'SENT_AT',
  STATUS = 'STATUS',
  ATTEMPTS = 'ATTEMPTS',
  TEMPLATE = 'TEMPLATE',
  CHANNEL = 'CHANNEL',
}
registerEnumType(OutboxSortField, { name: 'OutboxSortField', description: 'Outbox sort keys; ties by id.' });

@InputType({ description: 'How to order outbox messages.' })
export class OutboxSort {
  @Field(() => OutboxSortField, { description: 'The sort key.' }) field: OutboxSortField;
  @Field(() => SortDirection, { nullable: true, description: 'Default DESC.' }) direction?: SortDirection | null;
}

export const OutboxMessageConnection = Connection(OutboxMessageType, 'OutboxMessage');

@Resolver(() => OutboxMessageType)
export class OutboxResolver {
  constructor(private readonly outbox: OutboxService) {}

  @Authorized('HELPDESK')
  @Query(() => OutboxMessageConnection, {
    description:
      'Outbox messages, newest first unless sorted otherwise, paged with `first` (1-100) and `after` or `offset` ' +
      '[HELPDESK+]. Reading them is audited.',
  })
  async outboxMessages(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => OutboxMessageFilter, { nullable: true }) filter?: OutboxMessageFilter,
    @Arg('first', () => Int, { defaultValue: 25 }) first = 25,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('offset', () => Int, { nullable: true }) offset?: number,
    @Arg('sort', () => OutboxSort, { nullable: true }) sort?: OutboxSort,
  ): Promise<ConnectionShape<OutboxMessage>> {
    const page = await this.outbox.list(ctx, filter ?? {}, { first, after, offset, sort });
    return toConnection({ ...page, nodes: page.rows });
  }

  @Authorized('HELPDESK')
  @Mutation(() => OutboxMessageType, {
    description:
      'Sends a DEAD or HELD message again [HELPDESK+]; for a code whose time ran out a new code is issued instead. Audited.',
  })
  redeliverMessage(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<OutboxMessage> {
    return this.outbox.redeliver(ctx, id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What the last error or provider failure means, in Bahasa Indonesia, with what to do; null when nothing failed.',
  })
  explanation(@Root() m: OutboxMessageType): string | null {
    return explainDeliveryError(m.channel, m.lastError)?.text ?? null;
  }
}
