export { RunScriptPage } from './RunScriptPage';
export { RunScriptForm } from './RunScriptForm';
