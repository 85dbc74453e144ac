export interface Config {
  /** OpsSight audit trail. */
  audit?: {
    /**
     * Audit events below this severity are logged but not stored in the trail.
     * Backstage's core plugins audit reads as 'low' and changes as 'medium';
     * OpsSight's plugins audit every mutation at 'medium' or above. Denials are
     * stored whatever their severity. Default 'medium'.
     */
    minimumSeverity?: 'low' | 'medium' | 'high' | 'critical';
  };
}
