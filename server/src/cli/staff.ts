import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditService } from '../modules/audit';
import { PasswordLogin, SessionService, ThrottleService } from '../modules/auth';
import { StaffUser } from '../modules/staff/staff.entity';
import { StaffService } from '../modules/staff/staff.service';
import { cliContext, runCli, withDatabase } from './run';

const USAGE = `usage: npm run staff -- create --username NAME --role OUTREACH|HELPDESK|SUPERVISOR|ADMIN [--password P]
       npm run staff -- disable --username NAME`;

/**
 * Staff users from the command line. Each change is audited like its GraphQL
 * twin (STAFF_CREATED, STAFF_DISABLED), by the SYSTEM actor `cli:staff:<OS user>`.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create' && command !== 'disable') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { username: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
  });
  const role = values.role?.toUpperCase();
  const badCreate =
    command === 'create' && role !== 'OUTREACH' && role !== 'HELPDESK' && role !== 'SUPERVISOR' && role !== 'ADMIN';
  if (!values.username || badCreate) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(async (orm) => {
    const audit = new AuditService();
    const staff = new StaffService(new PasswordLogin(new ThrottleService()), new SessionService(), audit);
    const ctx = cliContext(orm.em.fork(), 'staff');
    const username = values.username!.trim().toLowerCase();
    if (command === 'disable') {
      const user = await ctx.em.findOne(StaffUser, { username });
      if (!user) {
        console.error(`Tidak ada staf bernama ${username}.`);
        return 1;
      }
      await staff.disable(ctx, user.id);
      console.log(`Disabled ${user.role} ${user.username}`);
      return 0;
    }
    const result = await ctx.em.transactional(async (em) => {
      const created = await staff.create(em, { username, role: role as StaffUser['role'], password: values.password });
      audit.record(ctx, em, {
        action: 'STAFF_CREATED',
        targetType: 'staff_user',
        targetId: created.staff.id,
        details: { username: created.staff.username, role },
      });
      return created;
    });
    console.log(`Created ${result.staff.role} ${result.staff.username}`);
    if (result.generatedPassword) console.log(`password: ${result.generatedPassword}`);
    if (result.otpauthUri) console.log(`totp: ${result.otpauthUri}`);
    return 0;
  });
}

runCli(main);
