import Box from '@mui/material/Box';

/**
 * A dash in a table cell that has no value (no email, no key, no target),
 * dimmed so the values stand out.
 *
 * @public
 */
export function NoValue() {
  return (
    <Box component="span" sx={{ color: 'text.disabled' }}>
      —
    </Box>
  );
}
