import { CsvSizeMeter, recordValueBytes } from './csv';
import type { Batch, ImportLimits, ItemProblem, PreparedRecord } from './types';

/**
 * Step 3: split records into requests of at most `batchSize` records whose CSV stays within
 * `maxCsvBytes`. Order is kept. A record too large to go even alone is reported, not sent;
 * its neighbours are unaffected.
 */
export function planBatches(
	records: Iterable<PreparedRecord>,
	limits: ImportLimits,
): { batches: Batch[]; problems: ItemProblem[] } {
	const batches: Batch[] = [];
	const problems: ItemProblem[] = [];
	let current: Batch | undefined;
	let meter = new CsvSizeMeter();

	const close = () => {
		if (current) {
			current.csvBytes = meter.bytes;
			batches.push(current);
		}
		current = undefined;
		meter = new CsvSizeMeter();
	};

	for (const { itemIndex, record } of records) {
		const ownBytes = recordValueBytes(record);
		if (current && (current.records.length >= limits.batchSize || meter.bytesWith(record, ownBytes) > limits.maxCsvBytes)) {
			close();
		}
		if (!current) {
			const aloneBytes = meter.bytesWith(record, ownBytes);
			if (aloneBytes > limits.maxCsvBytes) {
				problems.push({
					itemIndex,
					rule: 'csvSize',
					message: `The record is too large: as CSV it takes ${aloneBytes} bytes, over the API's limit of ${limits.maxCsvBytes} bytes (10 MB) for a whole request`,
				});
				continue;
			}
			current = { number: batches.length + 1, records: [], itemIndexes: [], csvBytes: 0 };
		}
		current.records.push(record);
		current.itemIndexes.push(itemIndex);
		meter.add(record, ownBytes);
	}
	close();
	return { batches, problems };
}
