import type { ServerResponse } from 'node:http';

/** Ends a response with a JSON body, as the lab's services answer every refusal. */
export function answerJson(res: ServerResponse, status: number, body: Readonly<Record<string, unknown>>): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
