/**
 * The automation backend plugin: Ansible playbooks on the job engine,
 * mounted at /api/automation.
 *
 * @packageDocumentation
 */
export { automationPlugin as default } from './plugin';
export {
  inventoryJson,
  runPlaybook,
  hostKeyAlias,
  type AnsibleHost,
  type AnsibleInventory,
  type PlaybookOptions,
  type PlaybookRun,
  type PlaybookSecrets,
  type RunPlaybookOptions,
} from './ansible/runPlaybook';
export {
  PlaybookResults,
  eventLineReader,
  type AnsibleEvent,
  type HostOutcome,
  type HostRecap,
  type HostTaskStatus,
  type TaskCell,
} from './ansible/events';
export {
  ansibleGroupName,
  resolveRegistryInventory,
  type RegistryInventorySpec,
  type ResolvedInventory,
  type UnreadyMachine,
} from './inventory/registryInventory';
export {
  checkoutGitSource,
  gitSourceProblem,
  GitSourceError,
  type GitAuth,
  type GitCheckout,
  type GitSource,
} from './sources/gitSource';
export {
  PLAYBOOK_JOB_KIND,
  playbookJobHandler,
  type PlaybookJobParams,
  type PlaybookJobSecret,
  type ProjectFiles,
  type RunSource,
} from './runs/playbookJob';
export {
  parseStaticInventory,
  resolveStaticInventory,
  type StaticInventoryFormat,
} from './inventory/staticInventory';
