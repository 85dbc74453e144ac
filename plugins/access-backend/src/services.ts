import {
  coreServices,
  createServiceFactory,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import {
  AccessSessionsService,
  accessSessionsServiceRef,
  FindSessionOptions,
  SessionEndReason,
} from '@opssight/plugin-access-node';
import { SessionEndListeners } from './service/SessionEndListeners';
import { SignInSessions } from './service/SignInSessions';

/**
 * The root sessions service until, and after, the access plugin opens the
 * sessions on its database. The pool is the access plugin's own
 * (`coreServices.database`), the one Backstage's services for that plugin
 * (its service-token keys, its scheduler) use too: a pool opened here would
 * be a second one. So the plugin hands its sessions over at start-up, and
 * calls made before then wait for it.
 */
export class AccessSessionsHandover implements AccessSessionsService {
  /** Shared with the plugin's sessions, so a listener may subscribe before they open. */
  readonly listeners = new SessionEndListeners(handle =>
    this.isSessionLive(handle),
  );
  private readonly opened: Promise<SignInSessions>;
  private open!: (sessions: SignInSessions) => void;
  private fail!: (error: Error) => void;

  constructor(lifecycle: RootLifecycleService) {
    this.opened = new Promise((resolve, reject) => {
      this.open = resolve;
      this.fail = reject;
    });
    // Nothing waits for nothing: once every plugin has started, the access plugin has opened them or is not here.
    this.opened.catch(() => {});
    lifecycle.addStartupHook(() =>
      this.fail(
        new Error(
          'Local sessions cannot be checked: the access plugin is not installed',
        ),
      ),
    );
  }

  /** For the access plugin: its sessions, on its database. */
  handOver(sessions: SignInSessions): void {
    this.open(sessions);
  }

  /** The access plugin's sessions, once it has started. */
  whenOpen(): Promise<SignInSessions> {
    return this.opened;
  }

  async signIn(request: Parameters<SignInSessions['signIn']>[0]) {
    return (await this.opened).signIn(request);
  }

  async auditableUsername(typed: string) {
    return (await this.opened).auditableUsername(typed);
  }

  async findSession(sessionId: string, options?: FindSessionOptions) {
    return (await this.opened).findSession(sessionId, options);
  }

  async findSessionByHandle(handle: string, options?: FindSessionOptions) {
    return (await this.opened).findSessionByHandle(handle, options);
  }

  async isSessionLive(handle: string) {
    return (await this.opened).isSessionLive(handle);
  }

  async endSession(sessionId: string) {
    return (await this.opened).endSession(sessionId);
  }

  onSessionEnded(
    handle: string,
    listener: (reason: SessionEndReason) => void,
  ): () => void {
    return this.listeners.listen(handle, listener);
  }
}

/**
 * Local sign-in sessions ({@link @opssight/plugin-access-node#accessSessionsServiceRef})
 * on the access plugin's database. Add it to the backend with the access
 * plugin: the auth module, the root session guard and the terminal use it.
 *
 * @public
 */
export const accessSessionsServiceFactory = createServiceFactory({
  service: accessSessionsServiceRef,
  deps: { lifecycle: coreServices.rootLifecycle },
  factory: ({ lifecycle }) => new AccessSessionsHandover(lifecycle),
});
