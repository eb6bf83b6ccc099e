import { MessageAction } from './enums';

/** The parts of a message that decide what can be done about it. */
export interface MessageFacts {
  id?: string;
  template: string;
  channel: string;
  status: string;
  providerStatus?: string | null;
}

/** The registration flow a code message belongs to, if any. */
export interface FlowFacts {
  step: string;
  expiresAt: Date;
  /** The flow's newest code message: only that one is acted on (a new code made the older ones dead). */
  latestCodeId?: string | null;
}

/**
 * The actions that can still work for a message, so the console offers
 * nothing that would only fail:
 * - a verification code that did not arrive (FAILED, DEAD, HELD, or reported
 *   FAILED by WhatsApp) of a flow that still waits for a code: a new code, or
 *   a new destination. Sending the old message again cannot help (the code in
 *   it may be dead and the address may be the problem). Only the flow's newest
 *   code message offers them: an older one was already followed by a new code;
 * - any other message that is DEAD, or HELD, goes out again only where its
 *   channel has a transport now;
 * - everything else (pending, sent, still being retried): nothing.
 */
export function messageActions(
  msg: MessageFacts,
  flow: FlowFacts | null,
  hasTransport: (channel: string) => boolean,
  now: Date,
): MessageAction[] {
  const undelivered =
    msg.status === 'FAILED' || msg.status === 'DEAD' || msg.status === 'HELD' || msg.providerStatus === 'FAILED';
  if (msg.template === 'registration_code') {
    if (!undelivered || !flow || flow.step !== 'VERIFY_CODE' || flow.expiresAt <= now) return [];
    if (flow.latestCodeId && msg.id && msg.id !== flow.latestCodeId) return [];
    const actions = [MessageAction.CHANGE_REGISTRATION_DESTINATION];
    if (hasTransport(msg.channel)) actions.unshift(MessageAction.RESEND_REGISTRATION_CODE);
    return actions;
  }
  if ((msg.status === 'DEAD' || msg.status === 'HELD') && hasTransport(msg.channel)) return [MessageAction.REDELIVER];
  return [];
}
