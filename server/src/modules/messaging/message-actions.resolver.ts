import { Authorized, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { MessageAction } from '../../domain/enums';
import { messageActions, type MessageFacts } from '../../domain/message-actions';
import type { Context } from '../../graphql/context';
import { loader } from '../../graphql/loaders';
import { FlowMessage } from '../registration/registration-staff.types';
import { MessageSummary } from './account-messages.resolver';
import { OutboxMessageType } from './outbox.resolver';
import { OutboxService, type MessageFlow } from './outbox.service';

const ACTIONS_DESCRIPTION =
  'What can still be done about this message [HELPDESK+]: a new code or another destination for a code that did ' +
  "not arrive while its registration still waits (only on the flow's newest code message), a re-drive for other " +
  'messages that are DEAD or HELD once their channel has a transport; empty when nothing would work.';
const REFERENCE_DESCRIPTION =
  'The staff reference of the registration flow this message belongs to (for resendRegistrationCode and ' +
  'changeRegistrationDestination); null for messages of no flow.';

/** The flow of a message, one query per request for all messages on the page. */
function flowOf(ctx: Context, outbox: OutboxService, flowId: string | null | undefined): Promise<MessageFlow | null> {
  if (!flowId) return Promise.resolve(null);
  return loader(ctx, 'messageFlows', (ids: readonly string[]) => outbox.flowsFor(ctx.em, ids)).load(flowId);
}

async function actionsOf(ctx: Context, outbox: OutboxService, m: MessageFacts, flowId?: string | null) {
  return messageActions(m, await flowOf(ctx, outbox, flowId), (c) => outbox.hasTransport(c), new Date());
}

@Resolver(() => OutboxMessageType)
export class OutboxMessageActionsResolver {
  constructor(private readonly outbox: OutboxService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [MessageAction], { description: ACTIONS_DESCRIPTION })
  actions(@Root() m: OutboxMessageType & { flowId?: string | null }, @Ctx() ctx: Context): Promise<MessageAction[]> {
    return actionsOf(ctx, this.outbox, m, m.flowId);
  }

  @Authorized('HELPDESK')
  @FieldResolver(() => ID, { nullable: true, description: REFERENCE_DESCRIPTION })
  async registrationReference(
    @Root() m: OutboxMessageType & { flowId?: string | null },
    @Ctx() ctx: Context,
  ): Promise<string | null> {
    return (await flowOf(ctx, this.outbox, m.flowId))?.reference ?? null;
  }
}

@Resolver(() => MessageSummary)
export class MessageSummaryActionsResolver {
  constructor(private readonly outbox: OutboxService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [MessageAction], { description: ACTIONS_DESCRIPTION })
  actions(@Root() m: MessageSummary & { registrationId?: string | null }, @Ctx() ctx: Context) {
    return actionsOf(ctx, this.outbox, m, m.registrationId);
  }

  @Authorized('HELPDESK')
  @FieldResolver(() => ID, { nullable: true, description: REFERENCE_DESCRIPTION })
  async registrationReference(
    @Root() m: MessageSummary & { registrationId?: string | null },
    @Ctx() ctx: Context,
  ): Promise<string | null> {
    return (await flowOf(ctx, this.outbox, m.registrationId))?.reference ?? null;
  }
}

@Resolver(() => FlowMessage)
export class FlowMessageActionsResolver {
  constructor(private readonly outbox: OutboxService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [MessageAction], { description: ACTIONS_DESCRIPTION })
  actions(@Root() m: FlowMessage & { registrationId?: string | null }, @Ctx() ctx: Context) {
    return actionsOf(ctx, this.outbox, m, m.registrationId);
  }
}
