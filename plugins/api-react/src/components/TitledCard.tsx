import { ReactNode } from 'react';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';

/**
 * One section of a detail page: an outlined card with a title (and what
 * else stands beside it: a subtitle, buttons) above its content.
 *
 * @public
 */
export function TitledCard(props: {
  title: ReactNode;
  subheader?: ReactNode;
  /** At the end of the title line, e.g. a download button. */
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card variant="outlined">
      <CardHeader
        title={props.title}
        subheader={props.subheader}
        titleTypographyProps={{ variant: 'h6' }}
        action={props.action}
      />
      <CardContent>{props.children}</CardContent>
    </Card>
  );
}
