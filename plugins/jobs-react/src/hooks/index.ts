/***/
// The index file in ./hooks/ is typically responsible for selecting
// which hooks are public API and should be exported from the package.

export * from './useExample';
