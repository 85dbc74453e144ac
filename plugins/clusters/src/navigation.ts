/**
 * Goes to a path of the app, as following a link does: after an action that
 * creates something (a run, a reconfiguration), to where it can be seen.
 *
 * The plugin does not depend on react-router itself, so instead of its
 * `useNavigate` this pushes a history entry in the router's own form and
 * tells the app's router with a popstate event, which it follows.
 */
export function navigateTo(path: string): void {
  const index = Number(window.history.state?.idx ?? 0) + 1;
  const key = Math.random().toString(36).slice(2, 10);
  window.history.pushState({ usr: null, key, idx: index }, '', path);
  window.dispatchEvent(
    new PopStateEvent('popstate', { state: window.history.state }),
  );
}
