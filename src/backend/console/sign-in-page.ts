/**
 * The console's sign-in page, rendered by the server: a plain HTML form (no script), so that
 * nothing of the console app is served before sign-in.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page; `error` says why the last attempt failed, `enabled` false when no server API key is configured. */
export function signInPage(options: { error?: string; enabled: boolean }): string {
  const notice = !options.enabled
    ? '<div class="notice error" role="alert">No server API key is configured, so nobody can sign in. Set <code>PGS_SERVER_API_KEY</code> (at least 24 characters) and restart the backend.</div>'
    : options.error === undefined
      ? ''
      : `<div class="notice error" role="alert">${escapeHtml(options.error)}</div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in: play-games-server console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/assets/app.css">
</head>
<body>
<header class="top"><span class="brand">play-games-server console</span></header>
<main id="main" class="narrow">
<h1>Sign in</h1>
<p>The operators' console. Sign in with the backend's server API key (<code>PGS_SERVER_API_KEY</code>).</p>
${notice}
<form method="post" action="/console/sign-in" class="panel stack">
<label>Server API key<input type="password" name="key" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
