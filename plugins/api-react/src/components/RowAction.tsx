import { ReactNode } from 'react';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';

/**
 * One icon button in a table row's Actions cell: its tooltip says what it
 * does, its label also names the row (`Delete web-1`), for screen readers and
 * tests. The tooltip still shows while the button is disabled.
 *
 * @public
 */
export function RowAction(props: {
  /** The tooltip, e.g. "Reset password". */
  title: string;
  /** The accessible name, naming the row, e.g. "Reset the password of jane". */
  label: string;
  /** A small icon, e.g. `<DeleteIcon fontSize="small" />`. */
  icon: ReactNode;
  /** Without it the action is not offered: no button. */
  onClick?: () => void;
  disabled?: boolean;
}) {
  if (!props.onClick) return null;
  return (
    <Tooltip title={props.title}>
      <span>
        <IconButton
          size="small"
          aria-label={props.label}
          onClick={props.onClick}
          disabled={props.disabled}
        >
          {props.icon}
        </IconButton>
      </span>
    </Tooltip>
  );
}
