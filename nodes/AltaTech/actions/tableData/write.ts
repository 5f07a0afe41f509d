import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { endpointOptions, type Endpoint } from '../../core/bulk/endpoint';
import { runBulk } from '../../core/bulk/engine';
import { runMessages } from '../../core/messages';
import { planWrite, type Prepare, type WritePlan } from '../../core/pipeline';
import { buildReport, type WriteReport } from '../../core/report';
import type { ItemProblem } from '../../core/rules';
import { apiError } from '../../transport';
import { fetchTableSchema, type TableInfo } from '../../transport/records';
import { collectRows, readAddSettings, type AddSettings, type RowsToCollect, type TableInput } from './addInput';
import { dryRunItems, errorItem } from './output';
import { openSession, type Session } from './session';
import { failureToThrow, mustStop, summaryHint, type WrittenSoFar } from './stop';

/** How a write operation makes its records and where it sends them; the rest is shared. */
export interface WriteSpec<R, A> {
	name: string;
	collect: RowsToCollect;
	/** Made once per table, with its schema, or why a setting cannot work with that table (a match column that is not unique). */
	preparer(table: TableInfo, input: TableInput, settings: AddSettings): { prepare: Prepare<R>; release?(itemIndex: number, record: R): void } | TableProblem;
	endpoint(tableId: string, table: TableInfo, settings: AddSettings): Endpoint<R, A>;
	/** For writes that import later: an accepted request's import task, named in its log line and in the error that stops the node. */
	taskIdOf?: WrittenSoFar['taskIdOf'];
}

/** A setting that cannot work with the table: every item for it fails, with this message and the setting's column. */
export interface TableProblem {
	tableProblem: string;
	field?: string;
}

type WriteRun<R, A> =
	| { kind: 'done'; output: INodeExecutionData[] }
	| { kind: 'sent'; reports: Array<WriteReport<R, A>>; session: Session; settings: AddSettings; failOnInvalidRecord: boolean; started: number };

/**
 * Every write the same way: each table's schema read once, the items mapped, checked and
 * batched, a dry run or the invalid records stopped before anything is sent, then each table's
 * batches through the bulk engine, stopping where the settings say.
 */
export async function runWrite<R, A>(context: IExecuteFunctions, spec: WriteSpec<R, A>): Promise<WriteRun<R, A>> {
	const started = Date.now();
	if (context.getInputData().length === 0) return { kind: 'done', output: [] };
	const settings = readAddSettings(context);
	const continueOnFail = context.continueOnFail();
	const { tables: inputs, withoutTable } = collectRows(context, spec.collect);
	const session = await openSession(context, { timeoutMs: settings.timeoutMs, retry: { maxRetries: settings.maxRetries, baseDelayMs: settings.retryDelayMs } });

	const reports: Array<WriteReport<R, A>> = [];
	// Items whose Table ID expression gave no table: errors of their own, like a table's invalid records.
	if (withoutTable.length) reports.push(buildReport(withoutTable));
	const plans = new Map<string, WritePlan<R> & { endpoint: Endpoint<R, A> }>();
	const nothingWritten = spec.taskIdOf ? runMessages.nothingImported() : runMessages.nothingWritten();
	const writtenSoFar = { taskIdOf: spec.taskIdOf };
	for (const [tableId, input] of inputs) {
		// Each table's schema first, once: a table missing or closed to this key fails before any record is sent.
		const schema = await session.read(async () => await fetchTableSchema(session.client, tableId));
		// A read cut short by a stop is no failure of the table's: the node just ends.
		if (session.isCancelled()) return { kind: 'done', output: [] };
		let failed: TableProblem;
		if (schema.ok) {
			const preparer = spec.preparer(schema.body, input, settings);
			if (!('tableProblem' in preparer)) {
				const endpoint = spec.endpoint(tableId, schema.body, settings);
				plans.set(tableId, { ...planWrite(input, preparer.prepare, endpoint.limits, preparer.release, input.problems), endpoint });
				inputs.delete(tableId); // the plan holds what is sent
				continue;
			}
			failed = preparer;
			if (!continueOnFail) throw new NodeOperationError(context.getNode(), failed.tableProblem, { description: nothingWritten });
		} else {
			failed = { tableProblem: `${schema.failure.message} (table "${tableId}")` };
			if (!continueOnFail) throw apiError(context, schema.failure, { message: failed.tableProblem, description: nothingWritten });
		}
		// Continuing: the table cannot be written at all, so each of its items is an error item.
		const problems: ItemProblem[] = input.itemIndexes.map((itemIndex) => ({ itemIndex, field: failed.field, rule: 'table', message: failed.tableProblem }));
		reports.push(buildReport([...input.problems, ...problems]));
	}
	if (settings.dryRun) {
		const failed = (problem: ItemProblem) => errorItem(context, problem);
		return { kind: 'done', output: [...dryRunItems(plans, failed), ...reports.flatMap((r) => r.failures.map(failed))] };
	}

	const failOnInvalidRecord = !continueOnFail && settings.onInvalidRecord === 'fail';
	// An invalid record in any table stops the run before the first request to any table.
	const invalid = [...withoutTable, ...[...plans.values()].flatMap((p) => p.problems)];
	if (failOnInvalidRecord && invalid.length) {
		const notSent = [...plans.values()].flatMap((p) => p.batches.map((batch) => ({ kind: 'notSent' as const, batch })));
		throw failureToThrow(context, buildReport(invalid, notSent), [], writtenSoFar);
	}
	// One Batch Interval for the whole execution: it also holds from one table's last request to the next table's first.
	const pacing = { nextStart: 0 };
	for (const [tableId, plan] of plans) {
		const result = await runBulk(plan.batches, {
			...endpointOptions(plan.endpoint, session.post),
			stopOnFailure: !continueOnFail,
			stopOnRefusal: failOnInvalidRecord,
			concurrency: settings.concurrency,
			intervalMs: settings.batchIntervalMs,
			pacing,
			retry: session.retry,
			clock: session.clock,
			isCancelled: session.isCancelled,
			onRequest: (outcome) => {
				const timing = 'retries' in outcome ? outcome : { retries: 0, durationMs: 0 };
				const { batch } = outcome;
				// Figures only, never the records' data.
				const result = outcome.kind === 'accepted' && spec.taskIdOf ? `accepted, task ${spec.taskIdOf(outcome)}` : outcome.kind;
				context.logger.debug(runMessages.requestLog(tableId, batch.number, plan.batches.length, batch.records.length, batch.bytes, timing.durationMs, timing.retries, result));
			},
		});
		const report: WriteReport<R, A> = { ...buildReport(plan.problems, result.outcomes, plan.ignoredFields, result.stats), tableId };
		reports.push(report);
		if (session.isCancelled()) return { kind: 'done', output: [] };
		if (!continueOnFail && mustStop(report, failOnInvalidRecord)) throw failureToThrow(context, report, reports.slice(0, -1), writtenSoFar);
	}
	return { kind: 'sent', reports, session, settings, failOnInvalidRecord, started };
}

/** The end of a write that ran: the hint over the output, and the execution's one info line (totals, never data). */
export function endRun(context: IExecuteFunctions, name: string, reports: Array<WriteReport<unknown, unknown>>, started: number): void {
	const hint = summaryHint(reports);
	if (hint) context.addExecutionHints?.({ message: hint, location: 'outputPane' });
	const sum = (key: 'written' | 'failed' | 'requests') => reports.reduce((n, r) => n + r.stats[key], 0);
	context.logger.info(runMessages.runLog(name, sum('written'), sum('failed'), sum('requests'), Date.now() - started));
}
