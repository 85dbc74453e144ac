import Button from '@mui/material/Button';
import VideoLibraryIcon from '@mui/icons-material/VideoLibrary';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useTerminalPermissions } from '../../hooks/useTerminalPermissions';
import { recordingsRouteRef } from '../../routes';

/** The terminal pages' header action: to the recordings, for those who may watch them. */
export function RecordingsLink() {
  const link = useRouteRef(recordingsRouteRef);
  const { canReadRecordings } = useTerminalPermissions();
  if (!link || !canReadRecordings) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<VideoLibraryIcon />}
      component={Link}
      to={link()}
      underline="none"
    >
      Recordings
    </Button>
  );
}
