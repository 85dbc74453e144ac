import { ReactNode, useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { errorMessage } from '../errors';
import { DialogProblem } from './DialogProblem';

/**
 * Asks before something that ends sessions or cannot be undone; shows why it
 * failed if it does.
 *
 * @public
 */
export function ConfirmDialog(props: {
  /** Whether the dialog shows; defaults to true, for dialogs rendered only while open. */
  open?: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  severity?: 'error' | 'warning';
  onConfirm: () => Promise<void>;
  onClose: () => void;
  /** The message shown when `onConfirm` fails; defaults to {@link errorMessage}. */
  formatError?: (error: unknown) => string;
}) {
  const {
    open = true,
    title,
    children,
    confirmLabel,
    onConfirm,
    onClose,
    formatError = errorMessage,
  } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(formatError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby="confirm-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="confirm-title">{title}</DialogTitle>
      <DialogContent>
        {children}
        <DialogProblem>{error}</DialogProblem>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={props.severity ?? 'error'}
          onClick={confirm}
          disabled={busy}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
