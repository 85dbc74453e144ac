import type { TerminalRecording } from '@opssight/plugin-terminal-common';

export function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

/** `45 s`, `12 min 3 s`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * How long a recording ran. A session that has not ended (live, or its backend
 * stopped first) ran at least until its last output.
 */
export function recordingDuration(
  recording: Pick<TerminalRecording, 'startedAt' | 'endedAt' | 'lastEventAt'>,
): string | undefined {
  const start = new Date(recording.startedAt).getTime();
  if (recording.endedAt) {
    return formatDuration(new Date(recording.endedAt).getTime() - start);
  }
  if (recording.lastEventAt) {
    return `≥ ${formatDuration(
      new Date(recording.lastEventAt).getTime() - start,
    )}`;
  }
  return undefined;
}

const END_REASONS: Record<string, string> = {
  exit: 'shell exited',
  idle: 'idle timeout',
  'max-duration': 'time limit',
  closed: 'closed',
  error: 'connection error',
  shutdown: 'portal restart',
};

/** Why a recorded session ended, in a few words. */
export function endReasonLabel(reason: string | null): string {
  if (reason === null) return 'not ended';
  return END_REASONS[reason] ?? reason;
}
