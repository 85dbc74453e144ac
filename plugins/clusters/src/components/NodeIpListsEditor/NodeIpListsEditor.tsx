import {
  ClipboardEvent,
  KeyboardEvent,
  useEffect,
  useMemo,
  useState,
} from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Grid from '@mui/material/Grid';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CloseIcon from '@mui/icons-material/Close';
import HubIcon from '@mui/icons-material/Hub';
import {
  checkIpLists,
  topologyWarnings,
  type IpLookup,
} from '@opssight/plugin-clusters-common';
import { isValidHostname, normalizeIp } from '@opssight/plugin-machines-common';
import { errorMessage, WrapRow } from '@opssight/plugin-api-react';
import {
  nodeRegistrations,
  sameRegistrations,
  splitIpText,
  validNodeIps,
  type NodeIpLists,
} from './nodeIpLists';
import { useIpLookups, LOOKUP_DELAY_MS } from './useIpLookups';
import { LoadErrorAlert, WarningAlerts } from '../LoadErrorAlert';

type ListName = 'masters' | 'workers';

const LISTS: Record<
  ListName,
  { title: string; one: string; description: string; add: string }
> = {
  masters: {
    title: 'Masters',
    one: 'Master',
    description: 'Control plane and etcd: at least one, an odd number.',
    add: 'Add masters',
  },
  workers: {
    title: 'Workers',
    one: 'Worker',
    description: 'Where the workloads run; may be empty.',
    add: 'Add workers',
  },
};

/** What the row of one valid IP says about it. */
function NodeIpStatus(props: {
  ip: string;
  lookup?: IpLookup;
  pending: boolean;
  clusterName?: string;
  register: boolean;
  hostname: string;
  showHostnameProblem: boolean;
  disabled?: boolean;
  onRegisterChange: (register: boolean) => void;
  onHostnameChange: (hostname: string) => void;
  onHostnameBlur: () => void;
}) {
  const { ip, lookup, pending, clusterName } = props;
  if (!lookup) {
    return pending ? (
      <Stack direction="row" spacing={1} alignItems="center">
        <CircularProgress size={14} aria-label={`Checking ${ip}`} />
        <Typography variant="caption" color="text.secondary">
          checking the registry…
        </Typography>
      </Stack>
    ) : null;
  }
  const otherClusters = lookup.clusters.filter(name => name !== clusterName);
  const clustersNote = otherClusters.length > 0 && (
    <Tooltip title="A machine may be a node of several clusters; make sure this is intended.">
      <Chip
        size="small"
        variant="outlined"
        color="info"
        icon={<HubIcon />}
        label={`also in ${
          otherClusters.length === 1 ? 'cluster' : 'clusters'
        } ${otherClusters.join(', ')}`}
      />
    </Tooltip>
  );

  if (lookup.machine) {
    return (
      <WrapRow>
        <Chip
          size="small"
          color="success"
          icon={<CheckCircleIcon />}
          label={`registered: ${lookup.machine.hostname}`}
        />
        {clustersNote}
      </WrapRow>
    );
  }

  const hostnameProblem = !isValidHostname(props.hostname.trim())
    ? 'Enter the host name to register it under'
    : undefined;
  return (
    <Stack spacing={1}>
      <WrapRow>
        <Chip
          size="small"
          color="warning"
          variant="outlined"
          label="not registered"
        />
        <FormControlLabel
          sx={{ mr: 0 }}
          control={
            <Checkbox
              size="small"
              checked={props.register}
              disabled={props.disabled}
              onChange={e => props.onRegisterChange(e.target.checked)}
              inputProps={{ 'aria-label': `Register ${ip}` }}
            />
          }
          label={<Typography variant="body2">register</Typography>}
        />
        {props.register && (
          <TextField
            size="small"
            label="Host name"
            value={props.hostname}
            disabled={props.disabled}
            onChange={e => props.onHostnameChange(e.target.value)}
            onBlur={props.onHostnameBlur}
            error={props.showHostnameProblem && !!hostnameProblem}
            inputProps={{ 'aria-label': `Host name for ${ip}` }}
            sx={{ width: 200 }}
          />
        )}
        {clustersNote}
      </WrapRow>
      {props.showHostnameProblem && props.register && hostnameProblem && (
        <Typography variant="caption" color="error">
          {hostnameProblem}
        </Typography>
      )}
      {!props.register && (
        <Typography variant="caption" color="error">
          Only registered machines can be nodes: register it, or remove it.
        </Typography>
      )}
    </Stack>
  );
}

