export { ConnectionTestCredentialSelect } from './ConnectionTestCredentialSelect';
