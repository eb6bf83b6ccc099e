import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { API_SCOPES, ApiKeyService } from '../modules/api-key';
import { ApiKey } from '../modules/api-key/api-key.entity';
import { AuditService } from '../modules/audit';
import { cliContext, runCli, withDatabase } from './run';

const USAGE = `usage: npm run apikey -- create --name NAME --scopes ${API_SCOPES.join(',')}
       npm run apikey -- list
       npm run apikey -- revoke --name NAME`;

/** Creating and revoking a key are audited (API_KEY_CREATED, API_KEY_REVOKED) by the actor `cli:apikey:<OS user>`. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!['create', 'list', 'revoke'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, scopes: { type: 'string' } } });
  if ((command === 'create' && (!values.name || !values.scopes)) || (command === 'revoke' && !values.name)) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(async (orm, config) => {
    const keys = new ApiKeyService(config.apiKeyRequestsPerMinute);
    const audit = new AuditService();
    const ctx = cliContext(orm.em.fork(), 'apikey');
    const em = ctx.em;
    if (command === 'create') {
      const scopes = values
        .scopes!.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const { key, apiKey } = await em.transactional(async (tem) => {
        const created = await keys.create(tem, values.name!, scopes);
        const { id, name } = created.apiKey;
        audit.record(ctx, tem, {
          action: 'API_KEY_CREATED',
          targetType: 'api_key',
          targetId: id,
          details: { name, scopes: created.apiKey.scopes },
        });
        return created;
      });
      console.log(`Created API key ${apiKey.name} (${apiKey.scopes.join(',')})`);
      console.log(`key: ${key}`);
      console.log('Store it now: it is shown only once (only its hash is kept).');
    } else if (command === 'list') {
      for (const k of await keys.list(em)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : 'never';
        console.log(`${k.name}\t${k.scopes.join(',')}\t${state}\tlast used: ${used}`);
      }
    } else {
      const name = values.name!.trim();
      const revoked = await em.transactional(async (tem) => {
        const active = await tem.find(ApiKey, { name, revokedAt: null });
        if (!active.length || !(await keys.revoke(tem, name))) return false;
        for (const k of active) {
          audit.record(ctx, tem, {
            action: 'API_KEY_REVOKED',
            targetType: 'api_key',
            targetId: k.id,
            details: { name },
          });
        }
        return true;
      });
      if (!revoked) {
        console.error(`Tidak ada kunci API aktif bernama ${name}.`);
        return 1;
      }
      console.log(`Revoked API key ${name}`);
    }
    return 0;
  });
}

runCli(main);
