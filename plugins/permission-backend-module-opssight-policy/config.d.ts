export interface Config {
  opssight?: {
    /** How users get their OpsSight role (Admin / Operator / Viewer). */
    roles?: {
      /** Entity refs (usually IdP groups) whose members are admins. */
      admin?: string[];
      /** Entity refs whose members are operators. */
      operator?: string[];
      /** Entity refs whose members are viewers. */
      viewer?: string[];
      /** Role of a signed-in user matching none of the above: viewer, operator, admin or none. Default none. */
      default?: string;
    };
  };
}
