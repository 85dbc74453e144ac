import { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { EmptyState, Progress } from '@backstage/core-components';
import { friendlyMessage } from '../friendlyMessage';

/**
 * The body of a page that lists things, in the order a user meets its states:
 * a progress while the first answer comes; if that fails, why, with Retry;
 * `empty` when there is nothing at all; otherwise `children` in an outlined
 * frame with a thin bar while a newer answer loads, and the error of a later
 * request above them (the last answer stays on screen). Errors are shown as
 * {@link friendlyMessage} words them.
 *
 * @public
 */
export function ListPageBody(props: {
  /** What the page lists, e.g. `users`: "Loading users", "Could not load users". */
  noun: string;
  /** The list's state, from useAsyncRetry or {@link useListQuery}. */
  list: { value?: unknown; loading: boolean; error?: unknown };
  onRetry: () => void;
  /** The title above a first load's error; defaults to "Could not load {noun}". */
  errorTitle?: (error: unknown) => string;
  /** There is nothing to list (not merely nothing matching the filters). */
  isEmpty?: boolean;
  /** Shown instead of the frame when `isEmpty`: an EmptyState, usually with the way to add one. */
  empty?: ReactNode;
  /**
   * Shown instead of the frame when `isEmpty`, as an EmptyState: how to add
   * the first one, or for users who cannot add any (`canAdd` false), that they
   * cannot.
   */
  emptyState?: {
    title: string;
    description: string;
    canAdd?: boolean;
    readOnlyDescription?: string;
    /** The way to add one; left out when false. */
    action?: JSX.Element | false;
  };
  /** Without a frame, for lists that bring their own (the error then stands above them). */
  frameless?: boolean;
  children: ReactNode;
}) {
  const { noun, list, onRetry, errorTitle, isEmpty, emptyState, frameless } =
    props;

  if (list.value === undefined && list.loading) {
    return <Progress />;
  }
  if (list.value === undefined && list.error) {
    return (
      <Alert
        severity="error"
        variant="outlined"
        action={
          <Button color="inherit" onClick={onRetry}>
            Retry
          </Button>
        }
      >
        <AlertTitle>
          {errorTitle?.(list.error) ?? `Could not load ${noun}`}
        </AlertTitle>
        {friendlyMessage(list.error)}
      </Alert>
    );
  }
  if (isEmpty && emptyState) {
    return (
      <EmptyState
        missing="data"
        title={emptyState.title}
        description={
          emptyState.canAdd === false && emptyState.readOnlyDescription
            ? emptyState.readOnlyDescription
            : emptyState.description
        }
        action={emptyState.action || undefined}
      />
    );
  }
  if (isEmpty) {
    return <>{props.empty}</>;
  }

  const laterError = !!list.error && (
    <Alert severity="error" action={<Button onClick={onRetry}>Retry</Button>}>
      {friendlyMessage(list.error)}
    </Alert>
  );
  if (frameless) {
    return (
      <Stack spacing={2}>
        {laterError}
        {props.children}
      </Stack>
    );
  }
  return (
    <Paper variant="outlined">
      <Box sx={{ height: 4 }}>
        {list.loading && <LinearProgress aria-label={`Loading ${noun}`} />}
      </Box>
      {laterError}
      {props.children}
    </Paper>
  );
}

/**
 * In place of a table whose filters leave nothing: says so, and offers to
 * clear them.
 *
 * @public
 */
export function NoMatches(props: {
  /** e.g. "No machines match these filters." */
  children: ReactNode;
  /** Without it, no Clear filters button (nothing is filtered). */
  onClear?: () => void;
}) {
  return (
    <Stack alignItems="center" spacing={1} sx={{ py: 6 }}>
      <Typography color="text.secondary">{props.children}</Typography>
      {props.onClear && <Button onClick={props.onClear}>Clear filters</Button>}
    </Stack>
  );
}
