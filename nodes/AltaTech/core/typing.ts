import { cellText } from './csv';
import { problemMessages } from './messages';
import type { CellValue, TableField } from './types';

/**
 * Converts a value to what its column's type needs, or says why it cannot.
 * DATETIME is written as the API reads it back, `YYYY-MM-DD HH:MM:SS`, in UTC when the input
 * carries a zone (ISO text with Z/offset, epoch milliseconds, dates) and as given otherwise.
 */

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** FLOAT from a finite number or numeric text. */
function toFloat(value: CellValue): number | undefined {
	const n = typeof value === 'string' && NUMERIC_TEXT.test(value.trim()) ? Number(value.trim()) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Decimal text: its digits, where its point falls once the exponent is applied, and nothing else. */
const DECIMAL_PARTS = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * How many digits the whole number that trimmed text denotes has (0 for zero), or undefined
 * when it denotes no whole number. Read on its digits rather than through a float, which would
 * round "1.0000000000000001" or "4.99999999999999999e2" to a whole number.
 */
function wholeDigitsOf(text: string): number | undefined {
	const parts = DECIMAL_PARTS.exec(text);
	if (!parts || !NUMERIC_TEXT.test(text)) return undefined;
	const digits = `${parts[1]}${parts[2] ?? ''}`;
	// Where the point falls in `digits`, the exponent applied (capped: beyond any length that matters).
	const point = parts[1].length + Math.max(-1e6, Math.min(1e6, Number(parts[3] ?? 0)));
	const significant = digits.replace(/^0+/, '');
	if (!significant) return 0; // zero, whatever its exponent
	if (/[1-9]/.test(digits.slice(Math.max(point, 0)))) return undefined; // a fraction
	return point - (digits.length - significant.length);
}

/** INT from a number or decimal text denoting a whole number exactly, within ±Number.MAX_SAFE_INTEGER. */
function toWholeNumber(value: CellValue): number | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	const digits = wholeDigitsOf(text);
	// 16 digits: a float is exact up to Number.MAX_SAFE_INTEGER (so Number() is exact within it) and rounds anything above to 2^53 or more.
	const safe = digits !== undefined && (digits < 16 || (digits === 16 && Math.abs(Number(text)) <= Number.MAX_SAFE_INTEGER));
	return safe ? Number(text) : undefined;
}

function toBoolean(value: CellValue): boolean | undefined {
	if (typeof value === 'boolean') return value;
	const word = String(value).trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return undefined;
}

