import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import { usePermission } from '@backstage/plugin-permission-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { clusterCreatePermission } from '@opssight/plugin-clusters-common';
import { CREATE_REFUSAL } from './validation';

/**
 * The scaffolder field `ui:field: ClusterName`: the new cluster's name, on the
 * wizard's first step. A user who may not create clusters learns it here,
 * before filling in anything. Problems with the name are listed once, at the
 * top of the form (the template sets `ui:hideError`); the field only turns red.
 */
export function ClusterNameField(props: FieldExtensionComponentProps<string>) {
  const {
    formData,
    onChange,
    rawErrors,
    schema,
    required,
    disabled,
    idSchema,
    autofocus,
  } = props;
  const access = usePermission({ permission: clusterCreatePermission });
  const refused = !access.loading && !access.allowed;
  return (
    <Box sx={{ my: 1 }}>
      {refused && (
        <Alert
          severity="warning"
          sx={{ mb: 2 }}
          data-testid="cluster-create-refused"
        >
          <AlertTitle>{CREATE_REFUSAL}</AlertTitle>
          Your role can look at clusters but not create them. An OpsSight admin
          can give you the Operator role.
        </Alert>
      )}
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? 'Name'}
        required={required}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value)}
        disabled={disabled || refused}
        error={(rawErrors ?? []).length > 0}
        helperText={schema.description}
        autoFocus={!!autofocus && !refused}
        fullWidth
        inputProps={{ autoComplete: 'off', spellCheck: false }}
      />
    </Box>
  );
}
