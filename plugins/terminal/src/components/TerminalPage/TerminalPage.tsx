import { useEffect, useState, useSyncExternalStore } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Tooltip from '@mui/material/Tooltip';
import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import TerminalIcon from '@mui/icons-material/Terminal';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ConfirmDialog } from '@opssight/plugin-api-react';
import { useFillHeight } from '../../hooks/useFillHeight';
import { terminalSessionsApiRef, type SessionSnapshot } from '../../session';
import { OpenTerminalDialog } from '../OpenTerminalDialog';
import { SessionPanel } from '../SessionPanel';
import { SESSION_STATE_LOOK, StateDot } from '../SessionStatus';

/** `?machine=<id>`: how other pages ask for a terminal on a machine. */
export const MACHINE_PARAM = 'machine';

function machineParam(): string | undefined {
  return (
    new URLSearchParams(window.location.search).get(MACHINE_PARAM) ?? undefined
  );
}

/**
 * Drops `?machine=` once read, so a reload does not ask again. The router does
 * not need to hear of it: the path stays, and its state object is kept.
 */
function forgetMachineParam() {
  const url = new URL(window.location.href);
  url.searchParams.delete(MACHINE_PARAM);
  window.history.replaceState(window.history.state, '', url.toString());
}

function TabLabel(props: { session: SessionSnapshot; onClose: () => void }) {
  const { session, onClose } = props;
  return (
    <Stack direction="row" alignItems="center" spacing={1}>
      <StateDot state={session.state} />
      <Box component="span" sx={{ textTransform: 'none' }}>
        {session.machine.hostname}
      </Box>
      <Tooltip title="Close">
        <IconButton
          component="span"
          size="small"
          aria-label={`Close ${session.machine.hostname}`}
          onClick={e => {
            e.stopPropagation();
            onClose();
          }}
          sx={{ ml: 0.5, p: 0.25 }}
        >
          <CloseIcon sx={{ fontSize: 16 }} />
        </IconButton>
      </Tooltip>
    </Stack>
  );
}

/**
 * The open terminals, one tab each. Tabs stay mounted when switching (their
 * shells keep running, their screens keep their contents); `?machine=<id>`
 * asks which credential to open a new one with.
 */
export function TerminalPage() {
  const sessions = useApi(terminalSessionsApiRef);
  const { sessions: tabs, selectedKey } = useSyncExternalStore(
    sessions.subscribe,
    sessions.getSnapshot,
  );
  const [opening, setOpening] = useState<{ machineId?: string } | undefined>(
    () => {
      const machineId = machineParam();
      return machineId ? { machineId } : undefined;
    },
  );
  const [closing, setClosing] = useState<SessionSnapshot>();
  const fill = useFillHeight<HTMLDivElement>();

  useEffect(() => {
    if (machineParam()) forgetMachineParam();
  }, []);

  const close = (tab: SessionSnapshot) => {
    if (tab.state === 'connected') {
      setClosing(tab);
    } else {
      sessions.close(tab.key);
    }
  };

  return (
    <Box
      ref={fill.ref}
      sx={{
        height: fill.height,
        display: 'flex',
        flexDirection: 'column',
        px: 3,
        pb: 2,
        pt: 1,
        boxSizing: 'border-box',
      }}
    >
      {tabs.length === 0 ? (
        <Box sx={{ pt: 2 }}>
          <EmptyState
            missing="content"
            title="No terminal open"
            description="Open a shell on a registered machine: here, or with Open terminal on a machine's page or in the Machines table. Sessions are recorded; several can run side by side in tabs."
            action={
              <Button
                variant="contained"
                startIcon={<TerminalIcon />}
                onClick={() => setOpening({})}
              >
                Open terminal
              </Button>
            }
          />
        </Box>
      ) : (
        <>
          <Stack
            direction="row"
            alignItems="center"
            sx={{ borderBottom: 1, borderColor: 'divider', mb: 1 }}
          >
            <Tabs
              value={selectedKey ?? false}
              onChange={(_e, key: string) => sessions.select(key)}
              variant="scrollable"
              scrollButtons="auto"
              aria-label="Terminal sessions"
              sx={{ flexGrow: 1, minHeight: 40 }}
            >
              {tabs.map(tab => (
                <Tab
                  key={tab.key}
                  value={tab.key}
                  component="div"
                  id={`tab-${tab.key}`}
                  aria-controls={`panel-${tab.key}`}
                  title={`${tab.machine.hostname}: ${
                    SESSION_STATE_LOOK[tab.state].label
                  }`}
                  label={<TabLabel session={tab} onClose={() => close(tab)} />}
                  sx={{ minHeight: 40, py: 0.5, pr: 1 }}
                />
              ))}
            </Tabs>
            <Tooltip title="Open another terminal">
              <IconButton
                aria-label="Open another terminal"
                onClick={() => setOpening({})}
              >
                <AddIcon />
              </IconButton>
            </Tooltip>
          </Stack>
          {tabs.map(tab => {
            const active = tab.key === selectedKey;
            return (
              <Box
                key={tab.key}
                role="tabpanel"
                id={`panel-${tab.key}`}
                aria-labelledby={`tab-${tab.key}`}
                hidden={!active}
                sx={{
                  flex: 1,
                  minHeight: 0,
                  display: active ? 'flex' : 'none',
                  flexDirection: 'column',
                }}
              >
                <SessionPanel snapshot={tab} active={active} />
              </Box>
            );
          })}
        </>
      )}

      {opening && (
        <OpenTerminalDialog
          machineId={opening.machineId}
          onClose={() => setOpening(undefined)}
          onOpen={target => {
            sessions.open(target);
            setOpening(undefined);
          }}
        />
      )}
      {closing && (
        <ConfirmDialog
          title={`Close the terminal on ${closing.machine.hostname}?`}
          confirmLabel="Close"
          onConfirm={async () => sessions.close(closing.key)}
          onClose={() => setClosing(undefined)}
        >
          The shell ends, and whatever runs in it in the foreground stops.
        </ConfirmDialog>
      )}
    </Box>
  );
}
