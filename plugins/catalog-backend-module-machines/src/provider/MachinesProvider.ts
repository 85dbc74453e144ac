import { AuthService } from '@backstage/backend-plugin-api';
import {
  EventedEntityProvider,
  EventedEntityProviderServices,
} from '@opssight/plugin-catalog-provider-node';
import {
  Machine,
  MACHINES_EVENTS_TOPIC,
} from '@opssight/plugin-machines-common';
import { MachinesService } from '@opssight/plugin-machines-node';
import { LOCATION_KEY, machineToEntity } from './machineEntity';

/**
 * Publishes every machine of the registry as a catalog entity; changes arrive
 * on the machines events topic.
 */
export class MachinesProvider extends EventedEntityProvider<Machine> {
  constructor(
    private readonly options: EventedEntityProviderServices & {
      auth: AuthService;
      /** The registry, read as this module itself for the full refresh. */
      machines: MachinesService;
    },
  ) {
    super(
      {
        name: 'opssight-machines',
        locationKey: LOCATION_KEY,
        topic: MACHINES_EVENTS_TOPIC,
        changeField: 'machines',
        itemsName: 'machines',
      },
      options,
    );
  }

  protected async readAll() {
    const { auth, machines } = this.options;
    return machines.list(
      {},
      { credentials: await auth.getOwnServiceCredentials() },
    );
  }

  protected toEntity(machine: Machine) {
    return machineToEntity(machine);
  }
}
