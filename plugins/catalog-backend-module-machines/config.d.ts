export interface Config {
  catalog?: {
    providers?: {
      /** The OpsSight machines provider. */
      opssightMachines?: {
        /**
         * Minutes between full reads of the registry (changes arrive as events
         * in between). Default 5.
         */
        refreshMinutes?: number;
      };
    };
  };
}
