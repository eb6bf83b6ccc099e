import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { API_SCOPES, ApiKeyService } from '../modules/api-key';
import { runCli, withDatabase } from './run';

const USAGE = `usage: npm run apikey -- create --name NAME --scopes ${API_SCOPES.join(',')}
       npm run apikey -- list
       npm run apikey -- revoke --name NAME`;

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
    const em = orm.em.fork();
    if (command === 'create') {
      const scopes = values
        .scopes!.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const { key, apiKey } = await keys.create(em, values.name!, scopes);
      console.log(`Created API key ${apiKey.name} (${apiKey.scopes.join(',')})`);
      console.log(`key: ${key}`);
      console.log('Store it now: it is shown only once (only its hash is kept).');
    } else if (command === 'list') {
      for (const k of await keys.list(em)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : 'never';
        console.log(`${k.name}\t${k.scopes.join(',')}\t${state}\tlast used: ${used}`);
      }
    } else if (!(await keys.revoke(em, values.name!))) {
      console.error(`Tidak ada kunci API aktif bernama ${values.name}.`);
      return 1;
    } else {
      console.log(`Revoked API key ${values.name}`);
    }
    return 0;
  });
}

runCli(main);
