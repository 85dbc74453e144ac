import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { ErrorDisplayProps } from '@backstage/frontend-plugin-api';
import { friendlyMessage } from '@opssight/plugin-api-react';

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
