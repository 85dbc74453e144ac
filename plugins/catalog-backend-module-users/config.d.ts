export interface Config {
  catalog?: {
    providers?: {
      /** The OpsSight local users provider. */
      opssightAccess?: {
        /**
         * Minutes between full reads of the accounts (changes arrive as events
         * in between). Default 5.
         */
        refreshMinutes?: number;
      };
    };
  };
}
