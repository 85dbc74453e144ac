export { machinesApiRef } from './MachinesApi';
export type { MachinesApi, MachineTag } from './MachinesApi';
export { MachinesClient } from './MachinesClient';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
