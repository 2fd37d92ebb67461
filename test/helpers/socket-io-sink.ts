export { startInternalAckSink as startSocketIoSink } from '../../src/services/ws/start-internal-ack-sink.js';
