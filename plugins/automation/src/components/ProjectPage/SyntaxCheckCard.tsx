import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BusyButton,
  friendlyMessage,
  HeadedTable,
  TimeAgo,
  TitledCard,
  useNow,
} from '@opssight/plugin-api-react';
import { JobStatusChip } from '@opssight/plugin-jobs-react';
import { isFinalJobStatus } from '@opssight/plugin-jobs-common';
import { automationApiRef, type SyntaxProblem } from '../../api';

/** `site.yml:12`, or the playbook when the problem names no file. */
export function problemPlace(problem: SyntaxProblem): string {
  const file = problem.file ?? problem.playbook;
  return problem.line ? `${file}:${problem.line}` : file;
}

function checkWords(live: boolean, status: string) {
  if (live) return 'Checking every playbook…';
  return status === 'succeeded'
    ? 'Every playbook passes the syntax check.'
    : 'The check did not finish.';
}

/**
 * The latest `ansible-playbook --syntax-check` of the project, followed while
 * it runs; each problem with its file and line (a click opens the file).
 */
export function SyntaxCheckCard(props: {
  projectId: string;
  /** Changes when a save starts a new check. */
  revision: number;
  canCheck: boolean;
  onOpenFile?: (path: string) => void;
}) {
  const api = useApi(automationApiRef);
  const now = useNow();
  const check = useAsyncRetry(
    () => api.getLatestCheck(props.projectId),
    [api, props.projectId, props.revision],
  );
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>();
  const live = check.value && !isFinalJobStatus(check.value.status);

  const { retry } = check;
  useEffect(() => {
    if (!live) return undefined;
    const timer = setTimeout(retry, 2000);
    return () => clearTimeout(timer);
  }, [live, check.value, retry]);

  const start = async () => {
    setStarting(true);
    setStartError(undefined);
    try {
      await api.startCheck(props.projectId);
      check.retry();
    } catch (e) {
      setStartError(e);
    } finally {
      setStarting(false);
    }
  };

  const value = check.value;
  let body;
  if (check.error) {
    body = (
      <Alert severity="error">
        Could not load the syntax check: {friendlyMessage(check.error)}
      </Alert>
    );
  } else if (!value) {
    body = (
      <Typography color="text.secondary">
        {check.loading ? 'Loading…' : 'Not checked yet.'}
      </Typography>
    );
  } else if (value.problems.length === 0) {
    body = (
      <Typography color="text.secondary">
        {checkWords(!!live, value.status)}
      </Typography>
    );
  } else {
    body = (
      <HeadedTable label="Syntax problems" columns={['Where', 'Problem']}>
        {value.problems.map((problem, i) => {
          const place = problemPlace(problem);
          const file = problem.file ?? problem.playbook;
          return (
            <TableRow key={i} data-testid="syntax-problem">
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
                {props.onOpenFile ? (
                  <Link
                    component="button"
                    onClick={() => props.onOpenFile!(file)}
                  >
                    {place}
                  </Link>
                ) : (
                  place
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>
                {problem.message}
              </TableCell>
            </TableRow>
          );
        })}
      </HeadedTable>
    );
  }

  return (
    <TitledCard
      title="Syntax check"
      subheader={
        value ? (
          <>
            <JobStatusChip status={value.status} />{' '}
            {value.version ? `version ${value.version} · ` : ''}
            <TimeAgo at={value.finishedAt ?? value.createdAt} now={now} />
          </>
        ) : undefined
      }
      action={
        props.canCheck && (
          <BusyButton busy={starting || !!live} onClick={start}>
            Check now
          </BusyButton>
        )
      }
    >
      {!!startError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {friendlyMessage(startError)}
        </Alert>
      )}
      {value?.error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          The check could not run: {value.error}
        </Alert>
      )}
      {body}
    </TitledCard>
  );
}
