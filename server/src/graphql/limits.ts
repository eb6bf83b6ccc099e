import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * What one GraphQL document may ask for. The console's largest query (an
 * account with every nested list) uses about 150 tokens, depth 4 and no aliases.
 */
export const QUERY_LIMITS = {
  maxTokens: 2000,
  maxAliases: 10,
  maxDepth: 8,
  maxCost: 5000,
  maxDirectives: 20,
  /** Wall time of one operation's resolvers (of one event, for a subscription); later resolvers refuse to start. */
  operationMs: 10_000,
  /** Largest HTTP body or WebSocket message; a document within the token limit is far smaller. */
  maxPayloadBytes: 1024 * 1024,
} as const;

/** graphql-armor's limits for Apollo (parse-time token limit, validation rules). */
export function armor() {
  return new ApolloArmor({
    maxTokens: { n: QUERY_LIMITS.maxTokens },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    // Suggestions are removed per caller (anonymous callers in production), not here.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/** Indonesian wording for the limits' English messages (they reach clients as VALIDATION_FAILED). */
export function limitMessage(message: string): string | undefined {
  if (/Token limit|more tha[nt] \d+ tokens/i.test(message))
    return `Permintaan terlalu besar (lebih dari ${QUERY_LIMITS.maxTokens} token).`;
  if (/Aliases limit/i.test(message))
    return `Terlalu banyak alias dalam satu permintaan (maksimal ${QUERY_LIMITS.maxAliases}).`;
  if (/Depth limit/i.test(message)) return `Permintaan terlalu dalam (maksimal ${QUERY_LIMITS.maxDepth} tingkat).`;
  if (/Cost limit/i.test(message)) return 'Permintaan terlalu berat. Pecah menjadi beberapa permintaan.';
  if (/Directives limit/i.test(message)) return 'Terlalu banyak direktif dalam satu permintaan.';
  return undefined;
}
