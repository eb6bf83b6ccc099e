import { parentPort, workerData } from 'node:worker_threads';
import { generateBatch, SyntheticContext } from './synthetic';

/** Worker thread of the seed loader: generates the batches it is asked for. */
const ctx = workerData as SyntheticContext;
parentPort!.on('message', ({ seq, from, n }: { seq: number; from: number; n: number }) => {
  try {
    parentPort!.postMessage({ seq, batch: generateBatch(ctx, from, n) });
  } catch (err) {
    parentPort!.postMessage({ seq, error: String(err) });
  }
});
