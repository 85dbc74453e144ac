/**
 * Machines: the machine registry's page and the "Machine" tab of machine
 * entities. Other plugins use the registry through
 * `@opssight/plugin-machines-react`.
 *
 * @packageDocumentation
 */
export { machinesPlugin as default } from './plugin';
