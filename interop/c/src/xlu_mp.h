/*
 * xlu_mp.h: the strict MessagePack subset of xenlu bodies (docs/FORMAT.md section 5), written
 * here from the MessagePack specification: unsigned integers (positive fixint, uint 8/16/32/64),
 * nil, booleans, strings (fixstr, str 8/16/32), binaries (bin 8/16/32) and arrays (fixarray,
 * array 16/32). Nothing else exists in a body, so nothing else is encoded or decoded.
 *
 * Encoders always pick the shortest form (what makes the encoding canonical) and write exactly
 * xlu_mp_sizeof_*() bytes. Decoders read a header whose bytes the caller has checked are present
 * (xlu_mp_header_size); xlu_mp_skip walks a value the caller has already checked whole. No
 * allocation, no recursion, no libc: it builds freestanding, inside Xen.
 */
#ifndef XLU_MP_H
#define XLU_MP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum xlu_mp_type {
	XLU_MP_OTHER = 0, /* map, float, extension, signed integer, 0xc1: never in a body */
	XLU_MP_NIL,
	XLU_MP_BOOL,
	XLU_MP_UINT,
	XLU_MP_STR,
	XLU_MP_BIN,
	XLU_MP_ARRAY,
};

/* Bytes of the shortest form (the reader checks each header against it: canonical encoding). */
static inline size_t xlu_mp_sizeof_uint(uint64_t v)
{
	return v <= 0x7f ? 1 : v <= UINT8_MAX ? 2 : v <= UINT16_MAX ? 3 : v <= UINT32_MAX ? 5 : 9;
}

/* Header only, as for binaries. */
static inline size_t xlu_mp_sizeof_strl(uint32_t len)
{
	return len <= 31 ? 1 : len <= UINT8_MAX ? 2 : len <= UINT16_MAX ? 3 : 5;
}

static inline size_t xlu_mp_sizeof_binl(uint32_t len)
{
	return len <= UINT8_MAX ? 2 : len <= UINT16_MAX ? 3 : 5;
}

static inline size_t xlu_mp_sizeof_array(uint32_t n)
{
	return n <= 15 ? 1 : n <= UINT16_MAX ? 3 : 5;
}
static inline size_t xlu_mp_sizeof_nil(void)
{
	return 1;
}
static inline size_t xlu_mp_sizeof_bool(void)
{
	return 1;
}

/* Each writes its bytes at p and returns the byte after them. */
char *xlu_mp_encode_uint(char *p, uint64_t v);
char *xlu_mp_encode_strl(char *p, uint32_t len);
char *xlu_mp_encode_binl(char *p, uint32_t len);
char *xlu_mp_encode_array(char *p, uint32_t n);
char *xlu_mp_encode_nil(char *p);
char *xlu_mp_encode_bool(char *p, bool v);

/*
 * Decoding is inline: the reader calls it for every value of every body, and a call per value
 * would cost more than the decoding.
 */

/* The type a value's first byte starts. */
static inline enum xlu_mp_type xlu_mp_typeof(char c)
{
	uint8_t b = (uint8_t)c;

	if (b <= 0x7f)
		return XLU_MP_UINT; /* positive fixint */
	if (b >= 0x90 && b <= 0x9f)
		return XLU_MP_ARRAY; /* fixarray */
	if (b >= 0xa0 && b <= 0xbf)
		return XLU_MP_STR; /* fixstr */
	switch (b) {
	case 0xc0: return XLU_MP_NIL;
	case 0xc2: case 0xc3: return XLU_MP_BOOL;
	case 0xc4: case 0xc5: case 0xc6: return XLU_MP_BIN;
	case 0xcc: case 0xcd: case 0xce: case 0xcf: return XLU_MP_UINT;
	case 0xd9: case 0xda: case 0xdb: return XLU_MP_STR;
	case 0xdc: case 0xdd: return XLU_MP_ARRAY;
	default: return XLU_MP_OTHER;
	}
}

/* Bytes of the value's header (first byte included, string/binary data and array elements not); 0 for OTHER. */
static inline size_t xlu_mp_header_size(char c)
{
	switch ((uint8_t)c) {
	case 0xcc: case 0xd9: case 0xc4: return 2;
	case 0xcd: case 0xda: case 0xc5: case 0xdc: return 3;
	case 0xce: case 0xdb: case 0xc6: case 0xdd: return 5;
	case 0xcf: return 9;
	default: return xlu_mp_typeof(c) == XLU_MP_OTHER ? 0 : 1;
	}
}

/*
 * The value or length in the header at *p (its xlu_mp_header_size bytes present): the low bits of
 * a one-byte form, else the big-endian bytes after the type byte. Advances *p past the header.
 */
static inline uint64_t xlu_mp_decode_header(const char **p, uint8_t fix_mask)
{
	const uint8_t *q = (const uint8_t *)*p;
	size_t n = xlu_mp_header_size((char)q[0]), i;
	uint64_t v = 0;

	if (n == 1)
		v = q[0] & fix_mask;
	for (i = 1; i < n; i++)
		v = v << 8 | q[i];
	*p += n;
	return v;
}

/* Each reads one header of its type at *p (xlu_mp_header_size bytes present) and advances *p past it. */
static inline uint64_t xlu_mp_decode_uint(const char **p)
{
	return xlu_mp_decode_header(p, 0x7f);
}

static inline uint32_t xlu_mp_decode_strl(const char **p)
{
	return (uint32_t)xlu_mp_decode_header(p, 0x1f);
}

static inline uint32_t xlu_mp_decode_binl(const char **p)
{
	return (uint32_t)xlu_mp_decode_header(p, 0);
}

static inline uint32_t xlu_mp_decode_array(const char **p)
{
	return (uint32_t)xlu_mp_decode_header(p, 0x0f);
}

/* Advances *p past one whole value, checked before (the reader's walk): iterative, any depth. */
void xlu_mp_skip(const char **p);

#endif /* XLU_MP_H */
