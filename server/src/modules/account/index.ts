import { Account } from './account.entity';
import { AccountResolver } from './account.resolver';
export { AccountService } from './account.service';
export const entities = [Account];
export const resolvers: Function[] = [AccountResolver];
