/**
 * The server's module list: entities for the ORM, resolvers for the schema.
 * Each module's index.ts exports what it contributes.
 */
import * as account from './account';
import * as apiKey from './api-key';
import * as audit from './audit';
import * as auth from './auth';
import * as breach from './breach';
import * as captcha from './captcha';
import * as complaint from './complaint';
import * as dataRights from './data-rights';
import * as emailChange from './email-change';
import * as legacy from './legacy';
import * as messaging from './messaging';
import * as metrics from './metrics';
import * as outreach from './outreach';
import * as recovery from './recovery';
import * as region from './region';
import * as registration from './registration';
import * as serviceUnit from './service-unit';
import * as staff from './staff';

const modules = [
  account,
  apiKey,
  audit,
  auth,
  breach,
  captcha,
  complaint,
  dataRights,
  emailChange,
  legacy,
  messaging,
  metrics,
  outreach,
  recovery,
  region,
  registration,
  serviceUnit,
  staff,
];

export const entities = modules.flatMap((m) => m.entities);
export const resolvers = modules.flatMap((m) => m.resolvers) as unknown as [Function, ...Function[]];
