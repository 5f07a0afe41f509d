import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { apiFailure, PARAMETER_ERROR, type ApiFailure } from '../../core/apiErrors';
import type { SubmitResult } from '../../core/send';
import type { Batch, BatchOutcome } from '../../core/types';
import type { ApiClient } from '../../transport';
import type { RecordFormat } from './addInput';
import { createBodyEncoder, type EncodedBody } from './requestBodies';

const IMPORT_PATH = '/v1/database/import/records';

/**
 * Below this many records a request's CPU work is too small to be worth moving into the time
 * the server works on it; a pause for it would only add latency.
 */
const WORK_WHILE_IN_FLIGHT = 100;

/**
 * Answers of gateways that had passed the request on and then gave up on the server's reply (or
 * got a broken one): the rows may be in. Other 5xx are retried (the project's retry rules): a 502 or
 * 503 most often means the request got nowhere (a gateway that could not reach the service),
 * though one sent after the request was passed on can make a retry store its rows twice in a
 * table without unique columns (see the README).
 */
const LOST_REPLY_STATUSES = new Map([
	[504, 'Gateway Timeout'],
	[520, "Cloudflare's unknown error from the server"],
	[524, "Cloudflare's timeout waiting for the server"],
	[598, 'network read timeout'],
]);

/**
 * A failed import request as its items are told. A reply that does not say whether the request
 * went in (the transport says what happened; reads say no more) may mean the rows are in. So may
 * a gateway's timeout (HTTP 504, 524, ...): it gave up waiting on a request it had passed on, so
 * it is not retried as if nothing was taken.
 */
function importFailure(failure: ApiFailure): ApiFailure {
	const gatewayReason = failure.httpStatus === undefined ? undefined : LOST_REPLY_STATUSES.get(failure.httpStatus);
	if (gatewayReason) {
		const message = `A gateway in front of AltaTech gave up on the reply (HTTP ${failure.httpStatus}, ${gatewayReason}) after the request was sent: it may or may not have been imported`;
		return { ...failure, retryable: false, outcomeUnknown: true, message };
	}
	return failure.outcomeUnknown ? { ...failure, message: `${failure.message}: it may or may not have been imported` } : failure;
}

/**
 * Sends one table's import requests. The CPU work of a run is moved, where it can be, into the
 * time the server spends on a request: while a request is in flight, the next batch's body is
 * encoded, this batch's CSV size (for the log line) is measured, and queued work (the output
 * items of requests already accepted) is done.
 */
export function createImportSender(context: IExecuteFunctions, client: ApiClient, tableId: string, format: RecordFormat) {
	// Bodies are encoded once, as JSON bytes (n8n's helper would otherwise serialize them).
	const bodies = createBodyEncoder(tableId, format);
	let prepared: { batch: Batch; body: EncodedBody } | undefined;
	const waiting: Array<() => void> = [];

	const bodyOf = (batch: Batch): EncodedBody => {
		if (prepared?.batch !== batch) return bodies.encode(batch);
		const { body } = prepared;
		prepared = undefined;
		return body;
	};

	/**
	 * Work done ahead of need. It must not fail the request on its way (its rows may be going in):
	 * what fails here is simply not done, and is done again where it is needed (the next body
	 * when that batch is sent, the output items at the end), where its failure belongs.
	 */
	function workWhileInFlight(batch: Batch, upcoming: Batch | undefined) {
		const attempt = (work: () => void) => {
			try {
				work();
			} catch {
				// left for later, see above
			}
		};
		attempt(() => void batch.csvBytes);
		if (upcoming && prepared?.batch !== upcoming) attempt(() => (prepared = { batch: upcoming, body: bodies.encode(upcoming) }));
		for (let work = waiting.shift(); work; work = waiting.shift()) attempt(work);
	}

	async function submit(batch: Batch, upcoming?: Batch): Promise<SubmitResult> {
		const body = bodyOf(batch);
		// Its buffer is reused only when the answer shows the server read the whole body (accepted, or
		// refused for its records): after an early answer or a failure Node may still be writing from it.
		const pending = client.request<{ data?: unknown }>('POST', IMPORT_PATH, body.bytes).then((result) => {
			if (result.ok || result.failure.code === PARAMETER_ERROR) bodies.release(body);
			return result;
		});
		if (batch.records.length >= WORK_WHILE_IN_FLIGHT) {
			pending.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
			// Two timer turns let the connection open and the body go out before the work starts.
			await sleep(0);
			await sleep(0);
			workWhileInFlight(batch, upcoming);
		}
		const result = await pending;
		if (!result.ok) return { failure: importFailure(result.failure) };
		const data = (result.body as { data?: unknown } | undefined)?.data;
		const taskId = Array.isArray(data) ? data[0] : data;
		if (typeof taskId !== 'string' || !taskId) {
			// Accepted without a task id (even without a body): the rows may be in, so never a plain failure.
			return { failure: apiFailure({ outcomeUnknown: true, message: 'AltaTech accepted the request but returned no task id, so whether its rows were imported is unknown' }) };
		}
		return { taskId };
	}

	function logRequest(outcome: BatchOutcome, total: number) {
		const { batch } = outcome;
		const result =
			outcome.taskId !== undefined
				? `accepted, task ${outcome.taskId}`
				: outcome.notSent
					? 'not retried: the run had stopped at another request'
					: `failed: ${outcome.error?.message}`;
		// Figures only, never the records' data (nor, since errors are built from responses, the key).
		context.logger.info(
			`AltaTech: table ${tableId}, batch ${batch.number} of ${total}: ${batch.records.length} records, ${batch.csvBytes} CSV bytes, ${outcome.durationMs ?? 0} ms, ${outcome.retries ?? 0} retries, ${result}`,
		);
	}

	/** Queues work to be done while the next request is in flight (work never done there is left to the caller). */
	const whileInFlight = (work: () => void) => void waiting.push(work);

	return { submit, logRequest, whileInFlight };
}
