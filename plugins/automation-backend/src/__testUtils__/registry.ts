import { mockCredentials } from '@backstage/backend-test-utils';
import { Machine } from '@opssight/plugin-machines-common';
import {
  InMemoryMachinesService,
  makeMachine,
} from '@opssight/plugin-machines-node/testing';

/** The pinned host key of the test machines (pass `hostPublicKey: null` for an unpinned one). */
export const PINNED_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHrz1ZrUxd1FQtN4RVk6e4Hq9gX3VlHdIw0Qc2kqsR7x';

/** A signed-in user, as the registry is asked. */
export const asUser = { credentials: mockCredentials.user() };

/** An in-memory registry of these machines, pinned unless they say otherwise. */
export function testRegistry(
  ...machines: Array<Partial<Machine> & Pick<Machine, 'id' | 'ip' | 'hostname'>>
): InMemoryMachinesService {
  return new InMemoryMachinesService({
    machines: machines.map(m =>
      makeMachine({ hostPublicKey: PINNED_KEY, ...m }),
    ),
  });
}
