import { ReactNode } from 'react';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { Link } from '@backstage/core-components';

/**
 * Like {@link RowAction}, an icon button in a table row's Actions cell, but
 * one that leads to a page of the app (`Open terminal on web-1`).
 *
 * @public
 */
export function RowLinkAction(props: {
  /** The tooltip, e.g. "Open terminal". */
  title: string;
  /** The accessible name, naming the row, e.g. "Open terminal on web-1". */
  label: string;
  /** A small icon, e.g. `<TerminalIcon fontSize="small" />`. */
  icon: ReactNode;
  to: string;
}) {
  return (
    <Tooltip title={props.title}>
      <IconButton
        size="small"
        component={Link}
        to={props.to}
        aria-label={props.label}
      >
        {props.icon}
      </IconButton>
    </Tooltip>
  );
}
