export { CredentialSelect, credentialsProblem } from './CredentialSelect';
export { ConnectionTestCredentialSelect } from './ConnectionTestCredentialSelect';
