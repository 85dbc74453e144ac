import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ConfirmDialog,
  friendlyMessage,
  HeadedTable,
  TimeAgo,
  TitledCard,
  useNow,
  usePaging,
} from '@opssight/plugin-api-react';
import {
  automationApiRef,
  type FileChange,
  type ProjectVersion,
  type SavedVersion,
} from '../../api';
import { who } from '../../format';
import { DiffView } from '../DiffView';

/**
 * Every saved version, newest first: who saved it, when and why; the diff
 * between any two; an old one restored as a new version.
 */
export function VersionsCard(props: {
  projectId: string;
  latest: number;
  canRestore: boolean;
  onRestored: (restored: SavedVersion) => void;
}) {
  const { projectId, latest } = props;
  const api = useApi(automationApiRef);
  const now = useNow();
  const paging = usePaging(10);
  const versions = useAsyncRetry(
    () =>
      api.listVersions(projectId, {
        limit: paging.rowsPerPage,
        offset: paging.offset,
      }),
    [api, projectId, latest, paging.rowsPerPage, paging.offset],
  );
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  useEffect(() => {
    setFrom(Math.max(1, latest - 1));
    setTo(latest);
  }, [latest]);
  const [diff, setDiff] = useState<{
    from: number;
    to: number;
    changes?: FileChange[];
    error?: unknown;
  }>();
  const [restoring, setRestoring] = useState<ProjectVersion>();

  const showDiff = async () => {
    setDiff({ from, to });
    try {
      setDiff({
        from,
        to,
        changes: await api.diffVersions(projectId, from, to),
      });
    } catch (error) {
      setDiff({ from, to, error });
    }
  };

  const numbers = Array.from({ length: latest }, (_, i) => latest - i);
  const pick = (label: string, value: number, set: (n: number) => void) => (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={e => set(Number(e.target.value))}
      sx={{ minWidth: 120 }}
    >
      {numbers.map(n => (
        <MenuItem key={n} value={n}>
          Version {n}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <TitledCard title="Versions" subheader="Every save is kept.">
      <Stack spacing={2}>
        {versions.error ? (
          <Alert severity="error">
            Could not load the versions: {friendlyMessage(versions.error)}
          </Alert>
        ) : (
          <HeadedTable
            label="Versions"
            columns={['Version', 'Message', 'Saved by', 'When', '']}
            pagination={{
              totalCount: versions.value?.totalCount ?? 0,
              ...paging,
              rowsPerPageOptions: [10, 25, 50],
            }}
          >
            {(versions.value?.items ?? []).map(version => (
              <TableRow key={version.number} data-testid="version-row">
                <TableCell>{version.number}</TableCell>
                <TableCell>
                  {version.message}
                  {version.restoredFrom
                    ? ` (restores version ${version.restoredFrom})`
                    : ''}
                </TableCell>
                <TableCell>{who(version.author)}</TableCell>
                <TableCell>
                  <TimeAgo at={version.createdAt} now={now} />
                </TableCell>
                <TableCell align="right">
                  {props.canRestore && version.number !== latest && (
                    <Button size="small" onClick={() => setRestoring(version)}>
                      Restore
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </HeadedTable>
        )}
        {latest > 1 && (
          <Stack direction="row" spacing={2} alignItems="center">
            {pick('From', from, setFrom)}
            {pick('To', to, setTo)}
            <Button
              variant="outlined"
              disabled={from === to}
              onClick={showDiff}
            >
              Show changes
            </Button>
          </Stack>
        )}
        {diff && !diff.changes && !diff.error && <Progress />}
        {!!diff?.error && (
          <Alert severity="error">
            Could not compare the versions: {friendlyMessage(diff.error)}
          </Alert>
        )}
        {diff?.changes && <DiffView changes={diff.changes} />}
      </Stack>
      {restoring && (
        <ConfirmDialog
          title={`Restore version ${restoring.number}?`}
          confirmLabel="Restore"
          severity="warning"
          onClose={() => setRestoring(undefined)}
          onConfirm={async () => {
            const restored = await api.restoreVersion(
              projectId,
              restoring.number,
              `Restore version ${restoring.number}`,
            );
            setRestoring(undefined);
            props.onRestored(restored);
          }}
        >
          Its files become a new version, {latest + 1}; nothing is lost: the
          versions in between stay.
        </ConfirmDialog>
      )}
    </TitledCard>
  );
}
