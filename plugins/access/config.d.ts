export interface Config {
  opssight?: {
    signIn?: {
      /**
       * Other sign-in providers offered next to local accounts, each also
       * configured under auth.providers (README, "Sign-in"). Supported: github.
       * @visibility frontend
       */
      providers?: Array<'github'>;
    };
  };
}
