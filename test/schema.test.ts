import fs from 'node:fs';
import path from 'node:path';
import { createPubSub } from '@graphql-yoga/subscription';
import { isInputObjectType, isObjectType } from 'graphql';
import { printCommittedSchema } from '../server/src/graphql/print';
import { createSchema } from '../server/src/graphql/schema';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8');
    expect(await printCommittedSchema()).toBe(committed);
  });

  it('keeps the names of the public contract other tools rely on', async () => {
    const sdl = await printCommittedSchema();
    for (const name of [
      'captcha: CaptchaChallenge!',
      'provinces: [Region!]!',
      'regencies(provinceCode: String!): [Region!]!',
      'districts(regencyCode: String!): [Region!]!',
      'villages(districtCode: String!): [Region!]!',
      'registration(id: ID!): Registration',
      'me: Account',
      'startRegistration(input: StartRegistrationInput!): Registration!',
      // The applicant passes `id`; staff pass `reference` and `reason` (same operation, so `id` is optional).
      'resendRegistrationCode(id: ID, reason: String, reference: ID): Registration!',
      'changeRegistrationDestination(channel: VerificationChannel, email: String, id: ID, phone: String, reason: String, reference: ID): Registration!',
      'registrations(after: String, filter: RegistrationFilter, first: Int = 25): RegistrationConnection!',
      'verifyRegistration(code: String!, id: ID!): Registration!',
      'setRegistrationPassword(id: ID!, password: String!, passwordConfirmation: String!): Registration!',
      'completeRegistration(acceptTerms: Boolean!, id: ID!, profile: ProfileInput!): Account!',
      'login(captcha: CaptchaAnswer, identifier: String!, password: String!): Session!',
      'logout: Boolean!',
      'staffLogin(password: String!, totp: String, username: String!): StaffSession!',
      'accountStatusChanged(id: ID): AccountStatusEvent!',
    ]) {
      expect(sdl).toContain(name);
    }
  });

  it('describes every public type and field', async () => {
    const schema = await createSchema(createPubSub());
    const missing: string[] = [];
    const roots = ['Query', 'Mutation', 'Subscription', 'String', 'Boolean', 'Int', 'Float', 'ID'];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description && !roots.includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()))
          if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
