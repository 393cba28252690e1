import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createBackend } from '../app.js';
import { testConfig, withCredentials } from '../test-support/test-config.js';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function backend() {
  const store = await openStore('sqlite::memory:');
  stores.push(store);
  const { app } = await createBackend({ config: withCredentials(testConfig()), store });
  return app;
}

describe('/docs, loaded on first use', () => {
  it('renders the page, its assets and the same document as /openapi.json', async () => {
    const app = await backend();
    const [page, again] = await Promise.all([app.inject({ url: '/docs/' }), app.inject({ url: '/docs/' })]);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(again.body).toBe(page.body);
    const css = await app.inject({ url: '/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    const served = await app.inject({ url: '/docs/json' });
    expect(served.json()).toEqual((await app.inject({ url: '/openapi.json' })).json());
    // The page's own routes stay out of the document, as before.
    expect(Object.keys(served.json().paths).filter((path) => path.startsWith('/docs'))).toEqual([]);
    await app.close();
  });

  it('answers what is not a page of the UI with the backend 404', async () => {
    const app = await backend();
    const res = await app.inject({ url: '/docs/no-such-page' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } });
    await app.close();
  });
});
