import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import type { Player } from 'asciinema-player';
import 'asciinema-player/dist/bundle/asciinema-player.css';
import { errorMessage } from '../../api';

export const PLAYBACK_SPEEDS = [0.5, 1, 2, 4] as const;

/**
 * asciinema-player on an asciicast text, with its own controls (play, pause,
 * the seek bar; space, arrows and `.` from the keyboard). The player takes its
 * speed only when created, so a new speed makes a new player at the same time,
 * playing if the old one was.
 */
export function RecordingPlayer(props: { cast: string; speed: number }) {
  const { cast, speed } = props;
  const container = useRef<HTMLDivElement>(null);
  /** Where the previous player was, for the next one to start there. */
  const position = useRef({ cast, time: 0, playing: false });
  const [error, setError] = useState<string>();

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    if (position.current.cast !== cast) {
      position.current = { cast, time: 0, playing: false };
    }
    let player: Player | undefined;
    let cancelled = false;
    import('asciinema-player')
      .then(({ create }) => {
        if (cancelled) return;
        const { time, playing } = position.current;
        player = create({ data: cast }, element, {
          speed,
          startAt: time,
          autoPlay: playing,
          preload: true,
          controls: true,
          fit: 'width',
          terminalFontFamily:
            'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
        });
        const track = (isPlaying: boolean) => () => {
          position.current.playing = isPlaying;
        };
        player.addEventListener('play', track(true));
        player.addEventListener('playing', track(true));
        player.addEventListener('pause', track(false));
        player.addEventListener('ended', track(false));
        setError(undefined);
      })
      .catch(e => {
        if (!cancelled) setError(errorMessage(e));
      });
    return () => {
      cancelled = true;
      if (player) {
        position.current.time = player.getCurrentTime() ?? 0;
        player.dispose();
      }
    };
  }, [cast, speed]);

  return (
    <>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          The player could not start: {error}
        </Alert>
      )}
      <Box
        ref={container}
        data-testid="recording-player"
        sx={{
          width: '100%',
          '& .ap-wrapper': { justifyContent: 'flex-start' },
        }}
      />
    </>
  );
}
