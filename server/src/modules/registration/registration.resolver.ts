import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { AccountType } from '../account/account.types';
import { ProfileInput, Registration, StartRegistrationInput } from './registration.types';

@Resolver()
export class RegistrationResolver {
  @Query(() => Registration, { nullable: true, description: 'A registration flow by its id (the id is the capability). CODE_EXPIRED after 24 hours.' })
  registration(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Registration | null> {
    return ctx.services.registrations.get(ctx, id);
  }

  @Mutation(() => Registration, { description: 'Starts a registration and sends a 6-digit code by the chosen channel.' })
  startRegistration(@Ctx() ctx: Context, @Arg('input', () => StartRegistrationInput) input: StartRegistrationInput): Promise<Registration> {
    return ctx.services.registrations.start(ctx, input);
  }

  @Mutation(() => Registration, { description: 'Sends a new code; RATE_LIMITED before resendAvailableAt or after 5 sends in an hour.' })
  resendRegistrationCode(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Registration> {
    return ctx.services.registrations.resend(ctx, id);
  }

  @Mutation(() => Registration, { description: 'Changes the email/phone the code goes to (the channel stays) and sends a new code.' })
  changeRegistrationDestination(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('email', () => String, { nullable: true }) email?: string,
    @Arg('phone', () => String, { nullable: true }) phone?: string,
  ): Promise<Registration> {
    return ctx.services.registrations.changeDestination(ctx, id, email, phone);
  }

  @Mutation(() => Registration, { description: 'Checks the 6-digit code (5 wrong tries per code, valid 10 minutes).' })
  verifyRegistration(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('code', () => String) code: string): Promise<Registration> {
    return ctx.services.registrations.verify(ctx, id, code);
  }

  @Mutation(() => Registration, { description: 'The one-click link in the verification email: completes VERIFY_CODE without typing the code.' })
  verifyRegistrationLink(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('token', () => String) token: string): Promise<Registration> {
    return ctx.services.registrations.verifyLink(ctx, id, token);
  }

  @Mutation(() => Registration, { description: 'Sets the password (policy in DESIGN.md).' })
  setRegistrationPassword(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('password', () => String) password: string,
    @Arg('passwordConfirmation', () => String) passwordConfirmation: string,
  ): Promise<Registration> {
    return ctx.services.registrations.setPassword(ctx, id, password, passwordConfirmation);
  }

  @Mutation(() => AccountType, { description: 'Completes the profile; the account becomes ACTIVE and a welcome message with the username is sent.' })
  completeRegistration(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('profile', () => ProfileInput) profile: ProfileInput,
    @Arg('acceptTerms', () => Boolean) acceptTerms: boolean,
  ): Promise<AccountType> {
    return ctx.services.registrations.complete(ctx, id, profile, acceptTerms);
  }
}
