/***/
/**
 * The opssight-policy module for @backstage/plugin-permission-backend
 *
 * @packageDocumentation
 */

export { permissionModuleOpsSightPolicy as default } from './module';
