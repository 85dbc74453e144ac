import Box from '@mui/material/Box';
import { EmptyState } from '@backstage/core-components';

/** What anyone who may not read the audit trail sees instead of it. */
export function AdminsOnly() {
  return (
    <Box sx={{ p: 3 }}>
      <EmptyState
        missing="info"
        title="Admins only"
        description="The audit trail records who did what across the portal; only OpsSight admins can read it. Ask an admin if you need to look something up."
      />
    </Box>
  );
}
