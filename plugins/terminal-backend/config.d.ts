import { HumanDuration } from '@backstage/types';

export interface Config {
  /** OpsSight web terminal. */
  terminal?: {
    /**
     * Close a session after this long without a keystroke. Default 15 minutes.
     * A duration object ({ minutes: 15 }) or an ISO 8601 duration ('PT15M').
     */
    idleTimeout?: HumanDuration | string;
    /** How long before the idle timeout the user is warned. Default 1 minute. */
    idleWarning?: HumanDuration | string;
    /** Close every session after this long, busy or not. Default 8 hours. */
    maxDuration?: HumanDuration | string;
    /**
     * How often each live terminal re-checks that its user's portal session
     * still stands (not signed out, disabled, or ended by a password or role
     * change; on any replica) and that their role still allows terminals.
     * Default 30 seconds. On the replica where a session ends, its terminals
     * close at once.
     */
    sessionCheckInterval?: HumanDuration | string;
    /** Live sessions one user may have at once (per backend replica). Default 5. */
    maxSessionsPerUser?: number;
    /**
     * Origins allowed to open terminal WebSockets besides app.baseUrl's,
     * e.g. a second hostname for the portal.
     */
    allowedOrigins?: string[];
    recording?: {
      /**
       * Record keystrokes too ("i" events). Off by default: what users type
       * includes passwords (sudo, su, database prompts).
       */
      input?: boolean;
      /** Delete recordings older than this, hourly. Default 90 days. */
      retention?: HumanDuration | string;
    };
  };
}
