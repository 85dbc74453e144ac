import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { ErrorDisplayProps } from '@backstage/frontend-plugin-api';
import { errorMessage } from '@opssight/plugin-api-react';

/**
 * The message a user may see of an error: the server's own message for API
 * errors, the first line otherwise; never a stack, never a JSON body.
 */
export function friendlyMessage(error: unknown): string {
  const raw = errorMessage(error).trim();
  const firstLine = raw.split('\n')[0].trim();
  // Messages that are themselves serialised bodies or bare words of the API.
  if (
    !firstLine ||
    firstLine.startsWith('{') ||
    firstLine.startsWith('[') ||
    /^(null|undefined|\[object Object\])$/.test(firstLine)
  ) {
    return 'Something unexpected happened.';
  }
  return firstLine.length > 300 ? `${firstLine.slice(0, 297)}…` : firstLine;
}

/**
 * What a page (or a part of one) shows when it fails: what went wrong in one
 * sentence and a way to try again. The details are in the browser console and
 * the backend log, for whoever debugs it.
 */
export function FriendlyError(props: ErrorDisplayProps) {
  const { plugin, error, resetError } = props;
  const where = plugin?.title ?? plugin?.pluginId;
  return (
    <Box sx={{ p: 3 }} data-testid="friendly-error">
      <Alert
        severity="error"
        variant="outlined"
        action={
          <Button color="inherit" size="small" onClick={resetError}>
            Try again
          </Button>
        }
      >
        <AlertTitle>
          {where
            ? `This part of ${where} could not be shown`
            : 'This could not be shown'}
        </AlertTitle>
        {friendlyMessage(error)} If it keeps happening, reload the page or tell
        your OpsSight admin what you were doing.
      </Alert>
    </Box>
  );
}
