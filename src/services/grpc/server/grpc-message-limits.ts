/**
 * The largest message this server sends: grpc-js's own default for what a client receives, so
 * every client can read whatever the server sends. A stored order bigger than this (an 8 MB
 * name written straight into MongoDB) is not sent: GetOrders skips it, and says so in its log.
 */
export const maxSendMessageBytes = 4 * 1024 * 1024;
