import { ReactNode } from 'react';
import Alert from '@mui/material/Alert';

/**
 * Why what a dialog was asked to do failed, under its content; nothing while
 * there is no problem.
 *
 * @public
 */
export function DialogProblem(props: { children?: ReactNode }) {
  if (!props.children) return null;
  return (
    <Alert severity="error" sx={{ mt: 2 }}>
      {props.children}
    </Alert>
  );
}
