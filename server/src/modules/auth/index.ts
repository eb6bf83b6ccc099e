import { AuthSession } from './session.entity';
import { AccountToken } from './token.entity';
import { AccountLoginLockResolver } from './login-lock.resolver';
export { SessionService } from './session.service';
export { ThrottleService, LOGIN_LIMITS } from './throttle.service';
export { TokenService } from './token.service';
export { PasswordLogin } from './password-login';
export const entities = [AuthSession, AccountToken];
export const resolvers: Function[] = [AccountLoginLockResolver];
