/**
 * Test helpers for consumers of the machines service: an in-memory registry
 * that answers as the machines plugin does.
 *
 * @packageDocumentation
 */
export {
  InMemoryMachinesService,
  makeMachine,
} from './InMemoryMachinesService';
export type { InMemoryMachinesAccess } from './InMemoryMachinesService';
