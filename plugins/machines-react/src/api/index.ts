export { machinesApiRef } from './MachinesApi';
export type { MachinesApi, MachineTag } from './MachinesApi';
export { MachinesClient } from './MachinesClient';
