// A worker thread that indexes part of the releases in its own in-memory search
// index and hands over each segment it writes (see search-index-builders.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { packageBuffers } from '../db/sqlite-bulk.js';
import { RequestIndexer, type BuilderReply, type BuilderRequest, type BuilderSetup } from './search-index-builders.js';

const port = parentPort!;
const indexer = new RequestIndexer(workerData as BuilderSetup);

function reply(message: BuilderReply): void {
  port.postMessage(message, 'segments' in message ? packageBuffers(message.segments) : []);
}

port.on('message', (request: BuilderRequest) => {
  try {
    if (request.type === 'recycle') {
      indexer.recycle(request.buffers);
    } else if (request.type !== 'close') {
      reply({ type: 'indexed', ...indexer.index(request) });
    } else {
      const last = indexer.close();
      reply({ type: 'closed', segments: last ? [last] : [] });
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
