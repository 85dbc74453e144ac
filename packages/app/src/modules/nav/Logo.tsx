import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  full: { width: 'auto', height: 30 },
  icon: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
  text: { fill: '#ffffff', font: '600 46px system-ui, sans-serif' },
});

/** The OpsSight logo: an eye-shaped sight, with the name beside it unless `iconOnly`. */
function Logo({ iconOnly }: { iconOnly: boolean }) {
  const classes = useStyles();
  return (
    <svg
      className={iconOnly ? classes.icon : classes.full}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={iconOnly ? '0 0 60 60' : '0 0 300 60'}
      role="img"
      aria-label="OpsSight"
    >
      <path
        className={classes.mark}
        d="M4 30 C16 10 44 10 56 30 C44 50 16 50 4 30 Z M30 20 a10 10 0 1 0 0.01 0 Z"
        fillRule="evenodd"
      />
      {!iconOnly && (
        <text className={classes.text} x="70" y="46">
          OpsSight
        </text>
      )}
    </svg>
  );
}

/** The OpsSight word mark: the sight beside the name, for the open sidebar. */
export const LogoFull = () => <Logo iconOnly={false} />;

/** The OpsSight mark alone, for the collapsed sidebar. */
export const LogoIcon = () => <Logo iconOnly />;
