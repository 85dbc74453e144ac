import {
  bulkRunRequestSchema,
  sha256Hex,
  type BulkRunRequest,
  type NodeRole,
  type RunTargetSelection,
  type Snippet,
} from '@opssight/plugin-clusters-common';
import { issuesByField } from '@opssight/plugin-machines-common';

export type TargetKind = 'cluster' | 'group' | 'machines';

/** What the run form holds, as typed. */
export type RunForm = {
  targetKind: TargetKind;
  clusterId: string;
  role: 'all' | NodeRole;
  group: string;
  machineIds: string[];
  script: string;
  /** The saved snippet the script came from, if any. */
  snippet: Pick<Snippet, 'id' | 'script'> | null;
  credentialId: string;
  sudo: boolean;
  concurrency: string;
  timeoutSeconds: string;
};

export const DEFAULT_CONCURRENCY = 50;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export function initialRunForm(targets?: RunTargetSelection): RunForm {
  const form: RunForm = {
    targetKind: 'cluster',
    clusterId: '',
    role: 'all',
    group: '',
    machineIds: [],
    script: '',
    snippet: null,
    credentialId: '',
    sudo: false,
    concurrency: String(DEFAULT_CONCURRENCY),
    timeoutSeconds: String(DEFAULT_TIMEOUT_SECONDS),
  };
  if (targets && 'clusterId' in targets) {
    return {
      ...form,
      clusterId: targets.clusterId,
      role: targets.role ?? 'all',
    };
  }
  if (targets && 'group' in targets) {
    return { ...form, targetKind: 'group', group: targets.group };
  }
  if (targets && 'machineIds' in targets) {
    return { ...form, targetKind: 'machines', machineIds: targets.machineIds };
  }
  return form;
}

function targetsOf(form: RunForm): RunTargetSelection {
  switch (form.targetKind) {
    case 'group':
      return { group: form.group };
    case 'machines':
      return { machineIds: form.machineIds };
    default:
      return { clusterId: form.clusterId, role: form.role };
  }
}

const TARGET_PROBLEMS: Record<TargetKind, string> = {
  cluster: 'pick a cluster',
  group: 'pick a machine group',
  machines: 'pick at least one machine',
};

/**
 * The request the form makes, or what is wrong with it, by field. The script
 * as shown always travels: the run executes that text. A saved snippet's
 * script, unchanged, also names the snippet (its name is kept with the run)
 * with the digest of the text the user saw, so the backend refuses the run if
 * someone changed the snippet since.
 */
export function buildRunRequest(
  form: RunForm,
):
  | { request: BulkRunRequest; problems?: undefined }
  | { request?: undefined; problems: Record<string, string> } {
  const fromSnippet = !!form.snippet && form.snippet.script === form.script;
  const request: BulkRunRequest = {
    targets: targetsOf(form),
    script: form.script,
    ...(fromSnippet
      ? { snippetId: form.snippet!.id, scriptSha256: sha256Hex(form.script) }
      : {}),
    credentialId: form.credentialId,
    sudo: form.sudo,
    concurrency:
      form.concurrency.trim() === '' ? NaN : Number(form.concurrency),
    timeoutSeconds:
      form.timeoutSeconds.trim() === '' ? NaN : Number(form.timeoutSeconds),
  };
  const problems: Record<string, string> = {};
  const targetsMissing =
    (form.targetKind === 'cluster' && !form.clusterId) ||
    (form.targetKind === 'group' && !form.group.trim()) ||
    (form.targetKind === 'machines' && form.machineIds.length === 0);
  if (targetsMissing) problems.targets = TARGET_PROBLEMS[form.targetKind];
  if (!form.credentialId)
    problems.credentialId = 'choose the credential to log in with';
  const parsed = bulkRunRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const [field, message] of Object.entries(
      issuesByField(parsed.error),
    )) {
      problems[field] ??= message;
    }
  }
  return Object.keys(problems).length > 0 ? { problems } : { request };
}
