import { expectPlugin } from '@opssight/plugin-api-react/testing';
import { automationPlugin } from './plugin';

describe('automationPlugin', () => {
  it('has the automation plugin id, its pages and the machines link', () => {
    expectPlugin(automationPlugin, 'automation', {
      routes: ['root', 'project', 'run'],
      externalRoutes: ['machines'],
    });
  });
});
