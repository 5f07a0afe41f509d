/** The contacts table the table-aware tests import into, items for it, and the emulator serving it. */
import { API_KEY, useTestEmulator } from './setup';

const OTHER_KEY = 'other-key-51c2';
export const CONTACTS = {
	id: 'tbl_contacts',
	name: 'contacts',
	fields: [
		{ name: 'email', type: 'TEXT', required: true, unique: true },
		{ name: 'code', type: 'TEXT', required: true, unique: true },
		{ name: 'name', type: 'TEXT', required: true, unique: false },
		{ name: 'age', type: 'INT', required: false, unique: false },
		{ name: 'score', type: 'FLOAT', required: false, unique: false },
		{ name: 'active', type: 'BOOLEAN', required: false, unique: false },
		{ name: 'joined', type: 'DATETIME', required: false, unique: false },
	],
	rows: [{ email: 'taken@x.com', code: 'C-OLD', name: 'Stored before' }],
};
const PRIVATE = { id: 'tbl_private', name: 'private', keys: [OTHER_KEY], fields: [{ name: 'id', type: 'TEXT', required: true, unique: true }] };

export const contact = (i: number, extra: Record<string, unknown> = {}) => ({ email: `c${i}@x.com`, code: `C-${i}`, name: `Contact ${i}`, ...extra });

/** One item per rule, with the batch size of 3 putting the repeat in another request. */
export const MIXED = [
	contact(0),
	contact(1),
	contact(2),
	contact(3, { email: 'c1@x.com' }), // repeats item 1's unique value, in the next batch
	contact(4, { code: '' }), // empty unique value
	contact(5, { email: `${'e'.repeat(250)}@x.com1` }), // 257 characters
	{ email: 'c6@x.com', code: 'C-6' }, // required name missing
	contact(7, { age: 'forty' }), // cannot be typed
	contact(8, { email: 'taken@x.com' }), // already stored: only the server knows
	contact(9, { age: '42', score: '1.5', active: 'yes', joined: '2025-01-02T03:04:05+02:00' }),
	contact(10, { age: 7, active: 0, joined: Date.UTC(2024, 11, 31, 23, 59, 58) }),
];

/**
 * The emulator of a table-aware test file: CONTACTS and PRIVATE (open to OTHER_KEY only), set
 * again and reset before each test; `contactsRows` reads what a test stored in CONTACTS.
 */
export function useContactsEmulator() {
	const emulator = useTestEmulator({ apiKeys: [API_KEY, OTHER_KEY] }, { tables: [CONTACTS, PRIVATE], faults: [] });
	const contactsRows = () => emulator.rows('tbl_contacts').slice(1); // without the row stored before
	return { emulator, contactsRows };
}
