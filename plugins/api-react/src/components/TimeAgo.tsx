import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { formatAgo } from '../formatAgo';

/**
 * When something last happened, as {@link formatAgo} says it (`5 min ago`,
 * with {@link useNow}'s `now`), the local date and time in its tooltip; or,
 * when it never did, `never` in grey.
 *
 * @public
 */
export function TimeAgo(props: {
  at?: string | null;
  now: number;
  /** Shown when `at` is not set; default `never`. */
  never?: string;
}) {
  const { at, now, never = 'never' } = props;
  if (!at) {
    return (
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {never}
      </Box>
    );
  }
  return (
    <Tooltip title={new Date(at).toLocaleString()}>
      <span>{formatAgo(at, now)}</span>
    </Tooltip>
  );
}
