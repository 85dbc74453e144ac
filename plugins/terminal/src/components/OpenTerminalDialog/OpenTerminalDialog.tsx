import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import TerminalIcon from '@mui/icons-material/Terminal';
import { useApi } from '@backstage/frontend-plugin-api';
import { MachinePicker, machinesApiRef } from '@opssight/plugin-machines-react';
import {
  CredentialSelect,
  credentialsProblem,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';
import {
  noSshUserMessage,
  sshLoginUser,
  type Machine,
} from '@opssight/plugin-machines-common';
import type { TerminalSettings } from '@opssight/plugin-terminal-common';
import { errorMessage, errorStatus, terminalApiRef } from '../../api';
import { useMachinePageLink } from '../../hooks/useMachinePageLink';
import type { SessionMachine } from '../../session';
import { TestConnectionButton } from '../TestConnectionButton';

const NONE = '';

export interface OpenTerminalTarget {
  machine: SessionMachine;
  /** Absent when the app has no vault: the backend then uses the machine's default. */
  credentialId?: string;
}

/** `1 minute`, `30 minutes`, `12 hours`. */
function duration(ms: number) {
  const m = Math.round(ms / 60_000);
  if (m >= 120 && m % 60 === 0) return `${m / 60} hours`;
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/** What the user should know before a shell opens: it is recorded, and it times out. */
export function describeSettings(settings: TerminalSettings): string {
  const what = settings.recordInput
    ? 'their output and your keystrokes'
    : 'their output, not your keystrokes';
  return `Terminal sessions are recorded (${what}) and kept ${
    settings.retentionDays
  } days. A session closes after ${duration(
    settings.idleTimeoutMs,
  )} without input, and after ${duration(settings.maxDurationMs)} in any case.`;
}

function MachineSummary(props: { machine: Machine }) {
  const m = props.machine;
  return (
    <Box>
      <Typography variant="overline" color="text.secondary" component="div">
        Machine
      </Typography>
      <Typography sx={{ fontWeight: 500 }}>
        {m.hostname}{' '}
        <Box
          component="span"
          sx={{ fontFamily: 'monospace', color: 'text.secondary' }}
        >
          {m.ip}
          {m.sshPort !== 22 && `:${m.sshPort}`}
        </Box>
      </Typography>
    </Box>
  );
}

/**
 * Which machine, and which vault credential to log in with (the machine's
 * default, preselected). Opening happens in a tab; its errors show there.
 * With `machineId` the machine is fixed (opened from a machine's page or row).
 */
export function OpenTerminalDialog(props: {
  machineId?: string;
  onOpen: (target: OpenTerminalTarget) => void;
  onClose: () => void;
}) {
  const { machineId, onOpen, onClose } = props;
  const machinesApi = useApi(machinesApiRef);
  const terminalApi = useApi(terminalApiRef);
  const credentials = useLoginCredentials();
  const machinePage = useMachinePageLink();

  const given = useAsyncRetry(
    async () => (machineId ? machinesApi.getMachine(machineId) : undefined),
    [machinesApi, machineId],
  );
  const settings = useAsync(() => terminalApi.getSettings(), [terminalApi]);
  const [picked, setPicked] = useState<Machine | null>(null);
  const machine = machineId ? given.value ?? null : picked;

  // The credential follows the machine: its default until the user picks another.
  const [choice, setChoice] = useState<{
    machineId: string;
    credentialId: string;
  }>();
  const credentialId =
    machine && choice?.machineId === machine.id
      ? choice.credentialId
      : machine?.defaultCredentialId ?? NONE;

  const credential = credentials.usable.find(c => c.id === credentialId);
  const usable = !!credential;
  const noPinnedKey = !!machine && !machine.hostKeyFingerprint;
  // Who the terminal logs in as: the same rule the backend applies.
  const loginUser =
    machine && credential
      ? sshLoginUser(machine, credential.username)
      : undefined;
  const nobody = !!machine && !!credential && !loginUser;
  let credentialHelp = credentialsProblem(credentials);
  if (!credentialHelp && credentialId && !usable && !credentials.loading) {
    credentialHelp = 'You may not use this credential: pick another';
  } else if (!credentialHelp && nobody) {
    credentialHelp = noSshUserMessage(machine!, credential!.name);
  } else if (!credentialHelp && machine && loginUser) {
    credentialHelp = `Logs in as ${loginUser}${
      credentialId === machine.defaultCredentialId
        ? " with the machine's default credential"
        : ''
    }`;
  } else if (
    !credentialHelp &&
    machine &&
    credentialId === machine.defaultCredentialId
  ) {
    credentialHelp = "The machine's default credential";
  }
  const canOpen =
    !!machine &&
    !noPinnedKey &&
    !nobody &&
    (!credentials.available || (!!credentialId && usable));

  const open = () => {
    if (!machine || !canOpen) return;
    onOpen({
      machine: { id: machine.id, hostname: machine.hostname, ip: machine.ip },
      ...(credentials.available && { credentialId }),
    });
  };

  let machineField;
  if (!machineId) {
    machineField = <MachinePicker value={picked} onChange={setPicked} />;
  } else if (given.loading) {
    machineField = <Skeleton variant="rounded" height={48} />;
  } else if (given.error) {
    machineField = (
      <Alert
        severity="error"
        action={
          errorStatus(given.error) !== 404 && (
            <Button color="inherit" onClick={given.retry}>
              Retry
            </Button>
          )
        }
      >
        <AlertTitle>
          {errorStatus(given.error) === 404
            ? 'This machine is no longer in the registry'
            : 'Could not load the machine'}
        </AlertTitle>
        {errorMessage(given.error)}
      </Alert>
    );
  } else if (given.value) {
    machineField = <MachineSummary machine={given.value} />;
  }

  const testLink = machine ? machinePage(machine) : undefined;

  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="open-terminal-title"
    >
      <DialogTitle id="open-terminal-title">Open terminal</DialogTitle>
      <DialogContent>
        <Stack spacing={2.5} sx={{ pt: 1 }}>
          {machineField}
          {noPinnedKey && (
            <Alert
              severity="warning"
              action={testLink && <TestConnectionButton to={testLink} />}
            >
              <AlertTitle>Run a connection test first</AlertTitle>
              {machine?.hostname} has no pinned host key yet. A connection test
              on its page pins the key; terminals check every connection against
              it.
            </Alert>
          )}
          {credentials.available && machine && (
            <CredentialSelect
              fullWidth
              id="terminal-credential"
              label="Log in with"
              credentials={credentials}
              choices={
                machine.defaultCredentialId
                  ? []
                  : [{ value: NONE, label: 'Choose a credential' }]
              }
              value={credentialId}
              onChange={value =>
                setChoice({ machineId: machine.id, credentialId: value })
              }
              error={
                (!!credentialId && !usable && !credentials.loading) || nobody
              }
              helperText={credentialHelp}
            />
          )}
          {settings.value && (
            <Typography variant="body2" color="text.secondary">
              {describeSettings(settings.value)}
            </Typography>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          startIcon={<TerminalIcon />}
          onClick={open}
          disabled={!canOpen}
        >
          Open terminal
        </Button>
      </DialogActions>
    </Dialog>
  );
}
