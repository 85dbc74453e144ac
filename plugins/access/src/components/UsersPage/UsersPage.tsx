import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import {
  AddButton,
  ConfirmDialog,
  countOf,
  ListHeader,
  ListPageBody,
  NotForYourRole,
  withoutField,
  SuccessNotice,
} from '@opssight/plugin-api-react';
import type { LocalUser } from '@opssight/plugin-access-common';
import { ADMINS_ONLY } from '../../adminsOnly';
import { accessApiRef, errorMessage, errorStatus } from '../../api';
import { useAccessPermissions } from '../../hooks/useAccessPermissions';
import { ResetPasswordDialog } from '../ResetPasswordDialog';
import { UserFormDialog } from '../UserFormDialog';
import { UsersTable } from '../UsersTable';

type Dialogs =
  | { kind: 'create' }
  | { kind: 'edit'; user: LocalUser }
  | { kind: 'reset'; user: LocalUser }
  | { kind: 'disable'; user: LocalUser }
  | { kind: 'delete'; user: LocalUser };

/** The two ways to lock an account out, confirmed alike. */
const LOCK_OUTS = {
  disable: {
    verb: 'Disable',
    severity: 'warning',
    method: 'disableUser',
    done: 'Disabled',
    selfAction: 'Disabling',
    consequence: (username: string) =>
      `${username} can no longer sign in, and is signed out everywhere now. The account, its role and its history stay; enable it again at any time.`,
  },
  delete: {
    verb: 'Delete',
    severity: 'error',
    method: 'deleteUser',
    done: 'Deleted',
    selfAction: 'Deleting',
    consequence: () =>
      'The account and its sessions go, and its catalog user with them. This cannot be undone; to only stop someone signing in, disable the account instead.',
  },
} as const;

export function UsersPage() {
  const api = useApi(accessApiRef);
  const permissions = useAccessPermissions();
  const list = useAsyncRetry(() => api.listUsers(), [api]);
  const identityApi = useApi(identityApiRef);
  const me = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  ).value;
  const isMe = (user: LocalUser) => me === `user:default/${user.username}`;
  const [dialog, setDialog] = useState<Dialogs>();
  const [enabling, setEnabling] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  const close = () => setDialog(undefined);
  const done = (message: string) => {
    setNotice(message);
    setActionError(undefined);
    list.retry();
  };

  const enable = async (user: LocalUser) => {
    setEnabling(user.username);
    setActionError(undefined);
    try {
      await api.enableUser(user.username);
      done(`Enabled ${user.username}: they can sign in again`);
    } catch (e) {
      setActionError(
        `Could not enable ${user.username}: ${withoutField(errorMessage(e))}`,
      );
    } finally {
      setEnabling(undefined);
    }
  };

  // The page is only mounted for readers, but a role can change mid-session.
  if (errorStatus(list.error) === 403) {
    return <NotForYourRole {...ADMINS_ONLY} />;
  }

  const users = list.value ?? [];
  const addButton = permissions.canCreate && (
    <AddButton
      icon={<PersonAddIcon />}
      onClick={() => setDialog({ kind: 'create' })}
    >
      Add user
    </AddButton>
  );

  return (
    <Box sx={{ p: 3 }}>
      <Stack spacing={2}>
        {users.length > 0 && (
          <ListHeader testId="users-count" actions={addButton}>
            {countOf(users.length, 'user')} · passwords are never shown
          </ListHeader>
        )}
        {actionError && (
          <Alert severity="error" onClose={() => setActionError(undefined)}>
            {actionError}
          </Alert>
        )}
        <ListPageBody
          noun="users"
          list={list}
          onRetry={list.retry}
          isEmpty={users.length === 0}
          emptyState={{
            title: 'No local accounts',
            description:
              'Add the people who sign in with a username and password, each with a role.',
            canAdd: permissions.canCreate || permissions.loading,
            readOnlyDescription:
              'There are no local accounts, and your role cannot add any.',
            action: addButton,
          }}
        >
          <UsersTable
            users={users}
            busy={enabling}
            {...(permissions.canUpdate && {
              onEdit: user => setDialog({ kind: 'edit', user }),
              onResetPassword: user => setDialog({ kind: 'reset', user }),
              onDisable: user => setDialog({ kind: 'disable', user }),
              onEnable: enable,
            })}
            {...(permissions.canDelete && {
              onDelete: user => setDialog({ kind: 'delete', user }),
            })}
          />
        </ListPageBody>
      </Stack>

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormDialog
          user={dialog.kind === 'edit' ? dialog.user : undefined}
          onClose={close}
          onSaved={saved => {
            close();
            done(
              dialog.kind === 'edit'
                ? `Saved ${saved.username}`
                : `Added ${saved.username}: they must change the password at first sign-in`,
            );
          }}
        />
      )}

      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={close}
          onReset={user => {
            close();
            done(
              `Reset the password of ${user.username}: they must change it at next sign-in`,
            );
          }}
        />
      )}

      {(dialog?.kind === 'disable' || dialog?.kind === 'delete') && (
        <ConfirmDialog
          title={`${LOCK_OUTS[dialog.kind].verb} ${dialog.user.username}?`}
          confirmLabel={`${LOCK_OUTS[dialog.kind].verb} user`}
          severity={LOCK_OUTS[dialog.kind].severity}
          onClose={close}
          formatError={e => withoutField(errorMessage(e))}
          onConfirm={async () => {
            const { method, done: did } = LOCK_OUTS[dialog.kind];
            await api[method](dialog.user.username);
            done(`${did} ${dialog.user.username}`);
          }}
        >
          {isMe(dialog.user) && (
            <SelfWarning action={LOCK_OUTS[dialog.kind].selfAction} />
          )}
          <Typography>
            {LOCK_OUTS[dialog.kind].consequence(dialog.user.username)}
          </Typography>
        </ConfirmDialog>
      )}

      <SuccessNotice message={notice} onClose={() => setNotice(undefined)} />
    </Box>
  );
}

/** Before an admin locks themself out. */
function SelfWarning(props: { action: 'Disabling' | 'Deleting' }) {
  return (
    <Alert severity="error" sx={{ mb: 2 }}>
      <AlertTitle>This is your own account</AlertTitle>
      {props.action} it signs you out at once, and you cannot undo it yourself:
      another admin has to.
    </Alert>
  );
}
