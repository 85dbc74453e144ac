import { ReactNode } from 'react';
import Button from '@mui/material/Button';
import AddIcon from '@mui/icons-material/Add';

/**
 * A list page's button that adds one (`Add credential`): contained, a plus
 * as its icon unless told otherwise.
 *
 * @public
 */
export function AddButton(props: {
  children: ReactNode;
  onClick: () => void;
  icon?: ReactNode;
}) {
  return (
    <Button
      variant="contained"
      startIcon={props.icon ?? <AddIcon />}
      onClick={props.onClick}
    >
      {props.children}
    </Button>
  );
}
