// A docs page that embeds the builder at 760 px and sizes the iframe from
// the builder's posted heights (kept in `window.heights`), served from its
// own origin, as a docs site would. `above` is HTML placed before the
// iframe (a long guide, to put it out of view).
import { after, before } from 'node:test';
import { createServer } from 'node:http';

export function docsPage(src, { above = '' } = {}) {
  return `<!doctype html><html><head><title>Docs</title>
<style>body { margin: 0 } iframe { display: block; border: 0; width: 760px }</style></head><body>
${above}<iframe id="builder" title="IAM Policy Builder" src="${src}" height="200"></iframe>
<script>
  window.heights = [];
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'iam-policy-builder:height') {
      window.heights.push(e.data.height);
      document.getElementById('builder').style.height = e.data.height + 'px';
    }
  });
</script></body></html>`;
}

/** A server for docs pages: `docs.pages.set(path, html)`, then visit `docs.origin + path`. */
export function docsServer() {
  const docs = { pages: new Map(), origin: '' };
  let server;
  before(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(docs.pages.get(req.url) ?? 'not found');
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    docs.origin = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise((ok) => server.close(ok)));
  return docs;
}
