import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { FileChange } from '../../api';

/** How a line of a unified diff is drawn. */
export type DiffLineKind = 'added' | 'removed' | 'hunk' | 'header' | 'context';

export function diffLineKind(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'context';
}

const LINE_STYLE: Record<DiffLineKind, object> = {
  added: { bgcolor: 'rgba(46, 160, 67, 0.18)', color: 'success.main' },
  removed: { bgcolor: 'rgba(248, 81, 73, 0.18)', color: 'error.main' },
  hunk: { color: 'info.main' },
  header: { color: 'text.secondary', fontWeight: 600 },
  context: {},
};

const STATUS_COLOR = {
  added: 'success',
  removed: 'error',
  modified: 'info',
} as const;

/** The lines worth showing: the `Index:` and `===` lines of the patch say nothing the header does not. */
function patchLines(patch: string): string[] {
  return patch
    .replace(/\n$/, '')
    .split('\n')
    .filter(line => !line.startsWith('Index:') && !/^=+$/.test(line));
}

/** A unified diff between two versions, file by file, added lines green and removed ones red. */
export function DiffView(props: { changes: FileChange[] }) {
  if (props.changes.length === 0) {
    return (
      <Typography color="text.secondary">
        The two versions hold the same files.
      </Typography>
    );
  }
  return (
    <Stack spacing={2}>
      {props.changes.map(change => (
        <Box
          key={change.path}
          component="section"
          aria-label={`Changes to ${change.path}`}
          sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}
        >
          <Stack
            direction="row"
            spacing={1}
            alignItems="center"
            sx={{ px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider' }}
          >
            <Typography sx={{ fontFamily: 'monospace', flexGrow: 1 }}>
              {change.path}
            </Typography>
            <Chip
              size="small"
              variant="outlined"
              color={STATUS_COLOR[change.status]}
              label={change.status}
            />
          </Stack>
          <Box
            component="pre"
            sx={{ m: 0, py: 1, overflowX: 'auto', fontSize: 13 }}
          >
            {patchLines(change.patch).map((line, i) => {
              const kind = diffLineKind(line);
              return (
                <Box
                  key={i}
                  component="div"
                  data-kind={kind}
                  sx={{ px: 1.5, fontFamily: 'monospace', ...LINE_STYLE[kind] }}
                >
                  {line || ' '}
                </Box>
              );
            })}
          </Box>
        </Box>
      ))}
    </Stack>
  );
}
