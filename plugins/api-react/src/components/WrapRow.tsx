import Stack, { type StackProps } from '@mui/material/Stack';

/**
 * A row of chips, facts or filters that wraps onto more lines where the page
 * is narrow, its items centred on the line (spacing 1 unless told).
 *
 * @public
 */
export function WrapRow(
  props: Omit<StackProps, 'direction' | 'flexWrap' | 'useFlexGap'>,
) {
  return (
    <Stack
      spacing={1}
      alignItems="center"
      {...props}
      direction="row"
      flexWrap="wrap"
      useFlexGap
    />
  );
}
