/*
 * xenlu_stream.h: framing helpers for xenlu live-update streams (docs/FORMAT.md sections 2-4):
 * big-endian header fields, record padding and the CRC-32 of the checksum chain.
 *
 * Hand-written; the numbers come from the generated xenlu_vN.h. Freestanding: needs only
 * <stdint.h> and <stddef.h>, allocates nothing.
 */
#ifndef XENLU_STREAM_H
#define XENLU_STREAM_H

#include <stddef.h>
#include <stdint.h>

/*
 * CRC-32 as zlib computes it (reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF),
 * continued from `crc`: xlu_crc32(0, ...) starts a chain, xlu_crc32(prev, ...) continues it.
 */
uint32_t xlu_crc32(uint32_t crc, const void *data, size_t len);

static inline uint16_t xlu_get_be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t xlu_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void xlu_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void xlu_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Zero bytes after a body of `body_length` bytes, so the next record starts 8-byte aligned. */
static inline uint32_t xlu_padding(uint32_t body_length)
{
	return (8u - body_length % 8u) % 8u;
}

#endif /* XENLU_STREAM_H */
