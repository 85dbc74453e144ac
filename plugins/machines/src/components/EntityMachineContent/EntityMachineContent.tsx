import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import TerminalIcon from '@mui/icons-material/Terminal';
import {
  EmptyState,
  Link,
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { TitledCard } from '@opssight/plugin-api-react';
import {
  MACHINE_ANNOTATIONS,
  type Machine,
} from '@opssight/plugin-machines-common';
import { errorMessage, errorStatus, machinesApiRef } from '../../api';
import { useConnectionTest } from '../../hooks/useConnectionTest';
import { useMachinePermissions } from '../../hooks/useMachinePermissions';
import { useTerminalLink } from '../../hooks/useTerminalLink';
import { ConnectionDetails, ConnectionStatusChip } from '../ConnectionStatus';
import { ForgetHostKeyDialog } from '../ForgetHostKeyDialog';
import { sshLabel } from '../MachinesTable';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Grid item xs={12} sm={6} md={4}>
      <Typography variant="overline" color="text.secondary" component="div">
        {props.label}
      </Typography>
      <Box sx={{ wordBreak: 'break-word' }}>{props.children}</Box>
    </Grid>
  );
}

function Chips(props: { names: string[] }) {
  return props.names.length ? (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {props.names.map(n => (
        <Chip key={n} label={n} size="small" variant="outlined" />
      ))}
    </Stack>
  ) : (
    <>—</>
  );
}

/** Details and connection status of one machine, by its id. */
export function MachineDetails(props: { machineId: string }) {
  const api = useApi(machinesApiRef);
  const machine = useAsyncRetry(
    () => api.getMachine(props.machineId),
    [api, props.machineId],
  );
  const connection = useConnectionTest({ onFinished: () => machine.retry() });
  const permissions = useMachinePermissions();
  const terminalLink = useTerminalLink();
  const [forgetting, setForgetting] = useState(false);

  if (!machine.value && machine.loading) {
    return <Progress />;
  }
  if (machine.error) {
    if (errorStatus(machine.error) === 404) {
      return (
        <EmptyState
          missing="data"
          title="This machine is no longer in the registry"
          description="It was deleted from Machines; its catalog entity disappears at the next refresh."
        />
      );
    }
    return (
      <Alert
        severity="error"
        variant="outlined"
        action={
          <Button color="inherit" onClick={machine.retry}>
            Retry
          </Button>
        }
      >
        <AlertTitle>Could not load the machine</AlertTitle>
        {errorMessage(machine.error)}
      </Alert>
    );
  }
  const m = machine.value as Machine;
  const live = connection.results.get(m.id);
  const result = live ?? m.lastCheck;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <TitledCard title={m.hostname} subheader={m.description || null}>
          <Grid container spacing={2}>
            <Field label="IP address">
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {m.ip}
              </Box>
            </Field>
            <Field label="Host name">{m.hostname}</Field>
            <Field label="Application">{m.application || '—'}</Field>
            <Field label="Groups">
              <Chips names={m.groups} />
            </Field>
            <Field label="Tags">
              <Chips names={m.tags} />
            </Field>
            <Field label="SSH">{sshLabel(m)}</Field>
            <Field label="Owner">
              <EntityRefLink entityRef={m.owner} defaultKind="group" />
            </Field>
            <Grid item xs={12} md={8}>
              <Typography
                variant="overline"
                color="text.secondary"
                component="div"
              >
                Pinned host key
              </Typography>
              <Box
                sx={{
                  fontFamily: 'monospace',
                  fontSize: 13,
                  wordBreak: 'break-all',
                }}
                data-testid="pinned-host-key"
              >
                {m.hostKeyFingerprint ??
                  'none yet (pinned on the first successful test)'}
              </Box>
            </Grid>
          </Grid>
        </TitledCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <TitledCard title="Connection">
          <Stack spacing={2} alignItems="flex-start">
            <ConnectionStatusChip
              result={result}
              testing={connection.running}
            />
            {result && !connection.running && (
              <ConnectionDetails result={result} />
            )}
            {connection.error && (
              <Alert severity="error">{errorMessage(connection.error)}</Alert>
            )}
            <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
              {terminalLink && (
                // An in-app link: core-components' Link colours it, so outlined
                // (a contained button's text would take the link colour too).
                <Button
                  variant="outlined"
                  startIcon={<TerminalIcon />}
                  component={Link}
                  to={terminalLink(m)}
                  underline="none"
                >
                  Open terminal
                </Button>
              )}
              {permissions.canTest && (
                <Button
                  variant="contained"
                  startIcon={<NetworkCheckIcon />}
                  onClick={() => connection.start({ machineIds: [m.id] })}
                  disabled={connection.running}
                >
                  Test connection
                </Button>
              )}
              {permissions.canUpdate &&
                !connection.running &&
                result?.errorKind === 'hostkey' && (
                  <Button color="warning" onClick={() => setForgetting(true)}>
                    Forget pinned key
                  </Button>
                )}
            </Stack>
          </Stack>
        </TitledCard>
      </Grid>
      {forgetting && (
        <ForgetHostKeyDialog
          machine={m}
          seen={result}
          onClose={() => setForgetting(false)}
          onForgotten={() => {
            connection.clear();
            machine.retry();
          }}
        />
      )}
    </Grid>
  );
}

/** The "Machine" tab of a machine's catalog entity. */
export function EntityMachineContent() {
  const { entity } = useEntity();
  const machineId = entity.metadata.annotations?.[MACHINE_ANNOTATIONS.id];
  if (!machineId) {
    return <MissingAnnotationEmptyState annotation={MACHINE_ANNOTATIONS.id} />;
  }
  return <MachineDetails machineId={machineId} />;
}
