/**
 * Runs an external tool (ansible-playbook, terraform) for a job: a private run
 * directory, its own process group stopped with SIGINT → SIGTERM → SIGKILL,
 * secrets through inherited pipes, and known secret values masked in output.
 *
 * @packageDocumentation
 */
export { RunDirectories, type RunDirectory } from './RunDirectories';
export {
  RUN_MARKER_VARIABLE,
  findRunProcesses,
  killRunProcesses,
  runProcess,
  type ProcessResult,
  type RunProcessOptions,
} from './processes';
export { SecretMasker } from './SecretMasker';
export { startSshAgent, type RunSshAgent } from './sshAgent';
