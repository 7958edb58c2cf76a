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

/* The type a value's first byte starts. */
enum xlu_mp_type xlu_mp_typeof(char c);
/* Bytes of the value's header (first byte included, string/binary data and array elements not); 0 for OTHER. */
size_t xlu_mp_header_size(char c);

size_t xlu_mp_sizeof_uint(uint64_t v);
size_t xlu_mp_sizeof_strl(uint32_t len); /* header only */
size_t xlu_mp_sizeof_binl(uint32_t len); /* header only */
size_t xlu_mp_sizeof_array(uint32_t n);
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

/* Each reads one header of its type at *p (xlu_mp_header_size bytes present) and advances *p past it. */
uint64_t xlu_mp_decode_uint(const char **p);
uint32_t xlu_mp_decode_strl(const char **p);
uint32_t xlu_mp_decode_binl(const char **p);
uint32_t xlu_mp_decode_array(const char **p);

/* Advances *p past one whole value, checked before (the reader's walk): iterative, any depth. */
void xlu_mp_skip(const char **p);

#endif /* XLU_MP_H */
