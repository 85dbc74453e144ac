export {
  machinesApiRef,
  MachinesClient,
} from '@opssight/plugin-machines-react';
export type { MachinesApi } from '@opssight/plugin-machines-react';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
