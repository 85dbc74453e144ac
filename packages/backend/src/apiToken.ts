import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigSources, StaticConfigSource } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';

/** The subject that audit entries and logs show for requests made with the API token. */
export const API_TOKEN_SUBJECT = 'opssight-api-token';

/**
 * Root config that also accepts the static API token from OPSSIGHT_API_TOKEN for
 * scripts (`Authorization: Bearer $OPSSIGHT_API_TOKEN`). The token is added to
 * backend.auth.externalAccess only when the variable is set, so that an unset
 * variable means no static token is accepted at all.
 */
export const rootConfigWithApiToken = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({});
    const token = process.env.OPSSIGHT_API_TOKEN;
    if (!token) {
      return ConfigSources.toConfig(source);
    }
    const base = await ConfigSources.toConfig(source);
    const configured = (base.getOptional('backend.auth.externalAccess') ??
      []) as JsonObject[];
    base.close();
    const withToken = StaticConfigSource.create({
      data: {
        backend: {
          auth: {
            externalAccess: [
              ...configured,
              {
                type: 'static',
                options: { token, subject: API_TOKEN_SUBJECT },
              },
            ],
          },
        },
      },
      context: 'OPSSIGHT_API_TOKEN',
    });
    return ConfigSources.toConfig(ConfigSources.merge([source, withToken]));
  },
});
