import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import { EmptyState, Link } from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useApi,
  useRouteRef,
  useRouteRefParams,
} from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TitledCard } from '@opssight/plugin-api-react';
import type { TerminalRecording } from '@opssight/plugin-terminal-common';
import { errorMessage, errorStatus, saveCast, terminalApiRef } from '../../api';
import {
  endReasonLabel,
  formatBytes,
  formatTime,
  recordingDuration,
} from '../../format';
import { useMachinePageLink } from '../../hooks/useMachinePageLink';
import { recordingRouteRef, recordingsRouteRef } from '../../routes';
import { PLAYBACK_SPEEDS, RecordingPlayer } from '../RecordingPlayer';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="overline" color="text.secondary" component="div">
        {props.label}
      </Typography>
      <Box sx={{ wordBreak: 'break-word' }}>{props.children}</Box>
    </Box>
  );
}

function Details(props: { recording: TerminalRecording }) {
  const r = props.recording;
  const machinePage = useMachinePageLink()({
    hostname: r.machineHostname,
    ip: r.machineIp,
  });
  return (
    <Stack spacing={1.5}>
      <Field label="User">
        <EntityRefLink entityRef={r.userRef} defaultKind="user" />
      </Field>
      <Field label="Machine">
        {machinePage ? (
          <Link to={machinePage}>{r.machineHostname}</Link>
        ) : (
          r.machineHostname
        )}{' '}
        <Box
          component="span"
          sx={{ fontFamily: 'monospace', color: 'text.secondary' }}
        >
          {r.machineIp}
        </Box>
      </Field>
      <Field label="Logged in as">
        <Box component="span" sx={{ fontFamily: 'monospace' }}>
          {r.username}
        </Box>
      </Field>
      <Field label="Started">{formatTime(r.startedAt)}</Field>
      <Field label="Ended">
        {r.endedAt ? (
          <>
            {formatTime(r.endedAt)} · {recordingDuration(r)} ·{' '}
            {endReasonLabel(r.endReason)}
          </>
        ) : (
          <>
            <Chip
              label="not ended: the recording so far"
              size="small"
              color="info"
            />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
              Still live, or the portal stopped before the session ended.
              {r.lastEventAt &&
                ` Last output ${formatTime(r.lastEventAt)} (${recordingDuration(
                  r,
                )} in).`}
            </Typography>
          </>
        )}
      </Field>
      <Field label="Recorded">
        {formatBytes(r.bytesOut)} of output
        {r.hasInput ? ', and keystrokes' : ''} · {r.cols}×{r.rows}
      </Field>
    </Stack>
  );
}

/** One recording: played back in the browser, its details, and the .cast file. */
export function RecordingPage() {
  const { id } = useRouteRefParams(recordingRouteRef);
  const api = useApi(terminalApiRef);
  const recordingsLink = useRouteRef(recordingsRouteRef);
  const recording = useAsyncRetry(() => api.getRecording(id), [api, id]);
  const cast = useAsyncRetry(() => api.getRecordingCast(id), [api, id]);
  const [speed, setSpeed] = useState(1);

  const title = recording.value
    ? `${recording.value.machineHostname}, ${formatTime(
        recording.value.startedAt,
      )}`
    : 'Recording';

  let content;
  const error = recording.error ?? cast.error;
  if (error) {
    const status = errorStatus(error);
    content =
      status === 404 ? (
        <EmptyState
          missing="data"
          title="No such recording"
          description="It may have passed its retention period and been deleted."
          action={
            recordingsLink && (
              <Button
                variant="outlined"
                component={Link}
                to={recordingsLink()}
                underline="none"
              >
                All recordings
              </Button>
            )
          }
        />
      ) : (
        <Alert
          severity="error"
          variant="outlined"
          action={
            status !== 403 && (
              <Button
                color="inherit"
                onClick={() => {
                  recording.retry();
                  cast.retry();
                }}
              >
                Retry
              </Button>
            )
          }
        >
          <AlertTitle>
            {status === 403
              ? 'You may not watch this recording'
              : 'Could not load the recording'}
          </AlertTitle>
          {errorMessage(error)}
        </Alert>
      );
  } else {
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12} lg={9}>
          <TitledCard
            title={title}
            action={
              <Stack direction="row" spacing={1} alignItems="center">
                <TextField
                  select
                  size="small"
                  label="Speed"
                  value={speed}
                  onChange={e => setSpeed(Number(e.target.value))}
                  sx={{ minWidth: 100 }}
                >
                  {PLAYBACK_SPEEDS.map(s => (
                    <MenuItem key={s} value={s}>
                      {s}×
                    </MenuItem>
                  ))}
                </TextField>
                <Button
                  variant="outlined"
                  startIcon={<DownloadIcon />}
                  disabled={!recording.value || !cast.value}
                  onClick={() =>
                    recording.value &&
                    cast.value !== undefined &&
                    saveCast(recording.value, cast.value)
                  }
                >
                  Download .cast
                </Button>
              </Stack>
            }
          >
            {cast.value === undefined ? (
              <Skeleton variant="rectangular" height={360} />
            ) : (
              <RecordingPlayer cast={cast.value} speed={speed} />
            )}
          </TitledCard>
        </Grid>
        <Grid item xs={12} lg={3}>
          <TitledCard title="Session">
            {recording.value ? (
              <Details recording={recording.value} />
            ) : (
              <Skeleton variant="rectangular" height={240} />
            )}
          </TitledCard>
        </Grid>
      </Grid>
    );
  }

  return (
    <BreadcrumbEntry
      entry={{ label: 'Recordings', href: recordingsLink?.() ?? '' }}
    >
      <BreadcrumbEntry entry={{ label: title, href: '' }}>
        <Box sx={{ p: 3 }}>{content}</Box>
      </BreadcrumbEntry>
    </BreadcrumbEntry>
  );
}
