export { machinesApiRef } from './MachinesApi';
export type { ConnectionTest, MachinesApi, MachineTag } from './MachinesApi';
export { MachinesClient } from './MachinesClient';
