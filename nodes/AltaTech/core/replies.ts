/**
 * The vendor's pages disagree on reply shapes: a reply may come wrapped in `{code, message,
 * data}` or bare, counts as numbers or numeric text, `totalCount` or `total_count`. Every
 * reader goes through these, so each published shape is accepted everywhere.
 */

/** The reply's payload: `data` of an envelope (a `code` beside it), else the reply itself. */
export function payloadOf(body: unknown): unknown {
	if (body && typeof body === 'object' && !Array.isArray(body) && 'code' in body && 'data' in body) return (body as { data: unknown }).data;
	return body;
}

/** A count given as a number or as numeric text; undefined when absent or not a count. */
export function countOf(value: unknown): number | undefined {
	const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof count === 'number' && Number.isFinite(count) && count >= 0 ? count : undefined;
}

/** The first of several names a field is published under. */
export function fieldOf(object: unknown, ...names: string[]): unknown {
	if (!object || typeof object !== 'object') return undefined;
	for (const name of names) if (name in object) return (object as Record<string, unknown>)[name];
	return undefined;
}
