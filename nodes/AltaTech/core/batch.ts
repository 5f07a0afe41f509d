import { CsvSizeMeter, recordValueBytes } from './csv';
import type { Batch, ImportLimits, ItemProblem, PreparedRecord, TableRecord } from './types';

/**
 * Step 3: split records into requests of at most `batchSize` records whose CSV stays within
 * `maxCsvBytes`. Order is kept. A record too large to go even alone is reported, not sent;
 * its neighbours are unaffected. Records are added one at a time, as they are prepared, so no
 * list of all prepared records is held besides the batches.
 */
export class BatchPlanner {
	readonly batches: Batch[] = [];
	readonly problems: ItemProblem[] = [];
	private current: Batch | undefined;
	private meter = new CsvSizeMeter();

	constructor(private readonly limits: ImportLimits) {}

	add(itemIndex: number, record: TableRecord): void {
		const { batchSize, maxCsvBytes } = this.limits;
		const ownBytes = recordValueBytes(record);
		if (this.current) {
			if (this.current.records.length < batchSize && this.meter.addIfWithin(record, ownBytes, maxCsvBytes) <= maxCsvBytes) {
				this.current.records.push(record);
				this.current.itemIndexes.push(itemIndex);
				return;
			}
			this.close();
		}
		const aloneBytes = this.meter.addIfWithin(record, ownBytes, maxCsvBytes);
		if (aloneBytes > maxCsvBytes) {
			this.problems.push({
				itemIndex,
				rule: 'csvSize',
				message: `The record is too large: as CSV it takes ${aloneBytes} bytes, over the API's limit of ${maxCsvBytes} bytes (10 MB) for a whole request`,
			});
			return;
		}
		this.current = { number: this.batches.length + 1, records: [record], itemIndexes: [itemIndex], csvBytes: 0 };
	}

	/** Closes the last batch; call once, after the last record. */
	finish(): { batches: Batch[]; problems: ItemProblem[] } {
		this.close();
		return { batches: this.batches, problems: this.problems };
	}

	private close(): void {
		if (this.current) {
			this.current.csvBytes = this.meter.bytes;
			this.batches.push(this.current);
		}
		this.current = undefined;
		this.meter = new CsvSizeMeter();
	}
}

export function planBatches(records: Iterable<PreparedRecord>, limits: ImportLimits): { batches: Batch[]; problems: ItemProblem[] } {
	const planner = new BatchPlanner(limits);
	for (const { itemIndex, record } of records) planner.add(itemIndex, record);
	return planner.finish();
}
