/**
 * Publishes OpsSight's local accounts to the catalog: every account as a User,
 * member of its role Group (opssight-admins, -operators, -viewers).
 *
 * @packageDocumentation
 */
export { catalogModuleUsers as default } from './module';
