import { AuthSession } from './session.entity';
export { SessionService } from './session.service';
export { ThrottleService, LOGIN_LIMITS } from './throttle.service';
export const entities = [AuthSession];
export const resolvers: Function[] = [];
