import { ClassType, Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page ends and whether another follows.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether a further page exists.' }) hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor?: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
  totalCountIsEstimate: boolean;
}

/** A Relay-style connection type for one node type: `{ edges { cursor node } pageInfo totalCount }`. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque position of this node.' }) cursor: string;
    @Field(() => node, { description: 'The node.' }) node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} nodes.` })
  class Conn implements ConnectionShape<T> {
    @Field(() => [Edge], { description: 'The nodes of this page, in order.' }) edges: Edge[];
    @Field(() => PageInfo, { description: 'Paging state.' }) pageInfo: PageInfo;
    @Field(() => Int, { description: 'All matches (an estimate when totalCountIsEstimate).' }) totalCount: number;
    @Field(() => Boolean, { description: 'True when totalCount is the planner estimate (above 10,000 matches).' })
    totalCountIsEstimate: boolean;
  }
  return Conn;
}

/** Builds a connection value from nodes and their cursors. */
export function toConnection<T>(p: {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
  totalCountIsEstimate?: boolean;
}): ConnectionShape<T> {
  return {
    edges: p.nodes.map((node, i) => ({ node, cursor: p.cursors[i] })),
    pageInfo: { hasNextPage: p.hasNextPage, endCursor: p.cursors.at(-1) ?? null },
    totalCount: p.totalCount,
    totalCountIsEstimate: p.totalCountIsEstimate ?? false,
  };
}
