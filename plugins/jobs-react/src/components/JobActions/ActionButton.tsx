import { ReactNode } from 'react';
import Button, { type ButtonProps } from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAsyncAction } from './useAsyncAction';

/**
 * A small outlined button for a job action: it waits for the action, spinning
 * and disabled meanwhile, and shows its error beside it.
 */
export function ActionButton(
  props: Omit<ButtonProps, 'startIcon' | 'onClick'> & {
    onAction(): Promise<void> | void;
    icon: ReactNode;
  },
) {
  const { onAction, icon, disabled, ...button } = props;
  const { run, busy, error } = useAsyncAction(onAction);
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      {error && (
        <Typography variant="caption" color="error" role="alert">
          {error}
        </Typography>
      )}
      <Button
        variant="outlined"
        size="small"
        {...button}
        disabled={disabled || busy}
        onClick={run}
        startIcon={busy ? <CircularProgress size={14} color="inherit" /> : icon}
      />
    </Stack>
  );
}
