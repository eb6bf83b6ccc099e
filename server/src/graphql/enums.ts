import { registerEnumType } from 'type-graphql';
import {
  BusinessScale,
  NonUmkKind,
  ActorType,
  EntityType,
  VerificationChannel,
  RegistrationStepEnum,
  GenderEnum,
  AccountStatusEnum,
  MessageAction,
} from '../domain/enums';

/** Registers the shared domain enums with their public GraphQL names. */
registerEnumType(BusinessScale, {
  name: 'BusinessScale',
  description: 'UMK: capital up to Rp5 billion excluding land and buildings, Indonesian only.',
});
registerEnumType(NonUmkKind, { name: 'NonUmkKind', description: 'Kind of a NON_UMK applicant.' });
registerEnumType(ActorType, {
  name: 'ActorType',
  description: 'Individual (orang perseorangan) or business entity (badan usaha).',
});
registerEnumType(EntityType, { name: 'EntityType', description: 'Legal form of a business entity.' });
registerEnumType(VerificationChannel, {
  name: 'VerificationChannel',
  description: 'Where the verification code is sent.',
});
registerEnumType(RegistrationStepEnum, {
  name: 'RegistrationStep',
  description: 'VERIFY_CODE -> SET_PASSWORD -> COMPLETE_PROFILE -> DONE',
});
registerEnumType(GenderEnum, { name: 'Gender', description: 'As on the KTP or passport.' });
registerEnumType(AccountStatusEnum, {
  name: 'AccountStatus',
  description:
    'A temporary login lock is not a status. LEGACY: an OSS 1.1 account imported and not yet replaced by its holder.',
});
registerEnumType(MessageAction, {
  name: 'MessageAction',
  description:
    'What staff can do about a message: REDELIVER (redeliverMessage), RESEND_REGISTRATION_CODE ' +
    '(resendRegistrationCode), CHANGE_REGISTRATION_DESTINATION (changeRegistrationDestination).',
});
