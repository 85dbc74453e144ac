/**
 * The cluster wizard's scaffolder actions (`opssight:machines:register`,
 * `opssight:clusters:create`) for @backstage/plugin-scaffolder-backend.
 *
 * @packageDocumentation
 */

export { scaffolderModuleClusters as default } from './module';
