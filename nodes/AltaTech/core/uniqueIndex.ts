import { keepHiddenClassOf } from './hiddenClasses';

const EMPTY_SLOT = -1;
/** An owner given up (see release): its entry stays in the probe chains but never matches. */
const RELEASED = -1;
/** Slots per entry kept at least this: linear probing stays short below half full. */
const SLOTS_PER_ENTRY = 2;

/** Differs per process, so that texts colliding in one process do not in the next. */
const SEED = (Math.random() * 0x100000000) >>> 0;

/**
 * FNV-1a over the UTF-16 units (a few nanoseconds for the short texts unique columns hold), then
 * mixed: FNV's low bits depend only on the units' low bits, and a slot is chosen by the low
 * bits, so texts differing only in their characters' high bits (other alphabets) would all
 * share one slot and make every lookup walk them all.
 */
export function hashOf(text: string): number {
	let hash = SEED ^ 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	// MurmurHash3's finalizer: every bit of the result depends on every bit of the hash.
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	hash = Math.imul(hash, 0xc2b2ae35);
	return hash ^ (hash >>> 16);
}

/** Slots for `entries` entries: a power of two, so that a hash picks its slot with a mask. */
function emptySlots(entries: number): Int32Array {
	let slots = 16;
	while (slots < entries * SLOTS_PER_ENTRY) slots *= 2;
	return new Int32Array(slots).fill(EMPTY_SLOT);
}

/**
 * Which item first used each value of a unique column. A Map does the same, but at a million
 * rows its has-then-set took 0.6 µs a row (a third of planning a typed table: hashing, growing
 * and cache misses over a million entries); this open-addressing table, sized for the rows
 * from the start, takes a third of that. Entries live in flat arrays, so no object is made per row.
 */
export class UniqueIndex {
	private slots: Int32Array;
	private mask: number;
	private texts: string[];
	private hashes: Int32Array;
	private owners: Int32Array;
	private count = 0;

	/** `expectedEntries`: how many values may be added (the rows); more are taken too, by growing. */
	constructor(expectedEntries = 0) {
		const entries = Math.max(8, Math.ceil(expectedEntries));
		this.slots = emptySlots(entries);
		this.mask = this.slots.length - 1;
		this.texts = new Array<string>(entries);
		this.hashes = new Int32Array(entries);
		this.owners = new Int32Array(entries);
	}

	/** The item that holds `text`, or -1. */
	ownerOf(text: string): number {
		const hash = hashOf(text);
		const { slots, mask, texts, hashes, owners } = this;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const entry = slots[slot];
			if (entry === EMPTY_SLOT) return -1;
			if (hashes[entry] === hash && owners[entry] !== RELEASED && texts[entry] === text) return owners[entry];
		}
	}

	/** Records `owner` (an item index: a whole number from 0) as holding `text`; the caller has made sure no one does (ownerOf). */
	claim(text: string, owner: number): void {
		if (this.count === this.owners.length) this.grow();
		const entry = this.count++;
		const hash = hashOf(text);
		this.texts[entry] = text;
		this.hashes[entry] = hash;
		this.owners[entry] = owner;
		this.place(entry, hash);
	}

	/** Gives `text` up if `owner` holds it, so a later item may claim it. */
	release(text: string, owner: number): void {
		const hash = hashOf(text);
		const { slots, mask, texts, hashes, owners } = this;
		for (let slot = hash & mask; slots[slot] !== EMPTY_SLOT; slot = (slot + 1) & mask) {
			const entry = slots[slot];
			if (hashes[entry] === hash && owners[entry] === owner && texts[entry] === text) owners[entry] = RELEASED;
		}
	}

	private place(entry: number, hash: number): void {
		const { slots, mask } = this;
		let slot = hash & mask;
		while (slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
		slots[slot] = entry;
	}

	/** Twice the room, every entry placed again (only when more values come than were expected). */
	private grow(): void {
		const entries = this.owners.length * 2;
		const grown = (array: Int32Array) => {
			const copy = new Int32Array(entries);
			copy.set(array);
			return copy;
		};
		this.hashes = grown(this.hashes);
		this.owners = grown(this.owners);
		this.texts.length = entries;
		this.slots = emptySlots(entries);
		this.mask = this.slots.length - 1;
		for (let entry = 0; entry < this.count; entry++) this.place(entry, this.hashes[entry]);
	}
}

keepHiddenClassOf(new UniqueIndex());
