import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** The OpsSight mark alone, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 60 60"
      role="img"
      aria-label="OpsSight"
    >
      <path
        className={classes.mark}
        d="M4 30 C16 10 44 10 56 30 C44 50 16 50 4 30 Z M30 20 a10 10 0 1 0 0.01 0 Z"
        fillRule="evenodd"
      />
    </svg>
  );
};
