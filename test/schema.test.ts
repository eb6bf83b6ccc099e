import fs from 'node:fs';
import path from 'node:path';
import { printCommittedSchema } from '../server/src/graphql/print';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8');
    expect(await printCommittedSchema()).toBe(committed);
  });

  it('keeps the names of the public contract (shared/API.md)', async () => {
    const sdl = await printCommittedSchema();
    for (const name of [
      'captcha: CaptchaChallenge!', 'provinces: [Region!]!', 'regencies(provinceCode: String!): [Region!]!',
      'districts(regencyCode: String!): [Region!]!', 'villages(districtCode: String!): [Region!]!',
      'registration(id: ID!): Registration', 'me: Account',
      'startRegistration(input: StartRegistrationInput!): Registration!', 'resendRegistrationCode(id: ID!): Registration!',
      'changeRegistrationDestination(email: String, id: ID!, phone: String): Registration!',
      'verifyRegistration(code: String!, id: ID!): Registration!',
      'setRegistrationPassword(id: ID!, password: String!, passwordConfirmation: String!): Registration!',
      'completeRegistration(acceptTerms: Boolean!, id: ID!, profile: ProfileInput!): Account!',
      'login(captcha: CaptchaAnswer, identifier: String!, password: String!): Session!', 'logout: Boolean!',
      'staffLogin(password: String!, totp: String, username: String!): StaffSession!',
      'accountStatusChanged(id: ID): AccountStatusEvent!',
    ]) {
      expect(sdl).toContain(name);
    }
  });
});
