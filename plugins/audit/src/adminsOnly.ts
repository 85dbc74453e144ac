/** What anyone who may not read the audit trail sees instead of it, at /audit or after a 403. */
export const ADMINS_ONLY = {
  title: 'Admins only',
  description:
    'The audit trail records who did what across the portal; only OpsSight admins can read it. Ask an admin if you need to look something up.',
};
