/* The strict MessagePack subset of xenlu bodies (xlu_mp.h), from the MessagePack specification. */
#include "xlu_mp.h"

static char *put_be(char *p, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[i] = (char)(uint8_t)(v >> (8 * (n - 1 - i)));
	return p + n;
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
