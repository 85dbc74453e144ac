export interface Config {
  catalog?: {
    providers?: {
      /** The OpsSight clusters provider. */
      opssightClusters?: {
        /**
         * Minutes between full reads of the clusters (changes arrive as events
         * in between). Default 5.
         */
        refreshMinutes?: number;
      };
    };
  };
}
