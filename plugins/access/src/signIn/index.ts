export { signInModule } from './module';
export { LocalAuthApi } from './LocalAuthApi';
export type { LocalSession } from './LocalAuthApi';
