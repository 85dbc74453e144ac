/***/
/**
 * Web library for the jobs plugin.
 *
 * @packageDocumentation
 */

// In this package you might for example export components or hooks
// that are useful to other plugins or modules.

export * from './components';
export * from './hooks';
