import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: { fill: '#ffffff', font: '600 46px system-ui, sans-serif' },
});

/** The OpsSight word mark: an eye-shaped sight over the name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 300 60"
      role="img"
      aria-label="OpsSight"
    >
      <path
        className={classes.mark}
        d="M4 30 C16 10 44 10 56 30 C44 50 16 50 4 30 Z M30 20 a10 10 0 1 0 0.01 0 Z"
        fillRule="evenodd"
      />
      <text className={classes.text} x="70" y="46">
        OpsSight
      </text>
    </svg>
  );
};
