import { open } from 'node:fs/promises';

/** Writes `text` to `path` (created or truncated) and fsyncs it before closing: safe to rename or link into place. */
export async function writeSyncedFile(path: string, text: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}
