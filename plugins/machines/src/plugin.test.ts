import {
  expectPlugin,
  expectResourceTab,
} from '@opssight/plugin-api-react/testing';
import { isMachineEntity, machinesPlugin } from './plugin';

describe('machinesPlugin', () => {
  it('has the machines plugin id, its page and the terminal link', () => {
    expectPlugin(machinesPlugin, 'machines', {
      routes: ['root'],
      externalRoutes: ['terminal'],
    });
  });

  it('shows the Machine tab only on machine resources', () => {
    expectResourceTab(isMachineEntity, 'machine', 'database');
  });
});
