export interface Config {
  /** The OpsSight job engine (@opssight/plugin-jobs-node), shared by every plugin that runs jobs. */
  jobs?: {
    concurrency?: {
      /**
       * Jobs running at once in one backend process, all plugins together.
       * Default 16.
       */
      global?: number;
      /**
       * Jobs running at once per plugin (per backend process), by plugin id,
       * e.g. `clusters: 4`. Default 8 each.
       */
      plugins?: {
        [pluginId: string]: number;
      };
    };
  };
}
