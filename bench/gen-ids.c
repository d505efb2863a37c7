/*
 * gen-ids.c — writes a synthetic person-id export for the count
 * benchmark: a "person_id" header, then ROWS ids of which exactly
 * DISTINCT are different, in a scrambled order. Fictional ids only.
 *
 *   cc -O2 -o /tmp/gen-ids bench/gen-ids.c && /tmp/gen-ids 10000000 3000000 >/tmp/ids.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	/* xorshift64*: fast, and good enough to scatter ids. */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ULL;
}

int
main(int argc, char **argv)
{
	unsigned long long rows, distinct, i, x;

	if (argc != 3)
		return 2;
	rows = strtoull(argv[1], NULL, 10);
	distinct = strtoull(argv[2], NULL, 10);
	if (distinct == 0 || distinct > rows)
		return 2;
	puts("person_id");
	for (i = 0; i < rows; i++) {
		/* The first DISTINCT rows name every id once, the rest repeat. */
		x = i < distinct ? i : next() % distinct;
		/* An odd multiplier modulo 2^40 is a bijection: ids stay distinct. */
		printf("P%013llu\n", (x * 0x5DEECE66DULL + 11) & ((1ULL << 40) - 1));
	}
	return 0;
}
