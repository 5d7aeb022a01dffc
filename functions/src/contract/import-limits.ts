// Limits of an imported file, shared by the `/import` route and the sheet's script, which checks a file before sending it.

/**
 * Largest file `/import` takes (bytes). Cloud Run functions (2nd gen) refuse an HTTP request over 32 MB before
 * the function runs (https://cloud.google.com/functions/quotas, «Max uncompressed HTTP request size»: 32MB for
 * 2nd gen). That page does not say MB or MiB; Cloud Run's own page, the platform the 2nd gen runs on, does:
 * «Maximum HTTP/1 request size: 32 MiB per request» (https://docs.cloud.google.com/run/quotas). The limit sits
 * just below 32 MiB, leaving 64 KiB for the request line and headers. The file travels
 * as the raw body (no base64), and UrlFetchApp sends up to 50 MB per call
 * (https://developers.google.com/apps-script/guides/services/quotas, «URL Fetch POST size»), so this is the
 * binding limit on both sides.
 */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024 - 64 * 1024;

/**
 * Longest file name sent (characters): the name travels in the query string, and UrlFetchApp refuses a URL over
 * 2 KB (https://developers.google.com/apps-script/guides/services/quotas, «URL Fetch URL length»); a Cyrillic
 * character takes 6 characters percent-encoded, so 200 of them stay within 1,200.
 */
export const MAX_FILE_NAME = 200;
