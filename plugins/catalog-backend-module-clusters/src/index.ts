/**
 * The OpsSight clusters entity provider module for @backstage/plugin-catalog-backend
 *
 * @packageDocumentation
 */

export { catalogModuleClusters as default } from './module';
