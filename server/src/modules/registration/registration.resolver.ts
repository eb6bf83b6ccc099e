import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { AccountType } from '../account/account.types';
import { ProfileInput, Registration, StartRegistrationInput } from './registration.types';
import { RegistrationService } from './registration.service';
import { RegistrationStaff } from './registration-staff.service';
import { VerificationChannel } from '../../domain/enums';
import { ValidationError } from '../../shared/errors';

/** The applicant's operations name the flow by its id; a call with neither id nor reference is a client mistake. */
function requiredId(id: string | undefined): string {
  if (!id) throw new ValidationError({ id: 'Sebutkan id pendaftaran.' });
  return id;
}

@Resolver()
export class RegistrationResolver {
  constructor(
    private readonly registrations: RegistrationService,
    private readonly staff: RegistrationStaff,
  ) {}

  @Query(() => Registration, {
    nullable: true,
    description: 'A registration flow by its id (the id is the capability). CODE_EXPIRED after 24 hours.',
  })
  registration(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Registration | null> {
    return this.registrations.get(ctx, id);
  }

  @Mutation(() => Registration, {
    description: 'Starts a registration and sends a 6-digit code by the chosen channel.',
  })
  startRegistration(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StartRegistrationInput) input: StartRegistrationInput,
  ): Promise<Registration> {
    return this.registrations.start(ctx, input);
  }

  @Mutation(() => Registration, {
    description:
      'Sends a new code; RATE_LIMITED before resendAvailableAt or after 5 sends in an hour. The applicant passes ' +
      'the flow `id`; staff [HELPDESK+] pass the flow `reference` and a `reason` (audited), and the code goes to ' +
      'the applicant.',
  })
  resendRegistrationCode(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('reference', () => ID, { nullable: true }) reference?: string,
    @Arg('reason', () => String, { nullable: true })
    reason?: string,
  ): Promise<Registration> {
    return reference ? this.staff.resend(ctx, reference, reason ?? '') : this.registrations.resend(ctx, requiredId(id));
  }

  @Mutation(() => Registration, {
    description:
      'Changes the email/phone the code goes to and sends a new code (the old one dies). The applicant passes the ' +
      'flow `id` (the channel stays); staff [HELPDESK+] pass `reference`, `channel` and a `reason` (audited).',
  })
  changeRegistrationDestination(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('email', () => String, { nullable: true }) email?: string,
    @Arg('phone', () => String, { nullable: true }) phone?: string,
    @Arg('reference', () => ID, { nullable: true }) reference?: string,
    @Arg('channel', () => VerificationChannel, { nullable: true })
    channel?: VerificationChannel,
    @Arg('reason', () => String, { nullable: true })
    reason?: string,
  ): Promise<Registration> {
    return reference
      ? this.staff.changeDestination(ctx, reference, channel ?? VerificationChannel.EMAIL, email, phone, reason ?? '')
      : this.registrations.changeDestination(ctx, requiredId(id), email, phone);
  }

  @Mutation(() => Registration, { description: 'Checks the 6-digit code (5 wrong tries per code, valid 10 minutes).' })
  verifyRegistration(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('code', () => String) code: string,
  ): Promise<Registration> {
    return this.registrations.verify(ctx, id, code);
  }

  @Mutation(() => Registration, {
    description: 'The one-click link in the verification email: completes VERIFY_CODE without typing the code.',
  })
  verifyRegistrationLink(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('token', () => String) token: string,
  ): Promise<Registration> {
    return this.registrations.verifyLink(ctx, id, token);
  }

  @Mutation(() => Registration, {
    description:
      'Sets the password: 8+ characters with a letter, a digit and one of !@#$%^&*_-; not common, not the NIK, birth date or name.',
  })
  setRegistrationPassword(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('password', () => String) password: string,
    @Arg('passwordConfirmation', () => String) passwordConfirmation: string,
  ): Promise<Registration> {
    return this.registrations.setPassword(ctx, id, password, passwordConfirmation);
  }

  @Mutation(() => AccountType, {
    description: 'Completes the profile; the account becomes ACTIVE and a welcome message with the username is sent.',
  })
  completeRegistration(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('profile', () => ProfileInput) profile: ProfileInput,
    @Arg('acceptTerms', () => Boolean) acceptTerms: boolean,
  ): Promise<AccountType> {
    return this.registrations.complete(ctx, id, profile, acceptTerms);
  }
}
