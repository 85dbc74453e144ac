import Box from '@mui/material/Box';
import { EmptyState } from '@backstage/core-components';

/** What anyone who may not see the local accounts sees instead of them. */
export function AdminsOnly() {
  return (
    <Box sx={{ p: 3 }}>
      <EmptyState
        missing="info"
        title="Admins only"
        description="User accounts and their roles are managed by OpsSight admins. Ask an admin if you need an account, another role, or a new password."
      />
    </Box>
  );
}
