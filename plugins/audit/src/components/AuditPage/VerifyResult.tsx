import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import type { AuditVerifyResult } from '@opssight/plugin-audit-common';

/** Green when every link of the chain checks out; red with every broken link otherwise. */
export function VerifyResult(props: {
  result: AuditVerifyResult;
  onClose: () => void;
}) {
  const { result, onClose } = props;
  const entries = `${result.checked} ${
    result.checked === 1 ? 'entry' : 'entries'
  } checked`;
  if (result.ok) {
    return (
      <Alert severity="success" variant="filled" onClose={onClose}>
        Chain intact: {entries}
      </Alert>
    );
  }
  // An older backend reports only the first broken link.
  const broken =
    result.broken ?? (result.firstBroken ? [result.firstBroken] : []);
  const count = result.brokenCount ?? broken.length;
  return (
    <Alert severity="error" variant="filled" onClose={onClose}>
      <AlertTitle>
        Chain broken: {count} broken {count === 1 ? 'link' : 'links'} ({entries}
        )
      </AlertTitle>
      <Box
        component="ul"
        aria-label="Broken links"
        sx={{ m: 0, pl: 2.5, maxHeight: 240, overflowY: 'auto' }}
      >
        {broken.map(link => (
          <li key={`${link.seq}-${link.reason}`}>
            Entry #{link.seq}: {link.reason}
          </li>
        ))}
        {count > broken.length && <li>… and {count - broken.length} more</li>}
      </Box>
    </Alert>
  );
}
