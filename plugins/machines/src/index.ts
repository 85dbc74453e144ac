/**
 * Machines: the machine registry's page, its API client and the "Machine" tab of machine entities;
 * and the credential picker other plugins that log in to machines offer.
 *
 * @packageDocumentation
 */
export { machinesPlugin as default } from './plugin';
export { machinesApiRef, MachinesClient } from './api';
export type { MachinesApi, MachineTag } from './api';
export {
  CredentialSelect,
  credentialsProblem,
} from './components/CredentialSelect';
export {
  credentialLabel,
  useLoginCredentials,
} from './hooks/useLoginCredentials';
export type { LoginCredentials } from './hooks/useLoginCredentials';
