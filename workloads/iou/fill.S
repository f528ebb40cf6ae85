/*
 * fill_records(rec, P, base, mix): the VSX page fill, shaped like the glibc/InnoDB pattern of
 * the report: the 16-byte value {P, P} is splatted ONCE into vs0 with xxspltd and then stored
 * with stxv into doublewords 0-1 of every one of the 127 records, while scalar code computes
 * doublewords 2-3 (dw2 = base + i, dw3 = dw2 ^ 0xa5a5a5a55a5a5a5a) and a record hash of `mix`
 * xorshift-multiply rounds. vs0 therefore carries live data across the whole loop: an
 * interrupt whose exit path clobbers vs0 and skips restore_math makes every later record hold
 * the clobbering value. Returns the XOR of the record hashes (the caller keeps it).
 *   r3 = &page[32], r4 = P, r5 = base, r6 = mix rounds (>= 1)
 */
	.abiversion 2
	.machine power9
	.section .text, "ax"
	.globl fill_records
	.type fill_records, @function
fill_records:
	mtvsrd	1, 4			/* vs1 dw0 = P */
	xxspltd	0, 1, 0			/* vs0 = {P, P}: live until the last record */
	lis	7, 0xa5a5
	ori	7, 7, 0xa5a5
	sldi	7, 7, 32
	oris	7, 7, 0x5a5a
	ori	7, 7, 0x5a5a		/* r7 = dw3 xor constant */
	lis	8, 0x9e37
	ori	8, 8, 0x79b9
	sldi	8, 8, 32
	oris	8, 8, 0x7f4a
	ori	8, 8, 0x7c15		/* r8 = mixing multiplier */
	li	9, 0			/* i */
	li	10, 0			/* hash accumulator */
	cmpdi	6, 1
	bge	0f
	li	6, 1
0:	li	0, 127			/* records */
	mtctr	0
1:	stxv	0, 0(3)			/* dw0 = dw1 = P, from the splatted register */
	add	11, 5, 9		/* dw2 = base + i */
	mr	0, 11
	mr	4, 6			/* mix rounds for this record's hash */
2:	srdi	12, 0, 29
	xor	0, 0, 12
	mulld	0, 0, 8
	rotldi	0, 0, 17
	addi	4, 4, -1
	cmpdi	4, 0
	bne	2b
	xor	10, 10, 0
	xor	12, 11, 7		/* dw3 = dw2 ^ 0xa5a5a5a55a5a5a5a */
	std	11, 16(3)
	std	12, 24(3)
	addi	3, 3, 32
	addi	9, 9, 1
	bdnz	1b
	mr	3, 10
	blr
	.globl fill_records_end
fill_records_end:
	.size fill_records, . - fill_records
