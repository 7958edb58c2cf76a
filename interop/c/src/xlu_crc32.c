/*
 * CRC-32 of the checksum chain (docs/FORMAT.md section 4), slice-by-8: eight bytes per step
 * through eight 256-entry tables (8 KiB, const, generated into xlu_crc32_table.h), with integer
 * operations only, as hypervisor code built with -mno-sse must be. Bytes are assembled
 * explicitly, so the code is independent of endianness and alignment.
 */
#include "xenlu_stream.h"
#include "xlu_crc32_table.h"

#define T xlu_crc32_table

uint32_t xlu_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	for (; len >= 8; p += 8, len -= 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;

		crc = T[7][lo & 0xffu] ^ T[6][(lo >> 8) & 0xffu] ^ T[5][(lo >> 16) & 0xffu] ^ T[4][lo >> 24] ^
		      T[3][hi & 0xffu] ^ T[2][(hi >> 8) & 0xffu] ^ T[1][(hi >> 16) & 0xffu] ^ T[0][hi >> 24];
	}
	while (len--)
		crc = (crc >> 8) ^ T[0][(crc ^ *p++) & 0xffu];
	return ~crc;
}
