/**
 * Fakes of the machine registry for the tests of plugins that work on machines.
 *
 * @packageDocumentation
 */
export {
  fakeMachinesApi,
  makeConnectionTestJob,
  makeConnectionTestTarget,
  makeGroup,
  makeMachine,
  makeResult,
} from './fakeMachinesApi';
export { fakeMachineRegistry } from './fakeMachineRegistry';
