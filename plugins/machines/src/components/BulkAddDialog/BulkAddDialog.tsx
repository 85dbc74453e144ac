import { ChangeEvent, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useApi } from '@backstage/frontend-plugin-api';
import type { BulkAddResult } from '@opssight/plugin-machines-common';
import { errorMessage, machinesApiRef } from '../../api';

const EXAMPLE = `10.0.0.11,web-1,shop,web;prod,linux
10.0.0.12,web-2,shop,web;prod,linux`;

function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

function countLines(text: string) {
  return text.split(/\r?\n/).filter(l => l.trim()).length;
}

/**
 * Paste lines or pick a CSV file. Good rows are added; rejected rows are listed,
 * and their lines are left in the box to be fixed and sent again.
 */
export function BulkAddDialog(props: {
  open: boolean;
  onClose: () => void;
  /** Called after every import that added at least one machine. */
  onImported: (result: BulkAddResult) => void;
}) {
  const { open, onClose, onImported } = props;
  const api = useApi(machinesApiRef);
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<BulkAddResult>();
  const fileInput = useRef<HTMLInputElement>(null);

  const source = file?.text ?? text;

  const pickFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (!picked) return;
    try {
      setFile({ name: picked.name, text: await readText(picked) });
      setError(undefined);
    } catch (e) {
      setError(`Could not read ${picked.name}: ${errorMessage(e)}`);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const imported = await api.bulkImport(source);
      setResult(imported);
      if (imported.created.length > 0) onImported(imported);
      if (imported.rejectedCount === 0) {
        setText('');
        setFile(undefined);
        setResult(undefined);
        onClose();
        return;
      }
      // Leave only what still needs fixing.
      setFile(undefined);
      setText(imported.rejected.map(r => r.text).join('\n'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setResult(undefined);
    setError(undefined);
    onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : close}
      maxWidth="md"
      fullWidth
      aria-labelledby="bulk-add-title"
    >
      <DialogTitle id="bulk-add-title">Bulk add machines</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          One machine per line:{' '}
          <Box component="code" sx={{ fontWeight: 600 }}>
            ip,hostname,application,groups,tags
          </Box>{' '}
          — separate several groups or tags with <code>;</code>. A header line
          is optional.
        </Typography>

        {result && (
          <Box data-testid="bulk-add-result" sx={{ my: 2 }}>
            <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
              <Chip
                color="success"
                label={`${result.created.length} added`}
                data-testid="bulk-added-count"
              />
              <Chip
                color="error"
                label={`${result.rejectedCount} rejected`}
                data-testid="bulk-rejected-count"
              />
            </Stack>
            <Alert severity="warning" sx={{ mb: 1 }}>
              {result.rejectedCount > result.rejected.length
                ? `The first ${result.rejected.length} of ${result.rejectedCount} rejected lines are listed and left in the box below: fix them, and the source of the others, and add again.`
                : 'The rejected lines are left in the box below: fix them and add again.'}
            </Alert>
            <TableContainer sx={{ maxHeight: 240 }}>
              <Table size="small" stickyHeader aria-label="Rejected rows">
                <TableHead>
                  <TableRow>
                    <TableCell sx={{ width: 56 }}>Line</TableCell>
                    <TableCell sx={{ width: '40%' }}>Text</TableCell>
                    <TableCell>Reason</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {result.rejected.map(row => (
                    <TableRow key={row.line}>
                      <TableCell>{row.line}</TableCell>
                      <TableCell
                        sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
                      >
                        {row.text}
                      </TableCell>
                      <TableCell sx={{ color: 'error.main' }}>
                        {row.reason}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </Box>
        )}

        {file ? (
          <Stack direction="row" alignItems="center" spacing={1} sx={{ my: 2 }}>
            <Chip
              icon={<UploadFileIcon />}
              label={`${file.name} — ${countLines(file.text)} lines`}
              onDelete={() => setFile(undefined)}
            />
          </Stack>
        ) : (
          <TextField
            label="Machines, one per line"
            multiline
            fullWidth
            minRows={6}
            maxRows={16}
            value={text}
            onChange={e => setText(e.target.value)}
            placeholder={EXAMPLE}
            sx={{ mt: 1 }}
            InputProps={{ sx: { fontFamily: 'monospace' } }}
          />
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          hidden
          onChange={pickFile}
          data-testid="bulk-add-file"
        />
        <Button
          startIcon={<UploadFileIcon />}
          onClick={() => fileInput.current?.click()}
          disabled={busy}
          sx={{ mr: 'auto' }}
        >
          Choose CSV file
        </Button>
        <Button onClick={close} disabled={busy}>
          {result ? 'Close' : 'Cancel'}
        </Button>
        <Button
          variant="contained"
          onClick={submit}
          disabled={busy || source.trim() === ''}
        >
          {busy ? 'Adding…' : 'Add machines'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
