import { ReactNode } from 'react';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/**
 * The line above a list: how many there are and what else to know about them
 * (`3 users · passwords are never shown`), then the page's buttons.
 *
 * @public
 */
export function ListHeader(props: {
  /** The summary's test id, e.g. `users-count`. */
  testId: string;
  children: ReactNode;
  /** Buttons at the end of the line (Add…, Export…). */
  actions?: ReactNode;
}) {
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <Typography
        variant="subtitle1"
        color="text.secondary"
        sx={{ flexGrow: 1 }}
        data-testid={props.testId}
      >
        {props.children}
      </Typography>
      {props.actions}
    </Stack>
  );
}

/**
 * `1 user`, `2 users`: a count and its noun, plural when it is not one.
 *
 * @public
 */
export function countOf(count: number, noun: string, plural = `${noun}s`) {
  return `${count} ${count === 1 ? noun : plural}`;
}
