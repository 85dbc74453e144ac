import { useLocation } from 'react-router-dom';

/**
 * Stands in, in a test's routes, for the page an action leads to: it says
 * where the router landed, path and query, so that a test sees the navigation
 * really happened.
 */
export function Landing() {
  const { pathname, search } = useLocation();
  return <p>{`Landed on ${pathname}${search}`}</p>;
}
