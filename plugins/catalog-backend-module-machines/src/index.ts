/***/
/**
 * The OpsSight machines entity provider module for @backstage/plugin-catalog-backend
 *
 * @packageDocumentation
 */

export { catalogModuleMachines as default } from './module';
