import Box from '@mui/material/Box';
import { EmptyState } from '@backstage/core-components';

/**
 * What someone whose role may not use a page sees at its address, instead of
 * the page failing on its first request: what it is for, and whom to ask.
 *
 * @public
 */
export function NotForYourRole(props: {
  title: string;
  description: string;
  /** A way on, e.g. a Back to Home button. */
  action?: JSX.Element;
}) {
  return (
    <Box sx={{ p: 3 }}>
      <EmptyState
        missing="info"
        title={props.title}
        description={props.description}
        action={props.action}
      />
    </Box>
  );
}
