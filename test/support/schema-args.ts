import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

export const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

/** A value of the right type for an argument (required input fields filled), `text` for every string. */
export function valueFor(type: GraphQLInputType, text?: string): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, text);
  if (isListType(type)) return [valueFor(type.ofType, text)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) || text !== undefined)
        .map((f) => [f.name, valueFor(f.type, text)]),
    );
  }
  if (isScalarType(type)) {
    if (type.name === 'String') return text ?? 'xxxxx';
    if (type.name === 'ID') return text ?? DUMMY_ID;
    const others: Record<string, unknown> = { Int: 1, Float: 1, Boolean: false, DateTime: new Date().toISOString() };
    return others[type.name] ?? text ?? 'x';
  }
  return null;
}

/** A document calling one root field with variables for its arguments (all of them when `text` is given). */
export function documentFor(
  op: string,
  field: GraphQLField<unknown, unknown>,
  text?: string,
): { query: string; variables: Record<string, unknown> } {
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) || text !== undefined);
  const decl = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${op.toLowerCase()}${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((a) => [a.name, valueFor(a.type, text)])),
  };
}
