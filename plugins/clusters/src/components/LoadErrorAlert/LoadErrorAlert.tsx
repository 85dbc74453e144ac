import { ReactElement, ReactNode } from 'react';
import Alert, { type AlertColor } from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { EmptyState } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { errorMessage, errorStatus } from '../../api';
import { rootRouteRef } from '../../routes';
import { LinkButton } from '../LinkButton';

/**
 * Something that could not be loaded, with a Retry. With a `title` (a page
 * whose main content failed) the title stands above `children` in an outlined
 * alert; without one, `children` is the whole line.
 */
export function LoadErrorAlert(props: {
  title?: string;
  severity?: AlertColor;
  onRetry: () => void;
  /** The retry button's words; defaults to Retry. */
  retryLabel?: string;
  children: ReactNode;
}) {
  const { title, severity = 'error', onRetry, children } = props;
  return (
    <Alert
      severity={severity}
      variant={title ? 'outlined' : undefined}
      action={
        <Button color="inherit" onClick={onRetry}>
          {props.retryLabel ?? 'Retry'}
        </Button>
      }
    >
      {title && <AlertTitle>{title}</AlertTitle>}
      {children}
    </Alert>
  );
}

/** Warnings about a topology, one alert each. */
export function WarningAlerts(props: { warnings: readonly string[] }) {
  return (
    <>
      {props.warnings.map(warning => (
        <Alert key={warning} severity="warning">
          {warning}
        </Alert>
      ))}
    </>
  );
}

/** The way to every cluster, from a page whose cluster or run is not there. */
export function AllClustersButton() {
  const rootLink = useRouteRef(rootRouteRef);
  return (
    <LinkButton variant="outlined" to={rootLink?.() ?? '/'}>
      All clusters
    </LinkButton>
  );
}

/**
 * A page's content when what it shows could not be loaded: an empty state
 * when it does not exist (404), otherwise `Could not load the <what>` with the
 * error and a Retry.
 */
export function PageLoadError(props: {
  error: unknown;
  /** `cluster`, `run`. */
  what: string;
  notFound: { title: string; description: string; action?: ReactElement };
  onRetry: () => void;
}) {
  const { error, what, notFound, onRetry } = props;
  if (errorStatus(error) === 404) {
    return <EmptyState missing="data" {...notFound} />;
  }
  return (
    <LoadErrorAlert title={`Could not load the ${what}`} onRetry={onRetry}>
      {errorMessage(error)}
    </LoadErrorAlert>
  );
}
