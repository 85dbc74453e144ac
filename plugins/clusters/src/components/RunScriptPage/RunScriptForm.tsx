import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import EditIcon from '@mui/icons-material/Edit';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import SaveIcon from '@mui/icons-material/Save';
import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import { MachinePicker, machinesApiRef } from '@opssight/plugin-machines-react';
import {
  CredentialSelect,
  credentialsProblem,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';
import type {
  RunTargetSelection,
  Snippet,
} from '@opssight/plugin-clusters-common';
import { sshLoginUser, type Machine } from '@opssight/plugin-machines-common';
import type { Job } from '@opssight/plugin-jobs-common';
import { clustersApiRef, errorMessage } from '../../api';
import { plural } from '../../format';
import { useClusterPermissions } from '../../hooks/useClusterPermissions';
import { nodeCounts } from '../ClustersPage';
import {
  buildRunRequest,
  initialRunForm,
  type RunForm,
  type TargetKind,
} from './runRequest';

const NO_SNIPPET = '';

/** The run's limits, typed as numbers; checked again by runRequest. */
const LIMIT_FIELDS = [
  {
    field: 'concurrency',
    label: 'Concurrency',
    help: 'Hosts at a time, 1–500',
    max: 500,
  },
  {
    field: 'timeoutSeconds',
    label: 'Timeout per host (s)',
    help: '1–3600 seconds',
    max: 3600,
  },
] as const;

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 2.5 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
        {props.title}
      </Typography>
      {props.children}
    </Paper>
  );
}

/**
 * Saves the script shown as a new snippet (also a copy of someone else's),
 * or, for a snippet the user may edit, as that snippet's new text.
 */
