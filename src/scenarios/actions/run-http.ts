import type { HttpAction } from '../schema/action-schema.js';
import type { HttpResult } from './action-result.js';

/** Sends one request; the result carries status, headers (lower-case names), body and its JSON. */
export async function runHttp(action: HttpAction, signal: AbortSignal): Promise<HttpResult> {
  const headers: Record<string, string> = { ...action.headers };
  let body = action.body;
  if (action.json !== undefined) {
    body = JSON.stringify(action.json);
    headers['content-type'] ??= 'application/json';
  }
  return sendHttp(action.url, { method: action.method, headers, body }, signal);
}

export async function sendHttp(
  url: string,
  request: { method: string; headers: Record<string, string>; body: string | undefined },
  signal: AbortSignal,
): Promise<HttpResult> {
  const response = await fetch(url, { ...request, signal, redirect: 'manual' });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: Object.fromEntries(response.headers), body: text, json };
}
