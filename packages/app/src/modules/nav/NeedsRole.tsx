import Button from '@mui/material/Button';
import { Link as RouterLink } from 'react-router-dom';
import { NotForYourRole } from '@opssight/plugin-api-react';

/**
 * What someone whose role may not use a page sees at its address, instead of
 * the page failing on its first request.
 */
export function NeedsRole(props: {
  needs: 'Operator' | 'Admin';
  what: string;
}) {
  return (
    <NotForYourRole
      title={`You need the ${props.needs} role`}
      description={`${props.what} Ask an OpsSight admin for the ${props.needs} role if your work needs it.`}
      action={
        <Button variant="outlined" component={RouterLink} to="/">
          Back to Home
        </Button>
      }
    />
  );
}
