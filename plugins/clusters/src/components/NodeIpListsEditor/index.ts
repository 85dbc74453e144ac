export { NodeIpListsEditor } from './NodeIpListsEditor';
export {
  EMPTY_NODE_IP_LISTS,
  entryLabel,
  splitIpText,
  validNodeIps,
} from './nodeIpLists';
export type { NodeIpLists, NodeRegistration } from './nodeIpLists';
