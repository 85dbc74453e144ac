/***/
// The index file in ./components/ is typically responsible for selecting
// which components are public API and should be exported from the package.

export * from './ExampleComponent';
