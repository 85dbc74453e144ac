import { pageQuery, unknownKeys } from '@opssight/plugin-validation-common';
import yaml from 'js-yaml';
import { z } from 'zod';

/* The projects part of the automation API: its types and request schemas. */

/** Where a project's playbooks come from. */
export type ProjectSource =
  /** Files stored and versioned in OpsSight. */
  | { kind: 'files' }
  | {
      kind: 'git';
      url: string;
      /** A branch, a tag or a commit. */
      ref: string;
      /** The folder inside the repository that holds the project. */
      subPath: string | null;
      /** The vault credential git signs in with (SSH key, password or API token). */
      credentialId: string | null;
      /**
       * The SSH host key an ssh:// remote is pinned to (`ssh-ed25519 AAAA…`):
       * given when the project is saved, or the key met on its first fetch.
       * A fetch that meets another key fails with "host key changed". Null
       * until then; in a request, null forgets the pinned key and leaving it
       * out keeps it (unless the URL changes).
       */
      hostKey?: string | null;
      /** The pinned key's fingerprint as ssh-keygen shows it (`SHA256:…`); answers only. */
      hostKeyFingerprint?: string | null;
    };

/** A project: a stored, versioned file tree, or a git repository. */
export type Project = {
  id: string;
  name: string;
  description: string;
  source: ProjectSource;
  /** Who created it (`user:default/alice`); only they or an Admin change it. */
  owner: string;
  /** A stored project's newest version; null for git. */
  latestVersion: number | null;
  createdAt: string;
  updatedAt: string;
};

/** One saved version of a stored project: immutable. */
export type ProjectVersion = {
  number: number;
  author: string;
  message: string;
  fileCount: number;
  /** Bytes of text. */
  size: number;
  /** The version this one restored, when it is a restore. */
  restoredFrom: number | null;
  createdAt: string;
};

export type ProjectFile = { path: string; content: string };

/** What changed in one file between two versions. */
export type FileChange = {
  path: string;
  status: 'added' | 'removed' | 'modified';
  /** A unified diff. */
  patch: string;
};

/** One error `ansible-playbook --syntax-check` reported, where it points. */
export type SyntaxProblem = {
  /** The playbook being checked. */
  playbook: string;
  /** The file the error is in, relative to the project (a role's file, say). */
  file: string;
  line: number | null;
  column: number | null;
  message: string;
};

/** A syntax check of a project's playbooks (a job). */
export type SyntaxCheck = {
  jobId: string;
  status:
    | 'queued'
    | 'running'
    | 'succeeded'
    | 'failed'
    | 'cancelled'
    | 'timed_out'
    | 'interrupted';
  /** The stored version checked; null for git. */
  version: number | null;
  /** The git commit checked, once known; null for stored projects. */
  commit: string | null;
  /** The playbooks checked, once known. */
  playbooks: string[];
  problems: SyntaxProblem[];
  /** Why the check could not run (the git fetch failed, …). */
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

const GIT_REF = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;
/** git's scp-like SSH spelling: `[user@]host:path`, host not an option. */
const GIT_SCP_LIKE =
  /^(?:[^@/:[\]\s]+@)?(?!-)(?:\[[^\]\s]+\]|[^:/[\]\s]+):(?!\/\/)\S+$/;
/** An OpenSSH public key: type and base64 (a comment after them is dropped). */
const SSH_PUBLIC_KEY =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) ([A-Za-z0-9+/]+={0,3})$/;
const GIT_SUB_PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/ -]{1,300}$/;

/**
 * Why a git URL cannot be fetched from, as a 400 names it (`url: …`):
 * https:// or ssh://, never an option, never credentials in it (they belong
 * in the vault). `file://` only where the backend's configuration allows.
 */
