import { useState } from 'react';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import {
  hasDetails,
  type Credential,
  type CredentialListItem,
} from '@opssight/plugin-vault-common';
import {
  HeadedTable,
  NoValue,
  RowAction,
  TimeAgo,
  useNow,
} from '@opssight/plugin-api-react';
import { KindChip, ScopeChip } from '../CredentialChips';

/** Where a shared credential may be sent; "nowhere" until an admin binds it. */
function DestinationsCell({ credential }: { credential: Credential }) {
  if (credential.allowedDestinations.length === 0) {
    return (
      <Tooltip title="An admin binds it to hosts or URL prefixes (Edit); until then the portal sends it nowhere over HTTP">
        <Box component="span" sx={{ color: 'text.secondary' }}>
          nowhere
        </Box>
      </Tooltip>
    );
  }
  return (
    <Stack spacing={0.25}>
      {credential.allowedDestinations.map(destination => (
        <Box
          key={destination}
          component="span"
          sx={{ fontFamily: 'monospace', fontSize: 12, whiteSpace: 'nowrap' }}
        >
          {destination}
        </Box>
      ))}
    </Stack>
  );
}

/** `user:default/jane` → `jane`; other namespaces and kinds stay visible. */
export function shortEntityRef(ref: string): string {
  return ref.replace(/^user:default\//, '');
}

function CopyPublicKeyButton(props: { credential: Credential }) {
  const { credential } = props;
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(
      // The name as comment, as ssh-keygen writes `user@host` there.
      `${credential.publicKey} ${credential.name.replace(/\s+/g, '-')}\n`,
    );
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Tooltip
      title={
        copied
          ? 'Copied: add it to ~/.ssh/authorized_keys on the machines'
          : 'Copy the public key (an authorized_keys line)'
      }
    >
      <IconButton
        size="small"
        aria-label={`Copy the public key of ${credential.name}`}
        onClick={copy}
      >
        {copied ? (
          <CheckIcon fontSize="inherit" color="success" />
        ) : (
          <ContentCopyIcon fontSize="inherit" />
        )}
      </IconButton>
    </Tooltip>
  );
}

function KeyCell(props: { credential: Credential }) {
  const { credential } = props;
  if (!credential.fingerprint) return <NoValue />;
  return (
    <Stack direction="row" alignItems="center" spacing={0.5}>
      <Box sx={{ fontFamily: 'monospace', fontSize: 12, lineHeight: 1.4 }}>
        <div>{credential.keyType}</div>
        <Box sx={{ color: 'text.secondary', wordBreak: 'break-all' }}>
          {credential.fingerprint}
        </Box>
      </Box>
      {credential.publicKey && <CopyPublicKeyButton credential={credential} />}
    </Stack>
  );
}

/** The credentials the user can see; secrets are never part of them. */
export function CredentialsTable(props: {
  credentials: CredentialListItem[];
  canEdit: (credential: Credential) => boolean;
  canDelete: (credential: CredentialListItem) => boolean;
  onEdit: (credential: Credential) => void;
  onDelete: (credential: CredentialListItem) => void;
}) {
  const { credentials, canEdit, canDelete } = props;
  // "Last used 5 min ago" stays true while the page is open.
  const now = useNow(true, 60_000);
  const anyActions = credentials.some(
    c => (hasDetails(c) && canEdit(c)) || canDelete(c),
  );
  return (
    <HeadedTable
      label="Credentials"
      sx={{ '& td, & th': { px: 1.5 } }}
      columns={[
        'Name',
        'Kind',
        'Scope',
        'Owner',
        'Username',
        'Key',
        'Allowed destinations',
        'Last used',
        anyActions && { label: 'Actions', align: 'right' },
      ]}
    >
      {credentials.map(credential => {
        const details = hasDetails(credential) ? credential : undefined;
        return (
          <TableRow
            key={credential.id}
            hover
            data-testid="credential-row"
            data-kind={credential.kind}
          >
            <TableCell sx={{ minWidth: 160 }}>
              <Typography variant="body2" fontWeight={500}>
                {credential.name}
              </Typography>
              {details?.description && (
                <Typography variant="caption" color="text.secondary">
                  {details.description}
                </Typography>
              )}
              {!details && (
                <Typography variant="caption" color="text.secondary">
                  Your role sees only its name
                </Typography>
              )}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <KindChip kind={credential.kind} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <ScopeChip scope={credential.scope} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {details ? (
                <Tooltip title={details.owner}>
                  <span>{shortEntityRef(details.owner)}</span>
                </Tooltip>
              ) : (
                <NoValue />
              )}
            </TableCell>
            <TableCell>
              {details?.username ? (
                <Box component="span" sx={{ fontFamily: 'monospace' }}>
                  {details.username}
                </Box>
              ) : (
                <NoValue />
              )}
            </TableCell>
            <TableCell>
              {details ? <KeyCell credential={details} /> : <NoValue />}
            </TableCell>
            <TableCell data-testid="credential-destinations">
              {details?.scope === 'shared' ? (
                <DestinationsCell credential={details} />
              ) : (
                <NoValue />
              )}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <TimeAgo
                at={details?.lastUsedAt}
                now={now}
                never={details ? 'never' : '—'}
              />
            </TableCell>
            {anyActions && (
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <RowAction
                  title="Edit"
                  label={`Edit ${credential.name}`}
                  icon={<EditIcon fontSize="small" />}
                  onClick={
                    details && canEdit(details)
                      ? () => props.onEdit(details)
                      : undefined
                  }
                />
                <RowAction
                  title="Delete"
                  label={`Delete ${credential.name}`}
                  icon={<DeleteIcon fontSize="small" />}
                  onClick={
                    canDelete(credential)
                      ? () => props.onDelete(credential)
                      : undefined
                  }
                />
              </TableCell>
            )}
          </TableRow>
        );
      })}
    </HeadedTable>
  );
}
