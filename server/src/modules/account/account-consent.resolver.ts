import { FieldResolver, Resolver, Root } from 'type-graphql';
import { consentRequirement, type NoticePolicy } from '../../domain/consent';
import { AccountType, ConsentRequirementType } from './account.types';

/** Whether an account still has to accept a newer terms and privacy notice (shown to whoever reads the account). */
@Resolver(() => AccountType)
export class AccountConsentResolver {
  constructor(private readonly notice: NoticePolicy) {}

  @FieldResolver(() => ConsentRequirementType, {
    nullable: true,
    description:
      'The terms and privacy notice the applicant must accept at their next login before anything else ' +
      '(PRIVACY_NOTICE_REACCEPT_FROM is above the version they accepted); null when their consent is current.',
  })
  consentRequired(@Root() account: AccountType): ConsentRequirementType | null {
    return consentRequirement(this.notice, account.consent?.version);
  }
}
