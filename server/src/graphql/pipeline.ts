import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { ReadReplicas } from '../db/read-replicas';
import type { AuditService } from '../modules/audit/audit.service';
import type { Actor } from '../shared/request-context';
import { AppError } from '../shared/errors';
import { Authenticators, Context, contextFor, principalFor } from './context';
import { refuseLimitedSession } from '../shared/limited-session';
import { armor, QUERY_LIMITS } from './limits';

export type Transport = 'HTTP' | 'WS';

/**
 * The steps every GraphQL operation goes through, whichever transport carries
 * it. HTTP (Apollo) and WebSocket (graphql-ws) call the same functions, so a
 * rule added here holds on both:
 *
 *   document ─ parse with the token limit ─ validate with the document limits
 *            ─ principal resolved for THIS operation (session / key re-read)
 *            ─ admit: API-key call audited (its per-minute count was taken when the key was read)
 *            ─ execute with a time budget (per event for subscriptions)
 *            ─ errors formatted in one place (shared/errors.ts)
 *
 * Rights are never cached across operations: a revoked key, a logged-out or
 * disabled staff session is refused on its next operation.
 */
export class RequestPipeline {
  readonly limits = armor();

  constructor(
    private readonly orm: MikroORM,
    private readonly auth: Authenticators,
    private readonly audit: AuditService,
    private readonly reads?: ReadReplicas,
  ) {}

  /**
   * Who is calling. `activity` marks a request the person made (HTTP): it keeps
   * a staff session from going idle. Checks over an open socket do not.
   */
  principal(em: EntityManager, authorization: string | null | undefined, transport: Transport): Promise<Actor> {
    return principalFor(em, this.auth, authorization, { activity: transport === 'HTTP', count: true });
  }

  /** The principal without counting a call or activity: the server's own re-check of an open socket. */
  recheck(authorization: string | null | undefined): Promise<Actor> {
    return principalFor(this.orm.em.fork(), this.auth, authorization, { activity: false, count: false });
  }

  /** A fresh context: its own unit of work, batching caches and time budget. */
  context(actor: Actor, ip: string | null, em: EntityManager = this.orm.em.fork()): Context {
    return contextFor(em, actor, ip);
  }

  /**
   * The context for one event of a long-lived subscription: same caller, a new
   * unit of work and a new time budget (the subscription itself may live for hours).
   */
  eventContext(subscription: Context): Context {
    return {
      ...contextFor(this.orm.em.fork(), subscription.actor, subscription.ip),
      requestId: subscription.requestId,
    };
  }

  /** Parses and validates a document with the same limits Apollo applies over HTTP. */
  checkDocument(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: QUERY_LIMITS.maxTokens });
    } catch (err) {
      const message = err instanceof GraphQLError ? err.message : String(err);
      return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const errors = validate(schema, document, [...specifiedRules, ...this.limits.validationRules]);
    return errors.length ? errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) : document;
  }

  /**
   * Per-operation admission after the principal is known: another tool's call leaves one
   * API_CALL audit row (its per-minute budget was counted when the key was read;
   * the auth checker refuses a key over budget with RATE_LIMITED).
   */
  async admit(
    ctx: Context,
    operation: OperationDefinitionNode | null | undefined,
    document?: DocumentNode,
  ): Promise<void> {
    // A subscription's root field resolves only with its first event: a limited session is refused now.
    if (operation?.operation === 'subscription') {
      for (const field of rootFields(operation, document)) refuseLimitedSession(ctx.actor, field);
    }
    // A mutation's reads (and its caller's next ones, for a few seconds) must see what it writes.
    if (operation?.operation === 'mutation') this.reads?.wrote(ctx);
    if (ctx.actor.kind !== 'API_KEY' || !operation) return;
    const fields = operation.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : s.kind));
    await this.audit.write(ctx, ctx.em, {
      action: 'API_CALL',
      details: { operation: operation.operation, fields },
    });
  }

  /** The operation has answered (HTTP response, WebSocket result): a mutation's caller reads its writes for a while. */
  finish(ctx: Context): void {
    this.reads?.finished(ctx);
  }

  /** The one operation of a document (by name), or a client error. */
  operation(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode {
    const op = getOperationAST(document, name);
    if (!op) {
      throw new AppError('VALIDATION_FAILED', 'Sebutkan operationName untuk dokumen dengan beberapa operasi.', {
        fields: { operationName: 'Operasi tidak ditemukan.' },
      });
    }
    return op;
  }
}

/** The root field names an operation selects, through inline fragments and named ones. */
function rootFields(operation: OperationDefinitionNode, document?: DocumentNode): string[] {
  const names: string[] = [];
  const fragments = new Map(
    (document?.definitions ?? []).flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])),
  );
  const seen = new Set<string>();
  const walk = (selections: OperationDefinitionNode['selectionSet']['selections']) => {
    for (const s of selections) {
      if (s.kind === 'Field') names.push(s.name.value);
      else if (s.kind === 'InlineFragment') walk(s.selectionSet.selections);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(operation.selectionSet.selections);
  return names;
}

function withCode(e: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    extensions: { ...e.extensions, code },
  });
}
