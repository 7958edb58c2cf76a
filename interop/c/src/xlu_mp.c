/* The strict MessagePack subset of xenlu bodies (xlu_mp.h), from the MessagePack specification. */
#include "xlu_mp.h"

static inline uint8_t byte(char c)
{
	return (uint8_t)c;
}

/* Big-endian n-byte integer at p. */
static uint64_t get_be(const char *p, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v = v << 8 | byte(p[i]);
	return v;
}

static char *put_be(char *p, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[i] = (char)(uint8_t)(v >> (8 * (n - 1 - i)));
	return p + n;
}

enum xlu_mp_type xlu_mp_typeof(char c)
{
	uint8_t b = byte(c);

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

size_t xlu_mp_header_size(char c)
{
	switch (byte(c)) {
	case 0xcc: case 0xd9: case 0xc4: return 2;
	case 0xcd: case 0xda: case 0xc5: case 0xdc: return 3;
	case 0xce: case 0xdb: case 0xc6: case 0xdd: return 5;
	case 0xcf: return 9;
	default: return xlu_mp_typeof(c) == XLU_MP_OTHER ? 0 : 1;
	}
}

size_t xlu_mp_sizeof_uint(uint64_t v)
{
	return v <= 0x7f ? 1 : v <= UINT8_MAX ? 2 : v <= UINT16_MAX ? 3 : v <= UINT32_MAX ? 5 : 9;
}

size_t xlu_mp_sizeof_strl(uint32_t len)
{
	return len <= 31 ? 1 : len <= UINT8_MAX ? 2 : len <= UINT16_MAX ? 3 : 5;
}

size_t xlu_mp_sizeof_binl(uint32_t len)
{
	return len <= UINT8_MAX ? 2 : len <= UINT16_MAX ? 3 : 5;
}

size_t xlu_mp_sizeof_array(uint32_t n)
{
	return n <= 15 ? 1 : n <= UINT16_MAX ? 3 : 5;
}

char *xlu_mp_encode_uint(char *p, uint64_t v)
{
	switch (xlu_mp_sizeof_uint(v)) {
	case 1: *p = (char)(uint8_t)v; return p + 1;
	case 2: *p = (char)0xcc; return put_be(p + 1, v, 1);
	case 3: *p = (char)0xcd; return put_be(p + 1, v, 2);
	case 5: *p = (char)0xce; return put_be(p + 1, v, 4);
	default: *p = (char)0xcf; return put_be(p + 1, v, 8);
	}
}

char *xlu_mp_encode_strl(char *p, uint32_t len)
{
	switch (xlu_mp_sizeof_strl(len)) {
	case 1: *p = (char)(uint8_t)(0xa0 | len); return p + 1;
	case 2: *p = (char)0xd9; return put_be(p + 1, len, 1);
	case 3: *p = (char)0xda; return put_be(p + 1, len, 2);
	default: *p = (char)0xdb; return put_be(p + 1, len, 4);
	}
}

char *xlu_mp_encode_binl(char *p, uint32_t len)
{
	switch (xlu_mp_sizeof_binl(len)) {
	case 2: *p = (char)0xc4; return put_be(p + 1, len, 1);
	case 3: *p = (char)0xc5; return put_be(p + 1, len, 2);
	default: *p = (char)0xc6; return put_be(p + 1, len, 4);
	}
}

char *xlu_mp_encode_array(char *p, uint32_t n)
{
	switch (xlu_mp_sizeof_array(n)) {
	case 1: *p = (char)(uint8_t)(0x90 | n); return p + 1;
	case 3: *p = (char)0xdc; return put_be(p + 1, n, 2);
	default: *p = (char)0xdd; return put_be(p + 1, n, 4);
	}
}

char *xlu_mp_encode_nil(char *p)
{
	*p = (char)0xc0;
	return p + 1;
}

char *xlu_mp_encode_bool(char *p, bool v)
{
	*p = (char)(v ? 0xc3 : 0xc2);
	return p + 1;
}

/* The length or value in a header: the low bits of a fix form, else the big-endian bytes after the type byte. */
static uint64_t decode_header(const char **p, uint8_t fix_mask)
{
	const char *q = *p;
	size_t n = xlu_mp_header_size(*q);
	uint64_t v = n == 1 ? (uint64_t)(byte(*q) & fix_mask) : get_be(q + 1, (unsigned)(n - 1));

	*p = q + n;
	return v;
}

uint64_t xlu_mp_decode_uint(const char **p)
{
	return decode_header(p, 0x7f);
}

uint32_t xlu_mp_decode_strl(const char **p)
{
	return (uint32_t)decode_header(p, 0x1f);
}

uint32_t xlu_mp_decode_binl(const char **p)
{
	return (uint32_t)decode_header(p, 0);
}

uint32_t xlu_mp_decode_array(const char **p)
{
	return (uint32_t)decode_header(p, 0x0f);
}

void xlu_mp_skip(const char **p)
{
	/* Values still to skip; a checked array's elements each take a byte, so this stays small. */
	uint64_t pending = 1;
	const char *q = *p;

	while (pending > 0) {
		uint32_t n;

		pending--;
		switch (xlu_mp_typeof(*q)) {
		case XLU_MP_STR:
			n = xlu_mp_decode_strl(&q);
			q += n;
			break;
		case XLU_MP_BIN:
			n = xlu_mp_decode_binl(&q);
			q += n;
			break;
		case XLU_MP_ARRAY:
			pending += xlu_mp_decode_array(&q);
			break;
		default: /* nil, bool, uint: the header is the value */
			q += xlu_mp_header_size(*q);
			break;
		}
	}
	*p = q;
}
