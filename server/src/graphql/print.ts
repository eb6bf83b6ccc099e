import { lexicographicSortSchema, printSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { createSchema } from './schema';

/** The committed SDL (schema/schema.graphql): sorted, so diffs show real changes only. */
export async function printCommittedSchema(): Promise<string> {
  const schema = await createSchema(createPubSub());
  return `# Generated from the code by \`npm run schema\`. Do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
