import { useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import ContentPasteIcon from '@mui/icons-material/ContentPaste';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import ReplayIcon from '@mui/icons-material/Replay';
import SearchIcon from '@mui/icons-material/Search';
import { useApi } from '@backstage/frontend-plugin-api';
import { useNow, WrapRow } from '@opssight/plugin-api-react';
import { errorMessage } from '../../api';
import { useMachinePageLink } from '../../hooks/useMachinePageLink';
import {
  terminalSessionsApiRef,
  type SessionSnapshot,
  type TerminalSession,
} from '../../session';
import { StateDot } from '../SessionStatus';
import {
  CLIPBOARD_SHORTCUTS,
  copySelection,
  pasteClipboard,
  TerminalView,
} from '../TerminalView';
import { TestConnectionButton } from '../TestConnectionButton';

function statusText(s: SessionSnapshot): string {
  const host = s.machine.ip
    ? `${s.machine.hostname} (${s.machine.ip})`
    : s.machine.hostname;
  switch (s.state) {
    case 'opening':
      return `Opening a session on ${host}…`;
    case 'connecting':
      return `Connecting to ${host}…`;
    case 'connected':
      return s.username ? `${s.username}@${host}` : host;
    default:
      return s.problem?.title ?? 'Disconnected';
  }
}

/** The idle warning, counting down to the close. */
function IdleBanner(props: { closesAt: number }) {
  const now = useNow(true);
  const seconds = Math.max(0, Math.ceil((props.closesAt - now) / 1000));
  return (
    <Alert severity="warning" data-testid="idle-warning">
      No input for a while: this session closes in {seconds} s unless you type.
    </Alert>
  );
}

/** Find in the scrollback: Enter for the next match, Shift+Enter for the previous. */
const FIND_BUTTONS = [
  {
    direction: 'previous',
    label: 'Previous match',
    Icon: KeyboardArrowUpIcon,
  },
  { direction: 'next', label: 'Next match', Icon: KeyboardArrowDownIcon },
] as const;

function FindField(props: { session: TerminalSession }) {
  const [text, setText] = useState('');
  const [missed, setMissed] = useState(false);
  const find = (direction: 'next' | 'previous') => {
    const screen = props.session.screen;
    if (!screen || !text) return;
    setMissed(!screen.find(text, direction));
  };
  return (
    <TextField
      size="small"
      placeholder="Find"
      value={text}
      error={missed}
      onChange={e => {
        setText(e.target.value);
        setMissed(false);
        if (!e.target.value) props.session.screen?.clearSearch();
      }}
      onKeyDown={e => {
        if (e.key === 'Enter') {
          e.preventDefault();
          find(e.shiftKey ? 'previous' : 'next');
        } else if (e.key === 'Escape') {
          setText('');
          props.session.screen?.clearSearch();
          props.session.screen?.focus();
        }
      }}
      inputProps={{ 'aria-label': 'Find in terminal' }}
      sx={{ width: 220 }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
        endAdornment: (
          <InputAdornment position="end">
            {FIND_BUTTONS.map(({ direction, label, Icon }) => (
              <IconButton
                key={direction}
                size="small"
                aria-label={label}
                onClick={() => find(direction)}
              >
                <Icon fontSize="small" />
              </IconButton>
            ))}
          </InputAdornment>
        ),
      }}
    />
  );
}

/** One tab's content: what state the session is in, what to do about it, and the terminal. */
export function SessionPanel(props: {
  snapshot: SessionSnapshot;
  active: boolean;
}) {
  const { snapshot, active } = props;
  const sessions = useApi(terminalSessionsApiRef);
  const session = sessions.get(snapshot.key);
  const machinePage = useMachinePageLink()(snapshot.machine);
  const [notice, setNotice] = useState<string>();

  if (!session) return null;
  const reconnect = () => sessions.reconnect(snapshot.key);
  const live =
    snapshot.state === 'opening' ||
    snapshot.state === 'connecting' ||
    snapshot.state === 'connected';
  const problem = snapshot.problem;

  const copy = async () => {
    if (!session.screen) return;
    try {
      setNotice(
        (await copySelection(session.screen))
          ? 'Copied'
          : 'Select text in the terminal first',
      );
    } catch (e) {
      setNotice(`Could not copy: ${errorMessage(e)}`);
    }
  };
  const paste = async () => {
    if (!session.screen) return;
    try {
      await pasteClipboard(session.screen);
    } catch (e) {
      setNotice(`Could not paste: ${errorMessage(e)}`);
    }
  };

  return (
    <Stack spacing={1} sx={{ flex: 1, minHeight: 0 }}>
      <WrapRow>
        <StateDot state={snapshot.state} size={12} />
        <Tooltip
          title={
            snapshot.fingerprint
              ? `Host key ${snapshot.fingerprint} · session ${snapshot.sessionId}`
              : ''
          }
        >
          <Typography
            variant="subtitle2"
            data-testid="session-status"
            sx={{ fontFamily: 'monospace', flexGrow: 1 }}
          >
            {statusText(snapshot)}
          </Typography>
        </Tooltip>
        <FindField session={session} />
        <Tooltip title={`Copy selection (${CLIPBOARD_SHORTCUTS.copy})`}>
          <IconButton size="small" aria-label="Copy selection" onClick={copy}>
            <ContentCopyIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title={`Paste (${CLIPBOARD_SHORTCUTS.paste})`}>
          <span>
            <IconButton
              size="small"
              aria-label="Paste"
              onClick={paste}
              disabled={snapshot.state !== 'connected'}
            >
              <ContentPasteIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
      </WrapRow>

      <Box sx={{ height: 4 }}>
        {(snapshot.state === 'opening' || snapshot.state === 'connecting') && (
          <LinearProgress
            aria-label={`Connecting to ${snapshot.machine.hostname}`}
          />
        )}
      </Box>

      {snapshot.idleClosesAt !== undefined &&
        snapshot.state === 'connected' && (
          <IdleBanner closesAt={snapshot.idleClosesAt} />
        )}

      {problem && !live && (
        <Alert
          severity={problem.severity}
          data-testid="session-problem"
          action={
            <Stack direction="row" spacing={1}>
              {problem.suggestConnectionTest && machinePage && (
                <TestConnectionButton to={machinePage} />
              )}
              <Button
                size="small"
                variant="contained"
                startIcon={<ReplayIcon />}
                onClick={reconnect}
                sx={{ whiteSpace: 'nowrap' }}
              >
                Reconnect
              </Button>
            </Stack>
          }
        >
          <AlertTitle>{problem.title}</AlertTitle>
          {problem.message}
          {problem.hint && (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {problem.hint}
            </Typography>
          )}
        </Alert>
      )}

      <TerminalView session={session} active={active} />

      <Snackbar
        open={!!notice}
        autoHideDuration={2500}
        onClose={() => setNotice(undefined)}
        message={notice}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      />
    </Stack>
  );
}
