import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { TopologyDiff } from '@opssight/plugin-clusters-common';

function Line(props: { sign: '+' | '−'; ip: string; list: string }) {
  const added = props.sign === '+';
  return (
    <Box
      component="li"
      aria-label={`${added ? 'added' : 'removed'} ${props.list} ${props.ip}`}
      sx={theme => ({
        fontFamily: 'monospace',
        listStyle: 'none',
        px: 1,
        py: 0.25,
        borderRadius: 0.5,
        color: added ? theme.palette.success.main : theme.palette.error.main,
        bgcolor: added
          ? `${theme.palette.success.main}1a`
          : `${theme.palette.error.main}1a`,
        textDecoration: added ? undefined : 'line-through',
        textDecorationColor: `${theme.palette.error.main}80`,
      })}
    >
      <Box
        component="span"
        sx={{
          display: 'inline-block',
          width: 16,
          fontWeight: 700,
          textDecoration: 'none',
        }}
      >
        {props.sign}
      </Box>
      {props.ip}
    </Box>
  );
}

function ListDiff(props: {
  title: string;
  list: string;
  diff: { added: string[]; removed: string[] };
}) {
  const { added, removed } = props.diff;
  if (added.length === 0 && removed.length === 0) return null;
  return (
    <Box>
      <Typography variant="overline" color="text.secondary" component="div">
        {props.title}
      </Typography>
      <Stack component="ul" spacing={0.5} sx={{ m: 0, p: 0, maxWidth: 480 }}>
        {added.map(ip => (
          <Line key={`+${ip}`} sign="+" ip={ip} list={props.list} />
        ))}
        {removed.map(ip => (
          <Line key={`-${ip}`} sign="−" ip={ip} list={props.list} />
        ))}
      </Stack>
    </Box>
  );
}

/** What a reconfiguration changes: IPs added in green with +, removed in red with −, the load balancer from → to. */
export function TopologyDiffView(props: { diff: TopologyDiff }) {
  const { diff } = props;
  if (diff.empty) {
    return (
      <Typography variant="body2" color="text.secondary">
        No change to the nodes or the load balancer.
      </Typography>
    );
  }
  return (
    <Stack spacing={1.5} data-testid="topology-diff">
      <ListDiff title="Masters" list="master" diff={diff.masters} />
      <ListDiff title="Workers" list="worker" diff={diff.workers} />
      {diff.loadBalancer && (
        <Box>
          <Typography variant="overline" color="text.secondary" component="div">
            Load balancer
          </Typography>
          <Typography
            sx={{ fontFamily: 'monospace' }}
            aria-label="load balancer change"
          >
            <Box component="span" sx={{ color: 'error.main' }}>
              {diff.loadBalancer.from ?? 'none'}
            </Box>
            {' → '}
            <Box component="span" sx={{ color: 'success.main' }}>
              {diff.loadBalancer.to ?? 'none'}
            </Box>
          </Typography>
        </Box>
      )}
    </Stack>
  );
}
