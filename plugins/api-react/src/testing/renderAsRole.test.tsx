import { screen } from '@testing-library/react';
import { createPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { apiError } from './fakeBackend';
import { renderAsRole } from './renderAsRole';

const read = createPermission({
  name: 'opssight.machines.machine.read',
  attributes: { action: 'read' },
});
const create = createPermission({
  name: 'opssight.machines.machine.create',
  attributes: { action: 'create' },
});

function Answers() {
  const canRead = usePermission({ permission: read });
  const canCreate = usePermission({ permission: create });
  if (canRead.loading || canCreate.loading) return null;
  return (
    <p>
      read {String(canRead.allowed)}, create {String(canCreate.allowed)}
    </p>
  );
}

// One test: usePermission caches its answers for the whole file.
describe('renderAsRole', () => {
  it('answers for a viewer as the policy does', async () => {
    renderAsRole(<Answers />, { role: 'viewer' });
    expect(
      await screen.findByText('read true, create false'),
    ).toBeInTheDocument();
  });
});

describe('apiError', () => {
  it('is the ResponseError a client throws for the answer', async () => {
    const error = await apiError(403, 'NotAllowedError', 'not for you');
    expect(error.name).toBe('ResponseError');
    expect(error.response.status).toBe(403);
    expect(error.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'not for you',
    });
  });
});
