/***/
/**
 * The opssight-policy module for @backstage/plugin-permission-backend
 *
 * @packageDocumentation
 */

export { permissionModuleOpssightPolicy as default } from './module';
