/***/
/**
 * The opssight-provider backend module for the auth plugin.
 *
 * @packageDocumentation
 */

export { authModuleOpssightProvider as default } from './module';
