import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to OpsSight

OpsSight is your team's DevOps control plane, inside the developer portal.

- **[Machines](/machines)**: the machine registry: add machines one by one or in bulk, group and
  tag them, and test SSH connections with their host keys pinned.
- **[Catalog](/)**: machines, systems and components, with owners and relations.
- **[Create](/create)**: templates for new services and infrastructure.

Scripts reach every API with a static token; see the README.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'Where to start in OpsSight',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