/** The years a DATETIME column holds (MySQL's DATETIME range); others are refused by the service. */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9999;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}T/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the calendar has the day `YYYY-MM-DD` that `text` starts with (Date would roll 2023-02-29 over to March 1st). */
function dayExists(text: string): boolean {
	const year = Number(text.slice(0, 4));
	const month = Number(text.slice(5, 7));
	const date = Number(text.slice(8, 10));
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month >= 1 && month <= 12 && date >= 1 && date <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/**
 * `day` as `YYYY-MM-DD` and `time` as `HH:MM:SS` (digits, as the caller's pattern made sure):
 * whether they exist (no 2025-02-30, no 25:61), in the column's years.
 */
function isRealWallClock(day: string, time: string): boolean {
	const year = Number(day.slice(0, 4));
	const [hour, minute, second] = time.split(':').map(Number);
	return year >= FIRST_YEAR && year <= LAST_YEAR && dayExists(day) && hour <= 23 && minute <= 59 && second <= 59;
}

/**
 * Epoch milliseconds nearer 1970 than this (1966-10 to 1973-03) are taken for epoch seconds and
 * refused: read as milliseconds, 1732156566 (2024-11-21 in seconds) would silently be 1970-01-21.
 */
const LEAST_EPOCH_MILLISECONDS = 1e11;

/** Digits alone: a number as text, as a CSV file or a sheet gives it. */
const WHOLE_NUMBER_TEXT = /^-?\d+$/;
/**
 * Epoch milliseconds as text: 13 digits (2001-09 to 2286). Other lengths are too likely a
 * compact date ("20250102123045" would be the year 2611 as milliseconds) to be read as a time.
 */
const EPOCH_MILLISECONDS_TEXT = /^\d{13}$/;
/**
 * A zoned time written with a space (as databases print it: `2025-01-02 03:04:05Z`) or a "t" for
 * the ISO "T": with its seconds, so that a range ("10:00-11:00") is not read as a time and a zone.
 */
const DAY_SPACE_TIME = /^\d{4}-\d{2}-\d{2}[ t]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

function fromEpochMilliseconds(ms: number): string | undefined {
	return Math.abs(ms) >= LEAST_EPOCH_MILLISECONDS ? fromInstant(new Date(ms)) : undefined;
}

function toDateTime(value: CellValue): string | undefined {
	if (typeof value === 'number') return fromEpochMilliseconds(value);
	if (typeof value !== 'string') return undefined;
	let text = value.trim();
	const wall = WALL_CLOCK.exec(text);
	if (wall) {
		const time = `${wall[2] ?? '00:00'}:${wall[3] ?? '00'}`;
		return isRealWallClock(wall[1], time) ? `${wall[1]} ${time}` : undefined;
	}
	if (WHOLE_NUMBER_TEXT.test(text)) return EPOCH_MILLISECONDS_TEXT.test(text) ? fromEpochMilliseconds(Number(text)) : undefined;
	if (!HAS_ZONE.test(text)) return undefined;
	// Read by the strict ISO parser: the lenient one behind a space takes almost anything.
	if (DAY_SPACE_TIME.test(text)) text = `${text.slice(0, 10)}T${text.slice(11)}`;
	// A day the calendar lacks is refused, not rolled over into the next month, and so is 24:00,
	// which Date reads as the next day's midnight. (The years are checked on the instant in UTC:
	// an offset can move it into or out of the column's years.)
	return ISO_DAY.test(text) && dayExists(text) && Number(text.slice(11, 13)) <= 23 ? fromInstant(new Date(text)) : undefined;
}

function fromInstant(date: Date): string | undefined {
	if (Number.isNaN(date.getTime())) return undefined;
	const year = date.getUTCFullYear();
	// In these years toISOString gives `YYYY-MM-DDTHH:MM:SS.sssZ`: the API's form is its first 19 characters.
	return year >= FIRST_YEAR && year <= LAST_YEAR ? date.toISOString().slice(0, 19).replace('T', ' ') : undefined;
}

/**
 * The value in its column's type, or undefined if it cannot be read as one. No object per
 * value: this runs for every field of every row.
 */
export function convertValue(value: CellValue, type: TableField['type']): CellValue | undefined {
	// An empty text is an empty CSV field in any column, as the API takes it (spreadsheets send
	// many); the validator still refuses it in a required or unique column.
	if (value === '') return value;
	switch (type) {
		case 'INT':
			return toWholeNumber(value);
		case 'FLOAT':
			return toFloat(value);
		case 'BOOLEAN':
			return toBoolean(value);
		case 'DATETIME':
			return toDateTime(value);
		default:
			return cellText(value);
	}
}

/**
 * Why a value cannot be read as its column's type, for the item's error: called only when
 * convertValue refused it, so the reasoning is kept off the path of valid values.
 */
export function typeProblem(value: CellValue, type: TableField['type']): string {
	if (type === 'INT') {
		// A whole number that was refused is one beyond the safe range.
		const whole = typeof value === 'number' ? Number.isInteger(value) : typeof value === 'string' && wholeDigitsOf(value.trim()) !== undefined;
		if (whole) return problemMessages.beyondSafeInteger(value);
	}
	if (type === 'DATETIME' && looksLikeEpochSeconds(value)) return problemMessages.epochSeconds(value);
	return problemMessages.notOfType(value, type);
}

/** A number too small for epoch milliseconds, or text of 10 digits (fewer or more are more likely a compact date). */
function looksLikeEpochSeconds(value: CellValue): boolean {
	if (typeof value === 'number') return Math.abs(value) < LEAST_EPOCH_MILLISECONDS;
	return typeof value === 'string' && /^\d{10}$/.test(value.trim());
}

