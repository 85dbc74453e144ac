import {
  SessionEndReason,
  SessionsEndedEvent,
} from '@opssight/plugin-access-node';

/**
 * Who wants to hear that a session ended, in this process. Sessions ended one
 * by one are announced by handle; when all of a user's sessions end (but
 * perhaps one), every watched session is re-checked against the truth.
 */
export class SessionEndListeners {
  private readonly listeners = new Map<
    string,
    Set<(reason: SessionEndReason) => void>
  >();

  constructor(
    private readonly isLive: (sessionHandle: string) => Promise<boolean>,
  ) {}

  listen(
    sessionHandle: string,
    listener: (reason: SessionEndReason) => void,
  ): () => void {
    let set = this.listeners.get(sessionHandle);
    if (!set) {
      set = new Set();
      this.listeners.set(sessionHandle, set);
    }
    // A wrapper of its own: the same function subscribed twice is two subscriptions.
    const entry = set;
    const wrapped = (reason: SessionEndReason) => listener(reason);
    entry.add(wrapped);
    return () => {
      entry.delete(wrapped);
      if (entry.size === 0 && this.listeners.get(sessionHandle) === entry) {
        this.listeners.delete(sessionHandle);
      }
    };
  }

  announce(event: SessionsEndedEvent): void {
    if (event.sessionHandle) {
      this.fire(event.sessionHandle, event.reason);
      return;
    }
    // Every session of a user, perhaps but one: ask the truth about each watched one.
    for (const handle of [...this.listeners.keys()]) {
      this.isLive(handle).then(
        live => {
          if (!live) {
            this.fire(handle, event.reason);
          }
        },
        () => {},
      );
    }
  }

  private fire(sessionHandle: string, reason: SessionEndReason) {
    const listeners = this.listeners.get(sessionHandle);
    // A session ends once: its listeners are told once, then forgotten.
    this.listeners.delete(sessionHandle);
    for (const listener of listeners ?? []) {
      try {
        listener(reason);
      } catch {
        // One listener's failure must not keep the others from hearing it.
      }
    }
  }
}
