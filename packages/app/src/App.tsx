import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import {
  catalogImportRoleModule,
  navModule,
  scaffolderRoleModule,
} from './modules/nav';
import { homeModule } from './modules/home';
import { errorsModule } from './modules/errors';
import { passwordSettingsModule, signInModule } from '@opssight/plugin-access';

export default createApp({
  features: [
    catalogPlugin,
    navModule,
    scaffolderRoleModule,
    catalogImportRoleModule,
    homeModule,
    errorsModule,
    signInModule,
    passwordSettingsModule,
  ],
});
