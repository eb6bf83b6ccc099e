import 'reflect-metadata';
import { EventBus } from '../db/event-bus';
import { createServices } from '../composition';
import { runCli, withDatabase } from './run';

/** imported / claimed / pending / removed OSS 1.1 accounts, and the claim deadline. Reads only. */
async function main(): Promise<number> {
  return withDatabase(async (orm, config, databaseUrl) => {
    const services = createServices(config, new EventBus(databaseUrl));
    const r = await services.legacyClaims.report(orm.em.fork());
    const deadline = config.legacy.claimDeadline;
    console.log(`Akun OSS 1.1 (batas penggantian: ${deadline ? deadline.toISOString() : 'tidak diatur'})`);
    console.log(`imported\t${r.imported}\nclaimed\t${r.claimed}\npending\t${r.pending}\nremoved\t${r.removed}`);
    return 0;
  });
}

runCli(main);
