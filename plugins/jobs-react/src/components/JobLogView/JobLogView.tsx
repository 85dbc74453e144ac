import { useRef } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { LogViewer } from '@backstage/core-components';
import type { JobLogChunk, JobTarget } from '@opssight/plugin-jobs-common';
import { stripAnsi } from '../../ansi';
import { JobLogFormatter, logLabels } from './formatJobLog';

/**
 * Props of {@link JobLogView}.
 *
 * @public
 */
export type JobLogViewProps = {
  /** The log so far, in seq order (`useJobEvents().chunks`). */
  chunks: readonly JobLogChunk[];
  /** The job's targets: with more than one, lines start with `[label]`. */
  targets?: readonly JobTarget[];
  /** Height of the viewer; the log scrolls inside it. Default 480 px. */
  height?: number | string;
  /** Wrap long lines instead of scrolling sideways. */
  textWrap?: boolean;
  /** Name of the file the download button saves. Default `job-log.txt`. */
  downloadFileName?: string;
  /** Shown while there is no log. Default "No output yet." */
  emptyText?: string;
};

type Formatted = {
  labelsKey: string;
  count: number;
  last?: JobLogChunk;
  formatter: JobLogFormatter;
};

/**
 * Formats only the chunks added since the last render, as long as the chunk
 * array grew by appending (which `useJobEvents` guarantees) and the targets'
 * labels stayed the same; otherwise starts over.
 */
function useFormattedLog(
  chunks: readonly JobLogChunk[],
  targets: readonly JobTarget[],
): string {
  const cache = useRef<Formatted>();
  const labelsKey =
    targets.length > 1
      ? targets.map(t => `${t.key}\u0000${t.label}`).join('\u0001')
      : '';
  let formatted = cache.current;
  const grew =
    formatted !== undefined &&
    formatted.labelsKey === labelsKey &&
    formatted.count <= chunks.length &&
    (formatted.count === 0 || chunks[formatted.count - 1] === formatted.last);
  if (!formatted || !grew) {
    formatted = {
      labelsKey,
      count: 0,
      formatter: new JobLogFormatter(logLabels(targets)),
    };
  }
  for (let i = formatted.count; i < chunks.length; i++) {
    formatted.formatter.append(chunks[i]);
  }
  formatted.count = chunks.length;
  formatted.last = chunks[chunks.length - 1];
  cache.current = formatted;
  return formatted.formatter.text;
}

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * A job's live log: ANSI colours, search, virtualised for long output and
 * following the tail (Backstage's `LogViewer`). With several targets, each
 * line starts with its target's label: `[node-1] …`.
 *
 * @public
 */
export function JobLogView(props: JobLogViewProps) {
  const {
    chunks,
    targets = [],
    height = 480,
    textWrap,
    downloadFileName = 'job-log.txt',
    emptyText = 'No output yet.',
  } = props;
  const text = useFormattedLog(chunks, targets);

  if (chunks.length === 0) {
    return (
      <Box
        data-testid="job-log"
        sx={{
          height,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
        }}
      >
        <Typography color="text.secondary">{emptyText}</Typography>
      </Box>
    );
  }
  return (
    <Box data-testid="job-log" sx={{ height }}>
      <LogViewer
        text={text}
        textWrap={textWrap}
        onDownloadLog={() => download(stripAnsi(text), downloadFileName)}
      />
    </Box>
  );
}
