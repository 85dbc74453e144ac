import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { friendlyMessage } from '@opssight/plugin-api-react';
import { automationApiRef } from '../../api';
import { CELL_LABEL, cellLook } from './HostTaskGrid';

/** One host's result of one task: its status, duration and (capped) result. */
export function TaskResultDialog(props: {
  runId: string;
  host: string;
  taskId: string;
  taskName: string;
  onClose: () => void;
}) {
  const api = useApi(automationApiRef);
  const cell = useAsync(
    () => api.getTaskResult(props.runId, props.host, props.taskId),
    [api, props.runId, props.host, props.taskId],
  );
  const value = cell.value;
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        {props.host} · {props.taskName}
      </DialogTitle>
      <DialogContent>
        {cell.loading && <Progress />}
        {cell.error && (
          <Alert severity="error">{friendlyMessage(cell.error)}</Alert>
        )}
        {value && (
          <>
            <Typography sx={{ mb: 1 }}>
              {CELL_LABEL[cellLook(value)]}
              {value.durationMs !== null &&
                ` in ${(value.durationMs / 1000).toFixed(1)} s`}
            </Typography>
            {value.hidden || !value.result ? (
              <Typography color="text.secondary">
                The result is hidden: the task says no_log.
              </Typography>
            ) : (
              <Box
                component="pre"
                aria-label="Task result"
                sx={{
                  m: 0,
                  p: 1.5,
                  maxHeight: 480,
                  overflow: 'auto',
                  fontSize: 13,
                  bgcolor: 'action.hover',
                  borderRadius: 1,
                  whiteSpace: 'pre-wrap',
                  wordBreak: 'break-word',
                }}
              >
                {JSON.stringify(value.result, null, 2)}
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