export function gitUrlProblem(
  url: string,
  options: { allowFileUrls: boolean },
): string | undefined {
  const trimmed = url.trim();
  if (!trimmed) return 'url: is required';
  if (trimmed.length > 2000) return 'url: must be at most 2000 characters';
  if (trimmed.startsWith('-')) return 'url: must not start with "-"';
  if (/^file:\/\//.test(trimmed)) {
    return options.allowFileUrls
      ? undefined
      : 'url: file:// repositories are not allowed here (automation.allowFileGitUrls)';
  }
  if (GIT_SCP_LIKE.test(trimmed) && !trimmed.includes('://')) {
    return undefined;
  }
  if (!/^(https|ssh):\/\/[^\s]+$/.test(trimmed)) {
    return 'url: use an https:// or ssh:// URL';
  }
  if (/^https:\/\/[^/]*@/.test(trimmed)) {
    return 'url: put the credentials in the vault, not in the URL';
  }
  return undefined;
}

/** An SSH public key as `type base64`, without a comment or spaces around. */
export function normalGitHostKey(hostKey: string): string {
  return hostKey.trim().split(/\s+/).slice(0, 2).join(' ');
}

/** Why a pinned host key is not an SSH public key as OpenSSH writes it (`hostKey: …`). */
export function gitHostKeyProblem(hostKey: string): string | undefined {
  return SSH_PUBLIC_KEY.test(normalGitHostKey(hostKey))
    ? undefined
    : 'hostKey: an SSH public key as OpenSSH writes it (ssh-ed25519 AAAA…)';
}

/** Why a git ref is not a branch, tag or commit name (`ref: …`). */
export function gitRefProblem(ref: string): string | undefined {
  return GIT_REF.test(ref)
    ? undefined
    : 'ref: a branch, tag or commit (letters, digits, . _ / -)';
}

/** Why a sub-path is not a relative folder inside the repository (`subPath: …`). */
export function gitSubPathProblem(subPath: string): string | undefined {
  return GIT_SUB_PATH.test(subPath)
    ? undefined
    : 'subPath: a relative folder inside the repository';
}

/** A problem's text without its field name: zod names the field itself. */
const bare = (problem: string) => problem.replace(/^[A-Za-z]+: /, '');

export const projectNameSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(100, 'must be at most 100 characters')
  .regex(/^\P{Cc}+$/u, 'must not contain control characters');

const descriptionSchema = z
  .string({ error: 'must be text' })
  .max(2000, 'must be at most 2000 characters');

const gitSourceSchema = z.strictObject(
  {
    kind: z.literal('git'),
    // file:// is allowed here; the backend refuses it unless configured.
    url: z
      .string({ error: 'is required' })
      .trim()
      .superRefine((url, ctx) => {
        const problem = gitUrlProblem(url, { allowFileUrls: true });
        if (problem) ctx.addIssue({ code: 'custom', message: bare(problem) });
      }),
    ref: z
      .string({ error: 'is required' })
      .trim()
      .min(1, { error: 'is required', abort: true })
      .superRefine((ref, ctx) => {
        const problem = gitRefProblem(ref);
        if (problem) ctx.addIssue({ code: 'custom', message: bare(problem) });
      }),
    subPath: z
      .string({ error: 'must be text' })
      .trim()
      .transform(p => p.replace(/\/+$/, ''))
      .superRefine((subPath, ctx) => {
        if (!subPath) return;
        const problem = gitSubPathProblem(subPath);
        if (problem) ctx.addIssue({ code: 'custom', message: bare(problem) });
      })
      .transform(p => p || null)
      .nullish()
      .transform(p => p ?? null),
    credentialId: z
      .uuid({ error: 'must be a credential id (a UUID)' })
      .nullish()
      .transform(c => c ?? null),
    // Left out: keep what is pinned; null: forget it (the next fetch pins).
    hostKey: z
      .string({ error: 'must be text' })
      .superRefine((key, ctx) => {
        const problem = gitHostKeyProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', message: bare(problem) });
      })
      .transform(normalGitHostKey)
      .nullish(),
  },
  { error: unknownKeys() },
);

export const projectSourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('files') }, { error: unknownKeys() }),
    gitSourceSchema,
  ],
  { error: "kind: must be 'files' or 'git'" },
);