/** One list (masters or workers): a row per IP, and a box to add many at once. */
function IpList(props: {
  name: ListName;
  entries: string[];
  problems: Record<string, string>;
  touched: ReadonlySet<string>;
  showAllProblems: boolean;
  disabled?: boolean;
  onEntriesChange: (entries: string[]) => void;
  onTouch: (path: string) => void;
  status: (ip: string, path: string) => JSX.Element | null;
  warnings: readonly string[];
}) {
  const { name, entries, problems, disabled, onEntriesChange } = props;
  const labels = LISTS[name];
  const [draft, setDraft] = useState('');

  // New IPs fill the blank rows first, then go at the end.
  const addDraft = (text = draft) => {
    const ips = splitIpText(text);
    if (ips.length > 0) {
      const next = entries.map(entry =>
        !entry.trim() && ips.length > 0 ? ips.shift()! : entry,
      );
      onEntriesChange([...next, ...ips]);
    }
    setDraft('');
  };

  const onDraftPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text');
    if (splitIpText(pasted).length > 1 || /[\r\n]/.test(pasted)) {
      e.preventDefault();
      addDraft(`${draft} ${pasted}`);
    }
  };

  // Many IPs pasted into a row become rows of their own, after what the row kept.
  const onRowPaste =
    (index: number) => (e: ClipboardEvent<HTMLInputElement>) => {
      const pasted = e.clipboardData.getData('text');
      if (splitIpText(pasted).length < 2) return;
      e.preventDefault();
      const input = e.currentTarget;
      const text = input.value;
      const start = input.selectionStart ?? text.length;
      const end = input.selectionEnd ?? text.length;
      const next = [...entries];
      next.splice(
        index,
        1,
        ...splitIpText(`${text.slice(0, start)} ${pasted} ${text.slice(end)}`),
      );
      onEntriesChange(next);
    };

  const onDraftKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addDraft();
    }
  };

  const listProblem = problems[name];
  return (
    <Paper variant="outlined" sx={{ p: 2, height: '100%' }}>
      <Stack spacing={1.5} role="group" aria-label={labels.title}>
        <Box>
          <Typography
            variant="subtitle1"
            component="h3"
            sx={{ fontWeight: 500 }}
          >
            {labels.title} ({entries.length})
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {labels.description}
          </Typography>
        </Box>
        {entries.map((raw, index) => {
          const path = `${name}.${index}`;
          const problem = problems[path];
          const empty = !raw.trim();
          const showProblem =
            !!problem &&
            (!empty || props.showAllProblems || props.touched.has(path));
          const ip = !problem ? normalizeIp(raw) : undefined;
          return (
            <Stack key={index} spacing={0.75} data-testid={`row-${path}`}>
              <Stack direction="row" spacing={1} alignItems="flex-start">
                <TextField
                  size="small"
                  value={raw}
                  disabled={disabled}
                  placeholder="10.0.0.11"
                  onChange={e => {
                    const next = [...entries];
                    next[index] = e.target.value;
                    onEntriesChange(next);
                  }}
                  onBlur={() => props.onTouch(path)}
                  error={showProblem}
                  helperText={showProblem ? problem : undefined}
                  inputProps={{
                    'aria-label': `${labels.one} ${index + 1} IP`,
                    spellCheck: false,
                    onPaste: onRowPaste(index),
                  }}
                  InputProps={{ sx: { fontFamily: 'monospace' } }}
                  sx={{ flex: 1, minWidth: 0 }}
                />
                <Tooltip title="Remove">
                  <span>
                    <IconButton
                      size="small"
                      disabled={disabled}
                      aria-label={`Remove ${labels.one.toLowerCase()} ${
                        index + 1
                      }${raw.trim() ? ` (${raw.trim()})` : ''}`}
                      onClick={() =>
                        onEntriesChange(entries.filter((_, i) => i !== index))
                      }
                      sx={{ mt: 0.5 }}
                    >
                      <CloseIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
              </Stack>
              {ip && props.status(ip, path)}
            </Stack>
          );
        })}
        {listProblem && (entries.length > 0 || props.showAllProblems) && (
          <Typography variant="caption" color="error">
            {listProblem}
          </Typography>
        )}
        <Stack direction="row" spacing={1} alignItems="flex-start">
          <TextField
            size="small"
            label={labels.add}
            placeholder="Type or paste IPs, many at once"
            value={draft}
            disabled={disabled}
            onChange={e => setDraft(e.target.value)}
            onPaste={onDraftPaste}
            onKeyDown={onDraftKey}
            onBlur={() => addDraft()}
            InputProps={{ sx: { fontFamily: 'monospace' } }}
            sx={{ flex: 1 }}
          />
          <Button
            startIcon={<AddIcon />}
            disabled={disabled || !draft.trim()}
            onClick={() => addDraft()}
            sx={{ mt: 0.25 }}
          >
            Add
          </Button>
        </Stack>
        <WarningAlerts warnings={props.warnings} />
      </Stack>
    </Paper>
  );
}

/**
 * The masters and workers of a cluster, as IPs: pasted many at once or typed
 * row by row, each checked as it is typed (format, duplicates across both
 * lists) and looked up in the machine registry. IPs the registry does not know
 * are offered for registration (`value.register`); only registered machines
 * can be nodes. Used by the scaffolder's `ClusterNodeIps` field and the
 * cluster's reconfigure page.
 */
