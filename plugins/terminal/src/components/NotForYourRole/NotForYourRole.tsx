import Box from '@mui/material/Box';
import { EmptyState } from '@backstage/core-components';

/** What anyone who may not open terminals sees at /terminal instead. */
export function NotForYourRole() {
  return (
    <Box sx={{ p: 3 }}>
      <EmptyState
        missing="info"
        title="Terminals are for operators and admins"
        description="Your role can look at machines, but not open shells on them or watch session recordings. Ask an admin for the Operator role if your work needs it."
      />
    </Box>
  );
}
