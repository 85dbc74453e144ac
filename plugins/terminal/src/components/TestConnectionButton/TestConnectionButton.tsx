import Button from '@mui/material/Button';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import { Link } from '@backstage/core-components';

/**
 * The way from a terminal problem to the machine's page, where a connection
 * test pins (or re-pins) its host key. Sits in an alert's action.
 */
export function TestConnectionButton(props: { to: string }) {
  return (
    // An in-app link: core-components' Link gives it the primary colour.
    <Button
      variant="outlined"
      size="small"
      startIcon={<NetworkCheckIcon />}
      component={Link}
      to={props.to}
      underline="none"
      sx={{ whiteSpace: 'nowrap', bgcolor: 'background.paper' }}
    >
      Test connection
    </Button>
  );
}
