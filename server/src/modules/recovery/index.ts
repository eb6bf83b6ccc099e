import { RecoveryResolver } from './recovery.resolver';
export { RecoveryService } from './recovery.service';
export const entities: Function[] = [];
export const resolvers: Function[] = [RecoveryResolver];
