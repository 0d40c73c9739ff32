// The brightspot binary the browser tests run: BRIGHTSPOT_BIN (scripts/test.sh sets it), else
// the newer of the release and debug builds in target/.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));

export const BIN =
  process.env.BRIGHTSPOT_BIN ??
  ['target/release/brightspot', 'target/debug/brightspot']
    .map((p) => path.join(REPO, p))
    .filter(existsSync)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
