import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';

/**
 * What just succeeded ("Added web-1"), at the bottom of the page for five
 * seconds; shown while `message` is set.
 *
 * @public
 */
export function SuccessNotice(props: {
  message?: string;
  onClose: () => void;
}) {
  return (
    <Snackbar
      open={!!props.message}
      autoHideDuration={5000}
      onClose={props.onClose}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      <Alert severity="success" variant="filled" onClose={props.onClose}>
        {props.message}
      </Alert>
    </Snackbar>
  );
}
