import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import type { StaffUser } from './staff.entity';
import { StaffService } from './staff.service';

export enum StaffRoleEnum {
  OUTREACH = 'OUTREACH',
  HELPDESK = 'HELPDESK',
  SUPERVISOR = 'SUPERVISOR',
  ADMIN = 'ADMIN',
}
registerEnumType(StaffRoleEnum, {
  name: 'StaffRole',
  description: 'OUTREACH < HELPDESK < SUPERVISOR < ADMIN; OUTREACH reaches only the outreach desk.',
});

@ObjectType({ description: 'A back-office user (as in a staff session).' })
export class Staff {
  @Field(() => ID, { description: 'Staff id.' }) id: string;
  @Field(() => String, { description: 'Login name.' }) username: string;
  @Field(() => StaffRoleEnum, { description: 'OUTREACH, HELPDESK, SUPERVISOR or ADMIN.' }) role: StaffRoleEnum;
}

@ObjectType('StaffUser', { description: 'A back-office user as administrators manage it.' })
export class StaffUserType {
  @Field(() => ID, { description: 'Staff id.' }) id: string;
  @Field(() => String, { description: 'Login name.' }) username: string;
  @Field(() => StaffRoleEnum, { description: 'OUTREACH, HELPDESK, SUPERVISOR or ADMIN.' }) role: StaffRoleEnum;
  @Field(() => Boolean, { description: 'False once disabled: cannot log in, sessions ended.' }) active: boolean;
  @Field(() => Boolean, { description: 'Whether login needs a TOTP code.' }) totpEnabled: boolean;
  @Field(() => Date, { nullable: true, description: 'Last successful login.' }) lastLoginAt?: Date | null;
  @Field(() => Boolean, {
    description: 'The helpdesk user seeded for a first look at the console; disable it before real use.',
  })
  demo: boolean;
  @Field(() => Boolean, {
    description:
      'Still signs in with a password an administrator generated (a new user, a one-time password not yet replaced).',
  })
  passwordChangeRequired: boolean;
  /** For the `unit` field. */
  unitId: string;
}

@ObjectType({ description: 'A staff user just created or re-keyed: the secrets are shown this once.' })
export class CreatedStaff {
  @Field(() => StaffUserType, { description: 'The staff user.' }) staff: StaffUserType;
  @Field(() => String, {
    nullable: true,
    description: 'One-time password to hand over (null after a TOTP reset).',
  })
  password?: string | null;
  @Field(() => String, { nullable: true, description: 'otpauth:// URI for an authenticator app (SUPERVISOR, ADMIN).' })
  otpauthUri?: string | null;
}

@ObjectType({ description: 'A staff bearer session.' })
export class StaffSession {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' }) token: string;
  @Field(() => Date, { description: 'After this instant the token is refused (it also ends when idle).' })
  expiresAt: Date;
  @Field(() => Staff, { description: 'The logged-in staff user.' }) staff: Staff;
  @Field(() => Boolean, {
    description:
      'True while the password is one an administrator generated (a new user, a one-time password): until ' +
      'changeStaffPassword, the session answers FORBIDDEN (extensions.passwordChangeRequired) to everything but ' +
      'changeStaffPassword, logout and staffLogin (also to schema introspection and complaint attachments).',
  })
  passwordChangeRequired: boolean;
  @Field(() => Boolean, {
    description:
      "Whether the officer works in the national unit (every unit's complaints and metrics, and the national-only " +
      'work such as the breach register) or in a regional one.',
  })
  national: boolean;
}

export const staffView = (s: StaffUser): StaffUserType => ({
  id: s.id,
  username: s.username,
  role: s.role as StaffRoleEnum,
  active: s.active,
  totpEnabled: !!s.totpSecret,
  lastLoginAt: s.lastLoginAt,
  demo: s.demo,
  passwordChangeRequired: s.passwordChangeRequired,
  unitId: s.unitId,
});

@Resolver()
export class StaffResolver {
  constructor(private readonly staff: StaffService) {}

  @Mutation(() => StaffSession, { description: 'Staff login; SUPERVISOR and ADMIN need the TOTP code.' })
  staffLogin(
    @Ctx() ctx: RequestContext,
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Arg('totp', () => String, { nullable: true }) totp?: string,
  ): Promise<StaffSession> {
    return this.staff.login(ctx, username, password, totp) as Promise<StaffSession>;
  }

  @Authorized('OUTREACH')
  @Mutation(() => Boolean, {
    description:
      "The signed-in officer's own new password (policy as for applicants, typed twice, not the current one); " +
      'a wrong current password is VALIDATION_FAILED on currentPassword and counts like a failed login. Other ' +
      'sessions of the user end; this one carries on [any staff role].',
  })
  async changeStaffPassword(
    @Ctx() ctx: RequestContext,
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Arg('newPasswordConfirmation', () => String) newPasswordConfirmation: string,
  ): Promise<boolean> {
    await this.staff.changeOwnPassword(ctx, { currentPassword, newPassword, newPasswordConfirmation });
    return true;
  }

  @Authorized('ADMIN')
  @Query(() => [StaffUserType], { description: 'Every staff user [ADMIN].' })
  async staffUsers(@Ctx() ctx: RequestContext): Promise<StaffUserType[]> {
    return (await this.staff.list(ctx.em)).map(staffView);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedStaff, { description: 'Creates a staff user with a one-time password [ADMIN].' })
  async createStaff(
    @Ctx() ctx: RequestContext,
    @Arg('username', () => String) username: string,
    @Arg('role', () => StaffRoleEnum) role: StaffRoleEnum,
  ): Promise<CreatedStaff> {
    const c = await this.staff.createByAdmin(ctx, username, role);
    return { staff: staffView(c.staff), password: c.generatedPassword, otpauthUri: c.otpauthUri ?? null };
  }

  @Authorized('ADMIN')
  @Mutation(() => StaffUserType, { description: 'Disables a staff user and ends their sessions [ADMIN].' })
  async disableStaff(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<StaffUserType> {
    return staffView(await this.staff.disable(ctx, id));
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedStaff, {
    description: 'Issues a new TOTP secret; the old authenticator stops working [ADMIN].',
  })
  async resetStaffTotp(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<CreatedStaff> {
    const r = await this.staff.resetTotp(ctx, id);
    return { staff: staffView(r.staff), password: null, otpauthUri: r.otpauthUri };
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedStaff, {
    description:
      "Issues a one-time password for another staff user, shown once; the old one stops working and the user's sessions end [ADMIN].",
  })
  async resetStaffPassword(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<CreatedStaff> {
    const r = await this.staff.resetPassword(ctx, id);
    return { staff: staffView(r.staff), password: r.password, otpauthUri: null };
  }
}