function SnippetDialog(props: {
  script: string;
  /** The snippet to edit; none to save a new one. */
  editing?: Snippet;
  initialName?: string;
  initialDescription?: string;
  onSaved: (snippet: Snippet) => void;
  onClose: () => void;
}) {
  const api = useApi(clustersApiRef);
  const { editing } = props;
  const [name, setName] = useState(editing?.name ?? props.initialName ?? '');
  const [description, setDescription] = useState(
    editing?.description ?? props.initialDescription ?? '',
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const save = async () => {
    setBusy(true);
    setError(undefined);
    const input = { name: name.trim(), description, script: props.script };
    try {
      props.onSaved(
        editing
          ? await api.updateSnippet(editing.id, input)
          : await api.createSnippet(input),
      );
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  const title = editing ? `Edit snippet ${editing.name}` : 'Save as snippet';
  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="save-snippet-title"
    >
      <DialogTitle id="save-snippet-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            label="Name"
            required
            value={name}
            onChange={e => setName(e.target.value)}
            helperText={
              editing
                ? 'Saves the script as shown in the form.'
                : 'Everyone can pick it for their runs; only you (and Admins) can change it.'
            }
          />
          <TextField
            label="Description"
            value={description}
            onChange={e => setDescription(e.target.value)}
            multiline
            minRows={2}
          />
          {error && <Alert severity="error">{error}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          onClick={save}
          disabled={busy || !name.trim()}
        >
          Save snippet
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * Who a run logs in as, by the rule every SSH login follows (the machine's
 * SSH user, else the credential's username): per picked machine when they
 * are known, else the rule itself for a cluster's nodes or a group.
 */
export function loginSummary(
  credentialUsername: string,
  machines?: Machine[],
): { text: string; nobody: boolean } {
  if (!machines || machines.length === 0) {
    return {
      text: credentialUsername
        ? `Logs in as each machine's SSH user, else as ${credentialUsername}`
        : "Logs in as each machine's SSH user; machines without one are refused, since this credential has no username",
      nobody: false,
    };
  }
  const byUser = new Map<string, string[]>();
  for (const machine of machines) {
    const user = sshLoginUser(machine, credentialUsername) ?? '';
    byUser.set(user, [...(byUser.get(user) ?? []), machine.hostname]);
  }
  const nobody = byUser.get('');
  byUser.delete('');
  const users = [...byUser.keys()];
  const parts =
    users.length === 1 && !nobody
      ? [`Logs in as ${users[0]}`]
      : [
          ...(users.length
            ? [
                `Logs in as ${users
                  .map(u => `${u} on ${byUser.get(u)!.join(', ')}`)
                  .join('; ')}`,
              ]
            : []),
          ...(nobody
            ? [
                `${nobody.join(
                  ', ',
                )}: no SSH user on the machine and no username on the credential, so nobody to log in as`,
              ]
            : []),
        ];
  return { text: parts.join('. '), nobody: !!nobody };
}

/**
 * What to run, where and how: targets (a cluster's nodes, a machine group or
 * picked machines), the script (or a saved snippet), the credential, sudo,
 * concurrency and the per-host timeout. Run starts it (POST /runs); viewers
 * see the form without the Run button.
 */
export function RunScriptForm(props: {
  initialTargets?: RunTargetSelection;
  onStarted: (job: Job) => void;
}) {
  const api = useApi(clustersApiRef);
  const machinesApi = useApiHolder().get(machinesApiRef);
  const permissions = useClusterPermissions();
  const credentials = useLoginCredentials();
  const [form, setForm] = useState<RunForm>(() =>
    initialRunForm(props.initialTargets),
  );
  const [pickedMachines, setPickedMachines] = useState<Machine[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [snippetDialog, setSnippetDialog] = useState<
    'new' | 'edit' | 'copy' | null
  >(null);
  const update = (change: Partial<RunForm>) =>
    setForm(f => ({ ...f, ...change }));

  const clusters = useAsyncRetry(() => api.listClusters(), [api]);
  const snippets = useAsyncRetry(() => api.listSnippets(), [api]);
  // A snippet saved here is picked at once, before the list is loaded again.
  const [saved, setSaved] = useState<Snippet[]>([]);
  const snippetOptions = [
    ...(snippets.value ?? []).map(
      loaded => saved.find(s => s.id === loaded.id) ?? loaded,
    ),
    ...saved.filter(s => !snippets.value?.some(loaded => loaded.id === s.id)),
  ];
  const pickedSnippet = snippetOptions.find(s => s.id === form.snippet?.id);
  const groups = useAsync(
    async () => (machinesApi ? machinesApi.listGroups() : []),
    [machinesApi],
  );
  // Machines given by id (from a link) are shown once the registry names them.
  useAsync(async () => {
    if (
      !machinesApi ||
      form.machineIds.length === 0 ||
      pickedMachines.length > 0
    )
      return;
    const found = await Promise.all(
      form.machineIds.map(id =>
        machinesApi.getMachine(id).catch(() => undefined),
      ),
    );
    setPickedMachines(found.filter((m): m is Machine => !!m));
  }, [machinesApi]);

  const built = buildRunRequest(form);
  const credential = credentials.usable.find(c => c.id === form.credentialId);
  const login = credential
    ? loginSummary(
        credential.username,
        form.targetKind === 'machines' ? pickedMachines : undefined,
      )
    : undefined;
  const problems = submitted ? built.problems ?? {} : {};
  const cluster = clusters.value?.items.find(c => c.id === form.clusterId);

  let targetSummary: string | undefined;
  if (form.targetKind === 'cluster' && cluster) {
    const { masters, workers } = nodeCounts(cluster);
    const count = { all: masters + workers, master: masters, worker: workers }[
      form.role
    ];
    targetSummary = `${plural(count, 'node')} of ${cluster.name}`;
  } else if (form.targetKind === 'group' && form.group) {
    const group = groups.value?.find(g => g.name === form.group);
    targetSummary = group
      ? `${plural(group.machineCount, 'machine')} of group ${group.name}`
      : `the machines of group ${form.group}`;
  } else if (form.targetKind === 'machines' && form.machineIds.length > 0) {
    targetSummary = plural(form.machineIds.length, 'machine');
  }

  const run = async () => {
    setSubmitted(true);
    if (!built.request) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onStarted(await api.startRun(built.request));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const pickSnippet = (id: string) => {
    const snippet = snippetOptions.find(s => s.id === id);
    update(
      snippet
        ? {
            snippet: { id: snippet.id, script: snippet.script },
            script: snippet.script,
          }
        : { snippet: null },
    );
  };

  return (
    <Stack spacing={2}>
      {!permissions.canRun && !permissions.loading && (
        <Alert severity="info">
          Your role can look at runs, not start them: operators and admins run
          scripts.
        </Alert>
      )}

      <Section title="Targets">
        <Stack spacing={2}>
          <RadioGroup
            row
            aria-label="Run on"
            value={form.targetKind}
            onChange={e => update({ targetKind: e.target.value as TargetKind })}
          >
            <FormControlLabel
              value="cluster"
              control={<Radio />}
              label="A cluster's nodes"
            />
            {machinesApi && (
              <FormControlLabel
                value="group"
                control={<Radio />}
                label="A machine group"
              />
            )}
            {machinesApi && (
              <FormControlLabel
                value="machines"
                control={<Radio />}
                label="Picked machines"
              />
            )}
          </RadioGroup>
          {form.targetKind === 'cluster' && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                select
                label="Cluster"
                value={cluster ? form.clusterId : ''}
                onChange={e => update({ clusterId: e.target.value })}
                sx={{ minWidth: 260 }}
                error={!!problems.targets}
                helperText={
                  problems.targets ??
                  (clusters.error
                    ? `Could not load clusters: ${errorMessage(clusters.error)}`
                    : undefined)
                }
                SelectProps={{ displayEmpty: true }}
                InputLabelProps={{ shrink: true }}
              >
                <MenuItem value="" disabled>
                  {clusters.loading ? 'Loading clusters…' : 'Choose a cluster'}
                </MenuItem>
                {(clusters.value?.items ?? []).map(c => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.name} ({c.environment})
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                label="Nodes"
                value={form.role}
                onChange={e =>
                  update({ role: e.target.value as RunForm['role'] })
                }
                sx={{ minWidth: 200 }}
              >
                <MenuItem value="all">All nodes</MenuItem>
                <MenuItem value="master">Masters only</MenuItem>
                <MenuItem value="worker">Workers only</MenuItem>
              </TextField>
            </Stack>
          )}
          {form.targetKind === 'group' && (
            <TextField
              select
              label="Machine group"
              value={form.group}
              onChange={e => update({ group: e.target.value })}
              sx={{ maxWidth: 400 }}
              error={!!problems.targets}
              helperText={problems.targets}
              SelectProps={{ displayEmpty: true }}
              InputLabelProps={{ shrink: true }}
            >
              <MenuItem value="" disabled>
                {groups.loading ? 'Loading groups…' : 'Choose a group'}
              </MenuItem>
              {(groups.value ?? []).map(g => (
                <MenuItem key={g.id} value={g.name}>
                  {g.name} ({plural(g.machineCount, 'machine')})
                </MenuItem>
              ))}
            </TextField>
          )}
          {form.targetKind === 'machines' && (
            <MachinePicker
              multiple
              value={pickedMachines}
              onChange={machines => {
                setPickedMachines(machines);
                update({ machineIds: machines.map(m => m.id) });
              }}
              error={problems.targets}
            />
          )}
        </Stack>
      </Section>

      <Section title="Script">
        <Stack spacing={2}>
          <Stack
            direction={{ xs: 'column', sm: 'row' }}
            spacing={2}
            alignItems={{ sm: 'center' }}
          >
            <TextField
              select
              label="Saved snippet"
              value={form.snippet?.id ?? NO_SNIPPET}
              onChange={e => pickSnippet(e.target.value)}
              sx={{ minWidth: 280 }}
              SelectProps={{ displayEmpty: true }}
              InputLabelProps={{ shrink: true }}
              helperText={
                snippets.error
                  ? `Could not load snippets: ${errorMessage(snippets.error)}`
                  : undefined
              }
            >
              <MenuItem value={NO_SNIPPET}>
                None: write the script below
              </MenuItem>
              {snippetOptions.map(s => (
                <MenuItem key={s.id} value={s.id}>
                  {s.name}
                </MenuItem>
              ))}
            </TextField>
            {form.snippet && form.snippet.script !== form.script && (
              <Typography variant="body2" color="text.secondary">
                Changed from the snippet: runs as written here.
              </Typography>
            )}
            <Box sx={{ flexGrow: 1 }} />
            {permissions.canRun && pickedSnippet && (
              // Someone else's snippet: changed as a copy of one's own.
              <Tooltip
                title={
                  pickedSnippet.canEdit
                    ? ''
                    : "Only the snippet's owner or an Admin can change it; a copy is yours"
                }
              >
                <span>
                  <Button
                    startIcon={
                      pickedSnippet.canEdit ? <EditIcon /> : <ContentCopyIcon />
                    }
                    disabled={!form.script.trim()}
                    onClick={() =>
                      setSnippetDialog(pickedSnippet.canEdit ? 'edit' : 'copy')
                    }
                  >
                    {pickedSnippet.canEdit ? 'Edit snippet' : 'Copy snippet'}
                  </Button>
                </span>
              </Tooltip>
            )}
            {permissions.canRun && (
              <Button
                startIcon={<SaveIcon />}
                disabled={!form.script.trim()}
                onClick={() => setSnippetDialog('new')}
              >
                Save as snippet
              </Button>
            )}
          </Stack>
          <TextField
            label="Script"
            multiline
            minRows={10}
            maxRows={30}
            value={form.script}
            onChange={e => update({ script: e.target.value })}
            placeholder={'#!/bin/bash\nset -euo pipefail\nuptime'}
            error={!!problems.script}
            helperText={
              problems.script ??
              'Runs with bash on every target (its standard input), as the login user below.'
            }
            inputProps={{ spellCheck: false, 'aria-label': 'Script' }}
            InputProps={{ sx: { fontFamily: 'monospace', fontSize: 13 } }}
          />
        </Stack>
      </Section>

      <Section title="How">
        <Stack spacing={2}>
          {credentials.available ? (
            <CredentialSelect
              id="run-credential"
              label="Log in with"
              sx={{ maxWidth: 480 }}
              credentials={credentials}
              choices={[{ value: '', label: 'Choose a credential' }]}
              value={form.credentialId}
              onChange={credentialId => update({ credentialId })}
              error={!!problems.credentialId || !!login?.nobody}
              helperText={
                problems.credentialId ??
                credentialsProblem(credentials) ??
                login?.text
              }
            />
          ) : (
            <Alert severity="warning">
              Runs log in with a vault credential, and this portal has no vault.
            </Alert>
          )}
          <FormControlLabel
            control={
              <Checkbox
                checked={form.sudo}
                onChange={e => update({ sudo: e.target.checked })}
              />
            }
            label="Run as root (sudo)"
          />
          <FormHelperText sx={{ mt: '-12px !important', ml: 4 }}>
            With the credential’s password when it has one, else passwordless
            sudo (sudo -n).
          </FormHelperText>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            {LIMIT_FIELDS.map(({ field, label, help, max }) => (
              <TextField
                key={field}
                label={label}
                type="number"
                value={form[field]}
                onChange={e => update({ [field]: e.target.value })}
                error={!!problems[field]}
                helperText={problems[field] ?? help}
                inputProps={{ min: 1, max }}
                sx={{ width: 200 }}
              />
            ))}
          </Stack>
        </Stack>
      </Section>

      {error && (
        <Alert severity="error">
          <AlertTitle>The run did not start</AlertTitle>
          {error}
        </Alert>
      )}
      {submitted && built.problems?._ && (
        <Alert severity="error">{built.problems._}</Alert>
      )}

      {permissions.canRun && (
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          justifyContent="flex-end"
        >
          {targetSummary && (
            <Typography
              variant="body2"
              color="text.secondary"
              data-testid="run-summary"
            >
              On {targetSummary}, {form.concurrency || '?'} at a time, at most{' '}
              {form.timeoutSeconds || '?'} s each{form.sudo ? ', as root' : ''}.
            </Typography>
          )}
          <Button
            variant="contained"
            size="large"
            startIcon={
              busy ? (
                <CircularProgress size={18} color="inherit" />
              ) : (
                <PlayArrowIcon />
              )
            }
            disabled={busy || (submitted && !!built.problems)}
            onClick={run}
          >
            Run
          </Button>
        </Stack>
      )}

      {snippetDialog && (
        <SnippetDialog
          script={form.script}
          editing={snippetDialog === 'edit' ? pickedSnippet : undefined}
          initialName={
            snippetDialog === 'copy' && pickedSnippet
              ? `${pickedSnippet.name} (copy)`
              : undefined
          }
          initialDescription={
            snippetDialog === 'copy' ? pickedSnippet?.description : undefined
          }
          onClose={() => setSnippetDialog(null)}
          onSaved={snippet => {
            setSnippetDialog(null);
            setSaved(previous => [
              ...previous.filter(s => s.id !== snippet.id),
              snippet,
            ]);
            snippets.retry();
            update({
              snippet: { id: snippet.id, script: snippet.script },
              script: snippet.script,
            });
          }}
        />
      )}
    </Stack>
  );
}
