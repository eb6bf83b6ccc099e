import { OutboxMessage } from './outbox.entity';
import { OutboxResolver } from './outbox.resolver';
import { AccountMessagesResolver, MessageSummaryResolver } from './account-messages.resolver';
import {
  FlowMessageActionsResolver,
  MessageSummaryActionsResolver,
  OutboxMessageActionsResolver,
} from './message-actions.resolver';
export { OutboxService, DELIVER_TASK } from './outbox.service';
export const entities = [OutboxMessage];
export const resolvers: Function[] = [
  OutboxResolver,
  AccountMessagesResolver,
  MessageSummaryResolver,
  OutboxMessageActionsResolver,
  MessageSummaryActionsResolver,
  FlowMessageActionsResolver,
];
