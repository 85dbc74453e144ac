/**
 * The machine registry for other frontend plugins: its API ref and client, and
 * the one machine picker. Test fakes are under
 * `@opssight/plugin-machines-react/testing`.
 *
 * @packageDocumentation
 */
export { machinesApiRef, MachinesClient } from './api';
export type { ConnectionTest, MachinesApi, MachineTag } from './api';
export { MachinePicker } from './components/MachinePicker';
export type { MachinePickerProps } from './components/MachinePicker';
