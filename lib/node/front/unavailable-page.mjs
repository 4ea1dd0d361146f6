// @ts-check
/**
 * What a reader gets when Next could not render a page at all (the Content Lake is down and this server never
 * rendered the page, so there is no stale copy to serve): a 503 that says to come back, in place of Next's error
 * shell and its 500. Self-contained on purpose: the site's settings, stylesheet names and fonts may be exactly
 * what could not be had.
 */

export const RETRY_AFTER_SECONDS = 30

export const UNAVAILABLE_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Back in a moment · Broadsheet</title>
<style>
body{margin:0;background:#fdfcf9;color:#16181d;font:1.125rem/1.6 Georgia,'Times New Roman',serif}
header{border-bottom:3px double #16181d;padding:1rem;text-align:center}
header a{color:inherit;font-weight:700;font-size:2rem;text-decoration:none}
main{max-width:40rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:2.25rem;line-height:1.15;margin:0 0 1rem}
a:focus-visible{outline:3px solid #1a5fd0;outline-offset:2px}
</style>
</head>
<body>
<header><a href="/">Broadsheet</a></header>
<main>
<h1>We’ll be back in a moment</h1>
<p>This page could not be put together just now: our newsroom’s content service is not answering. Please try again in a minute.</p>
<p><a href="/">The latest stories</a></p>
</main>
</body>
</html>
`
