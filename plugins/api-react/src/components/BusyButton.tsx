import { ReactNode } from 'react';
import Button, { type ButtonProps } from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';

/**
 * A button for something that takes a moment (verify, export, apply): while
 * `busy` it spins in place of its icon and cannot be pressed again.
 *
 * @public
 */
export function BusyButton(
  props: Omit<ButtonProps, 'startIcon'> & {
    busy: boolean;
    /** The icon while not busy. */
    icon?: ReactNode;
  },
) {
  const { busy, icon, disabled, ...button } = props;
  return (
    <Button
      {...button}
      disabled={busy || disabled}
      startIcon={busy ? <CircularProgress size={16} color="inherit" /> : icon}
    />
  );
}
