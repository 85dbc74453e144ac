import { render, screen } from '@testing-library/react';
import {
  ApiBlueprint,
  createFrontendModule,
  createFrontendPlugin,
  PageBlueprint,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { createApp } from '@backstage/frontend-defaults';
import { fakePermissionApi } from '@opssight/plugin-api-react';
import machinesPlugin from '@opssight/plugin-machines';
import { terminalSessionCreatePermission } from '@opssight/plugin-terminal-common';
import terminalPlugin from '@opssight/plugin-terminal';

/** Shows where the machines plugin's "Open terminal" leads, as its pages see it. */
function Probe() {
  const terminal = useRouteRef(machinesPlugin.externalRoutes.terminal);
  return <div data-testid="probe">{terminal ? terminal() : 'unbound'}</div>;
}

const probePlugin = createFrontendPlugin({
  pluginId: 'probe',
  extensions: [
    PageBlueprint.make({
      params: { path: '/probe', loader: async () => <Probe /> },
    }),
  ],
});

/**
 * A whole app, as packages/app makes it: extension predicates (the terminal
 * page's `if`) are evaluated asynchronously, which only the real app does.
 */
function renderWith(features: any[], allows: (name: string) => boolean) {
  const [permissionApiRef, permissionApi] = fakePermissionApi(allows);
  const permissions = createFrontendModule({
    pluginId: 'app',
    extensions: [
      ApiBlueprint.make({
        name: 'permission',
        params: defineParams =>
          defineParams({
            api: permissionApiRef,
            deps: {},
            factory: () => permissionApi,
          }),
      }),
    ],
  });
  process.env = {
    ...process.env,
    APP_CONFIG: [
      {
        data: {
          app: {
            title: 'Test',
            baseUrl: 'http://localhost:3000',
            // Signed in already, as far as this test is concerned.
            extensions: [{ 'sign-in-page:app': false }],
          },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        context: 'test',
      },
    ] as any,
  };
  window.history.replaceState(null, '', '/probe');
  const app = createApp({
    features: [...features, probePlugin, permissions],
  });
  render(app.createRoot());
}

// A whole app renders here; on a loaded CI machine that takes seconds.
jest.setTimeout(30_000);

describe("the machines plugin's Open terminal", () => {
  it("binds the machines plugin's Open terminal to the terminal page by default", async () => {
    renderWith([machinesPlugin, terminalPlugin], () => true);
    expect(
      await screen.findByTestId('probe', {}, { timeout: 15_000 }),
    ).toHaveTextContent(/^\/terminal$/);
  });

  it('leaves it unbound for users who may not open terminals', async () => {
    renderWith(
      [machinesPlugin, terminalPlugin],
      name => name !== terminalSessionCreatePermission.name,
    );
    expect(
      await screen.findByTestId('probe', {}, { timeout: 15_000 }),
    ).toHaveTextContent('unbound');
  });

  it('leaves it unbound in an app without the terminal plugin', async () => {
    renderWith([machinesPlugin], () => true);
    expect(
      await screen.findByTestId('probe', {}, { timeout: 15_000 }),
    ).toHaveTextContent('unbound');
  });
});
