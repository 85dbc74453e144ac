/**
 * Machines: the machine registry's page, its API client and the "Machine" tab of machine entities.
 *
 * @packageDocumentation
 */
export { machinesPlugin as default } from './plugin';
export { machinesApiRef, MachinesClient } from './api';
export type { MachinesApi, MachineTag } from './api';
