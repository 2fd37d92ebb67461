/**
 * A document of a command kept as the client's BSON bytes, not decoded: a find's filter so large
 * (an 800,000-value `$in`) that decoding it, and encoding it again for the worker thread that
 * matches it, would hold every other connection for seconds. Only the worker decodes it.
 */
export class RawDocument {
  constructor(readonly bytes: Uint8Array) {}
}