export function NodeIpListsEditor(props: {
  value: NodeIpLists;
  onChange: (value: NodeIpLists) => void;
  /** What the registry knows of these IPs (POST /ip-lookup). */
  lookup: (ips: string[]) => Promise<IpLookup[]>;
  /** The cluster being edited: being one of its nodes is no news. */
  clusterName?: string;
  disabled?: boolean;
  /** Show every problem, empty rows too: after an attempt to go on. */
  showAllProblems?: boolean;
  lookupDelayMs?: number;
}) {
  const { value, onChange, lookup, clusterName, disabled } = props;
  // A form may hand over lists with holes (RJSF fills `minItems` with undefined).
  const masters = useMemo(
    () => (value.masters ?? []).map(ip => ip ?? ''),
    [value.masters],
  );
  const workers = useMemo(
    () => (value.workers ?? []).map(ip => ip ?? ''),
    [value.workers],
  );
  const register = value.register ?? [];

  const [declined, setDeclined] = useState<ReadonlySet<string>>(new Set());
  const [hostnames, setHostnames] = useState<ReadonlyMap<string, string>>(
    () => new Map(register.map(r => [r.ip, r.hostname])),
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const touch = (path: string) =>
    setTouched(previous =>
      previous.has(path) ? previous : new Set(previous).add(path),
    );

  const ips = useMemo(
    () => validNodeIps({ masters, workers }),
    [masters, workers],
  );
  const lookups = useIpLookups(
    ips,
    lookup,
    props.lookupDelayMs ?? LOOKUP_DELAY_MS,
  );
  const problems = useMemo(
    () => checkIpLists(masters, workers),
    [masters, workers],
  );
  const warnings = topologyWarnings({
    masters: masters.filter((_, i) => !problems[`masters.${i}`]),
  });

  const registrationsFor = (
    lists: Pick<NodeIpLists, 'masters' | 'workers'>,
    nextDeclined = declined,
    nextHostnames = hostnames,
  ) =>
    nodeRegistrations({
      lists,
      lookups: lookups.results,
      declined: nextDeclined,
      hostnames: nextHostnames,
    });

  // Lookup answers arrive after the lists changed: the registrations follow them.
  const registrations = registrationsFor({ masters, workers });
  const registrationsKey = JSON.stringify(registrations);
  useEffect(() => {
    if (!sameRegistrations(registrations, register)) {
      onChange({ masters, workers, register: registrations });
    }
    // Only a change of what should be registered calls for a change of the value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [registrationsKey]);

  const setList = (name: ListName, entries: string[]) => {
    const lists = { masters, workers, [name]: entries };
    onChange({ ...lists, register: registrationsFor(lists) });
  };

  const setRegister = (ip: string, yes: boolean) => {
    const next = new Set(declined);
    if (yes) next.delete(ip);
    else next.add(ip);
    setDeclined(next);
    onChange({
      masters,
      workers,
      register: registrationsFor({ masters, workers }, next),
    });
  };

  const setHostname = (ip: string, hostname: string) => {
    const next = new Map(hostnames).set(ip, hostname);
    setHostnames(next);
    onChange({
      masters,
      workers,
      register: registrationsFor({ masters, workers }, declined, next),
    });
  };

  const status = (ip: string, path: string) => (
    <NodeIpStatus
      ip={ip}
      lookup={lookups.results.get(ip)}
      pending={lookups.pending.has(ip) && !lookups.error}
      clusterName={clusterName}
      register={!declined.has(ip)}
      hostname={hostnames.get(ip) ?? ''}
      showHostnameProblem={
        !!props.showAllProblems || touched.has(`${path}.hostname`)
      }
      disabled={disabled}
      onRegisterChange={yes => setRegister(ip, yes)}
      onHostnameChange={hostname => setHostname(ip, hostname)}
      onHostnameBlur={() => touch(`${path}.hostname`)}
    />
  );

  const common = {
    problems,
    touched,
    showAllProblems: !!props.showAllProblems,
    disabled,
    onTouch: touch,
    status,
  };
  return (
    <Stack spacing={2}>
      {lookups.error && (
        <LoadErrorAlert onRetry={lookups.retry}>
          Could not check the IPs against the machine registry:{' '}
          {errorMessage(lookups.error)}
        </LoadErrorAlert>
      )}
      {/* A Stack's spacing would cancel the grid's negative margins. */}
      <Box>
        <Grid container spacing={2}>
          {/* The topology's warnings stand under the masters. */}
          {(
            [
              ['masters', masters, warnings],
              ['workers', workers, []],
            ] as const
          ).map(([name, entries, listWarnings]) => (
            <Grid item xs={12} md={6} key={name}>
              <IpList
                {...common}
                name={name}
                entries={entries}
                onEntriesChange={changed => setList(name, changed)}
                warnings={listWarnings}
              />
            </Grid>
          ))}
        </Grid>
      </Box>
    </Stack>
  );
}
