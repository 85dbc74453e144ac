export { TestConnectionButton } from './TestConnectionButton';
