import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { EmptyState, Link } from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  HeadedTable,
  ListPageBody,
  NoMatches,
  RowAction,
  RowLinkAction,
  usePaging,
} from '@opssight/plugin-api-react';
import type { TerminalRecording } from '@opssight/plugin-terminal-common';
import { errorMessage, errorStatus, saveCast, terminalApiRef } from '../../api';
import {
  endReasonLabel,
  formatBytes,
  formatTime,
  recordingDuration,
} from '../../format';
import { useTerminalPermissions } from '../../hooks/useTerminalPermissions';
import { recordingRouteRef, recordingsRouteRef } from '../../routes';
import {
  isFiltering,
  NO_FILTERS,
  RecordingFilters,
  recordingsQuery,
  type RecordingFilterValues,
} from './RecordingFilters';

/** Why the session ended; or that it has not: live, or its backend stopped first. */
function EndChip(props: { recording: TerminalRecording }) {
  const { endReason, endedAt, lastEventAt } = props.recording;
  if (endReason === null || endedAt === null) {
    return (
      <Tooltip
        title={`Still live, or the portal stopped before the session ended.${
          lastEventAt ? ` Last output ${formatTime(lastEventAt)}.` : ''
        }`}
      >
        <Chip label={endReasonLabel(null)} size="small" color="info" />
      </Tooltip>
    );
  }
  return (
    <Chip
      label={endReasonLabel(endReason)}
      size="small"
      variant="outlined"
      color={endReason === 'error' ? 'error' : 'default'}
    />
  );
}

/** Terminal sessions as recorded: filter by user, machine and time; watch or download each. */
export function RecordingsPage() {
  const api = useApi(terminalApiRef);
  const permissions = useTerminalPermissions();
  const recordingLink = useRouteRef(recordingRouteRef);
  const recordingsLink = useRouteRef(recordingsRouteRef);

  const [values, setValues] = useState<RecordingFilterValues>(NO_FILTERS);
  const [applied, setApplied] = useState<RecordingFilterValues>(NO_FILTERS);
  useDebounce(() => setApplied(values), 300, [values]);
  const paging = usePaging();
  const [notice, setNotice] = useState<string>();

  const built = recordingsQuery(applied, paging.page, paging.rowsPerPage);
  const query = 'query' in built ? built.query : undefined;
  const queryKey = JSON.stringify(query ?? null);
  const list = useAsyncRetry(
    async () => (query ? api.listRecordings(query) : undefined),
    // The query is rebuilt on every render; its JSON says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, queryKey],
  );

  const changeFilters = (next: RecordingFilterValues) => {
    setValues(next);
    paging.firstPage();
  };

  const download = async (recording: TerminalRecording) => {
    try {
      saveCast(recording, await api.getRecordingCast(recording.id));
    } catch (e) {
      setNotice(`Could not download the recording: ${errorMessage(e)}`);
    }
  };

  const items = list.value?.items ?? [];
  const totalCount = list.value?.totalCount ?? 0;
  const filtering = isFiltering(applied);

  return (
    <BreadcrumbEntry
      entry={{ label: 'Recordings', href: recordingsLink?.() ?? '' }}
    >
      <Box sx={{ p: 3 }}>
        <Stack spacing={2}>
          <Box>
            <Typography variant="h6">Session recordings</Typography>
            <Typography variant="body2" color="text.secondary">
              {permissions.canReadAllRecordings
                ? "Every terminal session, everyone's."
                : 'Your own terminal sessions.'}{' '}
              Play one back in the browser, or download it as an asciicast file
              for <code>asciinema play</code>.
            </Typography>
          </Box>
          <RecordingFilters
            values={values}
            onChange={changeFilters}
            showUser={permissions.canReadAllRecordings}
            errors={'error' in built ? built.error : undefined}
          />
          <ListPageBody
            noun="recordings"
            errorTitle={error =>
              errorStatus(error) === 403
                ? 'Your role cannot watch recordings'
                : 'Could not load recordings'
            }
            list={list}
            onRetry={list.retry}
            isEmpty={totalCount === 0 && !filtering}
            empty={
              <EmptyState
                missing="data"
                title="No recordings yet"
                description="Every terminal session is recorded. Open a terminal on a machine, and its recording shows here."
              />
            }
          >
            {items.length === 0 ? (
              <NoMatches onClear={() => changeFilters(NO_FILTERS)}>
                No recordings match these filters.
              </NoMatches>
            ) : (
              <HeadedTable
                label="Recordings"
                columns={[
                  'Started',
                  'Duration',
                  'User',
                  'Machine',
                  'Login',
                  { label: 'Output', align: 'right' },
                  'Ended',
                  { label: 'Actions', align: 'right' },
                ]}
                pagination={{ totalCount, ...paging }}
              >
                {items.map(recording => {
                  const watch = recordingLink?.({ id: recording.id });
                  const what = `${recording.machineHostname} at ${formatTime(
                    recording.startedAt,
                  )}`;
                  return (
                    <TableRow
                      key={recording.id}
                      hover
                      data-testid="recording-row"
                    >
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {watch ? (
                          <Link to={watch}>
                            {formatTime(recording.startedAt)}
                          </Link>
                        ) : (
                          formatTime(recording.startedAt)
                        )}
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {recordingDuration(recording) ?? '—'}
                      </TableCell>
                      <TableCell>
                        <EntityRefLink
                          entityRef={recording.userRef}
                          defaultKind="user"
                        />
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {recording.machineHostname}{' '}
                        <Box
                          component="span"
                          sx={{
                            fontFamily: 'monospace',
                            color: 'text.secondary',
                          }}
                        >
                          {recording.machineIp}
                        </Box>
                      </TableCell>
                      <TableCell sx={{ fontFamily: 'monospace' }}>
                        {recording.username}
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {formatBytes(recording.bytesOut)}
                      </TableCell>
                      <TableCell>
                        <EndChip recording={recording} />
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {watch && (
                          <RowLinkAction
                            title="Watch"
                            label={`Watch ${what}`}
                            icon={<PlayArrowIcon fontSize="small" />}
                            to={watch}
                          />
                        )}
                        <RowAction
                          title="Download .cast"
                          label={`Download ${what}`}
                          icon={<DownloadIcon fontSize="small" />}
                          onClick={() => download(recording)}
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </HeadedTable>
            )}
          </ListPageBody>
        </Stack>
      </Box>
      <Snackbar
        open={!!notice}
        autoHideDuration={6000}
        onClose={() => setNotice(undefined)}
        message={notice}
      />
    </BreadcrumbEntry>
  );
}
