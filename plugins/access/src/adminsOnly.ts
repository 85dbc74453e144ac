/** What anyone who may not see the local accounts sees instead of them, at /users or after a 403. */
export const ADMINS_ONLY = {
  title: 'Admins only',
  description:
    'User accounts and their roles are managed by OpsSight admins. Ask an admin if you need an account, another role, or a new password.',
};
