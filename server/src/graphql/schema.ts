import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, ContainerType, PubSub } from 'type-graphql';
import { resolvers } from '../modules';
import { authChecker } from './auth-checker';
import { requestGuards } from './guards';
import './enums';

/** Never asked for an instance: printing the schema executes no resolver. */
const printOnly: ContainerType = {
  get(cls: Function) {
    throw new Error(`Resolver ${cls.name} called while only printing the schema`);
  },
};

/**
 * Builds the executable schema; `pubSub` carries subscription events (see
 * db/event-bus.ts) and `container` hands out the resolver instances wired in
 * composition.ts.
 */
export function createSchema(pubSub: PubSub, container: ContainerType = printOnly): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    globalMiddlewares: [requestGuards],
    pubSub,
    container,
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    emitSchemaFile: false,
  });
}