/** POST /projects. */
export const createProjectSchema = z.strictObject(
  {
    name: projectNameSchema,
    description: descriptionSchema.trim().default(''),
    source: projectSourceSchema,
  },
  { error: unknownKeys() },
);
export type CreateProjectInput = z.input<typeof createProjectSchema>;

/** PUT /projects/{id}: the fields that change; a project's kind never does. */
export const updateProjectSchema = z.strictObject(
  {
    name: projectNameSchema.optional(),
    description: descriptionSchema.trim().optional(),
    source: projectSourceSchema.optional(),
  },
  { error: unknownKeys() },
);
export type UpdateProjectInput = z.input<typeof updateProjectSchema>;

const messageSchema = z
  .string({ error: 'must be text' })
  .trim()
  .max(1000, 'must be at most 1000 characters');

/**
 * POST /projects/{id}/versions. The files are checked by the store (paths,
 * sizes, text) with the same `files[2].path: …` wording.
 */
export const saveVersionSchema = z.strictObject(
  {
    baseVersion: z
      .number({ error: 'must be the version the edit started from' })
      .int('must be a whole number')
      .min(1, 'must be 1 or more'),
    message: messageSchema.default(''),
    files: z
      .array(
        z.strictObject(
          {
            path: z.string({ error: 'must be text' }),
            content: z.string({ error: 'must be text' }),
          },
          { error: unknownKeys() },
        ),
        { error: 'must be a list of files' },
      )
      .min(1, 'a project needs at least one file'),
  },
  { error: unknownKeys() },
);
export type SaveVersionInput = z.input<typeof saveVersionSchema>;

/** POST /projects/{id}/versions/{version}/restore. */
export const restoreVersionSchema = z.strictObject(
  { message: messageSchema.optional() },
  { error: unknownKeys() },
);

const versionNumber = z.coerce
  .number({ error: 'must be a version number' })
  .int('must be a version number')
  .min(1, 'must be a version number');

/** A version in a path (`/versions/{version}`). */
export const versionParamSchema = z.strictObject({ version: versionNumber });

/** GET /projects/{id}/diff. */
export const diffQuerySchema = z.strictObject(
  { from: versionNumber, to: versionNumber },
  { error: unknownKeys('query parameter') },
);

const page = pageQuery(500);

/** GET /projects and GET /projects/{id}/versions. */
export const projectListQuerySchema = z.strictObject(
  {
    q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
    limit: page.limit.default(50),
    offset: page.offset.default(0),
  },
  { error: unknownKeys('query parameter') },
);

const PLAY_KEYS = [
  'hosts',
  'import_playbook',
  'ansible.builtin.import_playbook',
];
const PLAY_LINE =
  /^-\s+(hosts|import_playbook|ansible\.builtin\.import_playbook)\s*:/m;

/**
 * The playbooks of a project: top-level `*.yml` / `*.yaml` files that are
 * plays (a list of mappings with `hosts` or `import_playbook`), in path
 * order. A file that does not parse counts when a line looks like a play's
 * start, so that a broken playbook is still offered to the syntax check.
 */
export function playbookPaths(files: ProjectFile[]): string[] {
  return files
    .filter(f => /^[^/]+\.ya?ml$/.test(f.path) && isPlaybook(f.content))
    .map(f => f.path)
    .sort();
}

function isPlaybook(content: string): boolean {
  let doc: unknown;
  try {
    doc = yaml.load(content, { schema: yaml.CORE_SCHEMA, json: true });
  } catch {
    return PLAY_LINE.test(content);
  }
  return (
    Array.isArray(doc) &&
    doc.length > 0 &&
    doc.every(
      play =>
        typeof play === 'object' &&
        play !== null &&
        PLAY_KEYS.some(key => key in play),
    )
  );
}

/** The first version of a new stored project. */
export const STARTER_PLAYBOOK: ProjectFile = {
  path: 'site.yml',
  content: `- name: Say hello
  hosts: all
  gather_facts: false
  tasks:
    - name: Show where the play runs
      ansible.builtin.debug:
        msg: "Hello from {{ inventory_hostname }}"
`,
};
