import { useCallback } from 'react';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { machineEntityName } from '@opssight/plugin-machines-common';

/**
 * The "Machine" tab of a machine's catalog entity, where its connection is
 * tested (which pins the host key). Undefined without the machine's IP, which
 * is part of the entity's name.
 */
export function useMachinePageLink(): (machine: {
  hostname: string;
  ip?: string;
}) => string | undefined {
  const entityLink = useEntityRefLink();
  return useCallback(
    machine =>
      machine.ip
        ? `${entityLink({
            kind: 'resource',
            namespace: 'default',
            name: machineEntityName({
              hostname: machine.hostname,
              ip: machine.ip,
            }),
          })}/machine`
        : undefined,
    [entityLink],
  );
}
