import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import FolderIcon from '@mui/icons-material/FolderOutlined';
import FileIcon from '@mui/icons-material/DescriptionOutlined';

type Row = { key: string; label: string; depth: number; path?: string };

/** Folders first, then files, each folder's content under it, indented. */
export function treeRows(paths: string[]): Row[] {
  const rows: Row[] = [];
  const seen = new Set<string>();
  const sorted = [...paths].sort((a, b) => {
    const da = a.split('/');
    const db = b.split('/');
    for (let i = 0; i < Math.min(da.length, db.length); i++) {
      if (da[i] === db[i]) continue;
      const aDir = i < da.length - 1;
      const bDir = i < db.length - 1;
      if (aDir !== bDir) return aDir ? -1 : 1;
      return da[i].localeCompare(db[i]);
    }
    return da.length - db.length;
  });
  for (const path of sorted) {
    const parts = path.split('/');
    parts.slice(0, -1).forEach((part, depth) => {
      const folder = parts.slice(0, depth + 1).join('/');
      if (!seen.has(folder)) {
        seen.add(folder);
        rows.push({ key: `${folder}/`, label: part, depth });
      }
    });
    rows.push({
      key: path,
      label: parts[parts.length - 1],
      depth: parts.length - 1,
      path,
    });
  }
  return rows;
}

/** A project's files as a tree; a file is opened by a click. */
export function FileTree(props: {
  paths: string[];
  selected?: string;
  /** Files changed and not saved yet. */
  edited: Set<string>;
  onSelect: (path: string) => void;
}) {
  return (
    <List dense aria-label="Files" sx={{ minWidth: 220 }}>
      {treeRows(props.paths).map(row => (
        <ListItemButton
          key={row.key}
          disabled={!row.path}
          selected={row.path !== undefined && row.path === props.selected}
          onClick={() => row.path && props.onSelect(row.path)}
          sx={{ pl: 1 + row.depth * 2, '&.Mui-disabled': { opacity: 1 } }}
        >
          <ListItemIcon sx={{ minWidth: 28 }}>
            {row.path ? (
              <FileIcon fontSize="small" />
            ) : (
              <FolderIcon fontSize="small" />
            )}
          </ListItemIcon>
          <ListItemText
            primary={
              row.path && props.edited.has(row.path)
                ? `${row.label} •`
                : row.label
            }
            primaryTypographyProps={{ fontFamily: 'monospace', fontSize: 13 }}
          />
        </ListItemButton>
      ))}
    </List>
  );
}
