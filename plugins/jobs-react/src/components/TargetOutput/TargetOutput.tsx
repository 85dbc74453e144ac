import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { stripAnsi } from '../../ansi';

function OutputBlock(props: {
  name: 'stdout' | 'stderr';
  text: string;
  truncated: boolean;
  maxHeight: number | string;
}) {
  const { name, text, truncated, maxHeight } = props;
  return (
    <Box>
      <Typography
        variant="caption"
        color={name === 'stderr' ? 'error.main' : 'text.secondary'}
        sx={{ fontWeight: 600, textTransform: 'uppercase' }}
      >
        {name}
      </Typography>
      <Box
        component="pre"
        data-testid={`target-${name}`}
        sx={{
          m: 0,
          p: 1,
          maxHeight,
          overflow: 'auto',
          fontFamily: 'monospace',
          fontSize: 12,
          lineHeight: 1.5,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
          bgcolor: 'action.hover',
          borderRadius: 1,
          borderLeft: 3,
          borderColor: name === 'stderr' ? 'error.main' : 'transparent',
        }}
      >
        {stripAnsi(text)}
      </Box>
      {truncated && (
        <Typography
          variant="caption"
          color="warning.main"
          data-testid={`target-${name}-truncated`}
        >
          {name} was truncated: it exceeded the size the job keeps per target.
        </Typography>
      )}
    </Box>
  );
}

/** What one target (or a group of targets) printed. */
export function TargetOutput(props: {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** Distinct error messages, e.g. why a host could not be reached. */
  errorMessages?: string[];
  maxHeight?: number | string;
}) {
  const {
    stdout,
    stderr,
    stdoutTruncated,
    stderrTruncated,
    errorMessages = [],
    maxHeight = 360,
  } = props;
  const streams = [
    { name: 'stdout', text: stdout, truncated: stdoutTruncated },
    { name: 'stderr', text: stderr, truncated: stderrTruncated },
  ] as const;
  return (
    <Stack spacing={1}>
      {errorMessages.length > 0 && (
        <Alert severity="error" variant="outlined" sx={{ py: 0 }}>
          {errorMessages.map(message => (
            <div key={message}>{message}</div>
          ))}
        </Alert>
      )}
      {streams.map(
        stream =>
          (stream.text || stream.truncated) && (
            <OutputBlock key={stream.name} {...stream} maxHeight={maxHeight} />
          ),
      )}
      {streams.every(stream => !stream.text && !stream.truncated) && (
        <Typography variant="body2" color="text.secondary">
          No output.
        </Typography>
      )}
    </Stack>
  );
}
