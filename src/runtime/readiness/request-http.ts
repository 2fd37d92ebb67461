import http from 'node:http';

export type HttpAnswer = { readonly status: number; readonly body: string } | { readonly error: string };

/**
 * One GET without keep-alive (a probe must not hold a socket the service then waits for on
 * stop), bounded by `timeoutMs`. Bodies are cut at 4 kB: a probe reads a status, not a page.
 */
export function requestHttp(url: string, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', (error) => resolve({ error: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}
