// One static server and one browser for a spec file.
import { after, before } from 'node:test';

import { launch } from './browser.mjs';
import { serveDist } from './server.mjs';

export function suite() {
  const ctx = {};
  before(async () => {
    ctx.server = await serveDist();
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}
