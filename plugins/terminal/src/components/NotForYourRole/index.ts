export { NotForYourRole } from './NotForYourRole';
