import { createEntityProviderModule } from '@opssight/plugin-catalog-provider-node';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
import { MachinesProvider } from './provider/MachinesProvider';

/**
 * Publishes the OpsSight machine registry to the catalog as Resource entities of type machine.
 *
 * @public
 */
export const catalogModuleMachines = createEntityProviderModule({
  moduleId: 'opssight-machines',
  configKey: 'opssightMachines',
  deps: { machines: machinesServiceRef },
  createProvider: services => new MachinesProvider(services),
});
