/**
 * Small file trees (Ansible projects, Terraform configurations) kept as
 * immutable versions in the owning plugin's database, diffed and restored.
 *
 * @packageDocumentation
 */
export {
  filesProblem,
  LIMITS,
  MIGRATIONS_TABLE,
  VersionedFileStore,
  type FileChange,
  type TreeFile,
  type TreeVersion,
} from './VersionedFileStore';
