export { AutomationPage } from './AutomationPage';
