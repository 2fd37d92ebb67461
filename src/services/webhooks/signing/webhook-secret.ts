/** Standard Webhooks secrets: `whsec_` + base64 of the key; any other string is used as UTF-8 bytes. */
export function toSecretKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}
