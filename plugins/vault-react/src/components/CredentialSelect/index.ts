export { CredentialSelect, credentialsProblem } from './CredentialSelect';
