import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { StaffService } from './staff.service';

export enum StaffRoleEnum {
  HELPDESK = 'HELPDESK',
  SUPERVISOR = 'SUPERVISOR',
  ADMIN = 'ADMIN',
}
registerEnumType(StaffRoleEnum, { name: 'StaffRole', description: 'HELPDESK < SUPERVISOR < ADMIN' });

@ObjectType({ description: 'A back-office user.' })
export class Staff {
  @Field(() => ID, { description: 'Staff id.' }) id: string;
  @Field(() => String, { description: 'Login name.' }) username: string;
  @Field(() => StaffRoleEnum, { description: 'HELPDESK, SUPERVISOR or ADMIN.' }) role: StaffRoleEnum;
}

@ObjectType({ description: 'A staff bearer session.' })
export class StaffSession {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' }) token: string;
  @Field(() => Date, { description: 'After this instant the token is refused.' }) expiresAt: Date;
  @Field(() => Staff, { description: 'The logged-in staff user.' }) staff: Staff;
}

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
}
