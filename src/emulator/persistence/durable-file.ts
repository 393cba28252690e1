/**
 * Writing a file so that a crash at any moment leaves either the old content or the new, never
 * a torn mix: write a temporary file beside it, fsync it, rename it over the target (atomic on
 * POSIX file systems), then fsync the folder so that the rename itself survives a power loss.
 */
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Replaces `path` with `content`, durably. */
export async function writeFileDurably(path: string, content: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(content, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Some file systems (and Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
