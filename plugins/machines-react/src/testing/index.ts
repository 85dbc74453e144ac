/**
 * Fakes of the machine registry for the tests of plugins that work on machines.
 *
 * @packageDocumentation
 */
export {
  fakeMachinesApi,
  makeGroup,
  makeMachine,
  makeResult,
} from './fakeMachinesApi';
export { fakeMachineRegistry } from './fakeMachineRegistry';
