export { LoadErrorAlert, PageLoadError } from './LoadErrorAlert';
