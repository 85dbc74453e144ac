/**
 * A test server (an sshd, a silent listener) started before the first test of
 * the `describe` it is called in and stopped after its last. The returned
 * function gives the running server inside a test.
 */
export function serverForSuite<T extends { stop(): Promise<void> }>(
  start: () => Promise<T>,
): () => T {
  let server: T | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error("the suite's server has not started");
    return server;
  };
}
