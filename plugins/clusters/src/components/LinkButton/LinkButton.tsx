import Button, { type ButtonProps } from '@mui/material/Button';
import { Link } from '@backstage/core-components';

/**
 * A button that navigates within the app. The router link underneath brings
 * the link colour of Backstage's own theme, which would paint a contained
 * button's label in its background colour: the button's colours are made to
 * win.
 */
export function LinkButton(
  props: Omit<ButtonProps<typeof Link>, 'component'> & { to: string },
) {
  const { sx, variant, color = 'primary', ...rest } = props;
  const contained = variant === 'contained';
  return (
    <Button
      {...rest}
      variant={variant}
      color={color}
      component={Link}
      underline="none"
      sx={[
        theme => ({
          '&&': {
            color:
              contained && color !== 'inherit'
                ? theme.palette[color].contrastText
                : undefined,
          },
        }),
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    />
  );
}
