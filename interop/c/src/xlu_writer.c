/* Framing and MessagePack values of a xenlu stream, into a caller's buffer (xlu_writer.h). */
#include "xlu_writer.h"

#include <stdint.h>

#include "xenlu_stream.h"
#include "xenlu_v3.h"
#include "xlu_env.h"
#include "xlu_mp.h"

const char *xlu_write_status_name(int status)
{
	switch (status) {
	case XLU_W_OK: return "ok";
	case XLU_W_NOSPACE: return "no-space";
	case XLU_W_SHAPE: return "shape";
	case XLU_W_RANGE: return "range";
	case XLU_W_SEQUENCE: return "sequence";
	default: return "unknown";
	}
}

static void fail(struct xlu_writer *w, int status)
{
	if (w->status == XLU_W_OK)
		w->status = status;
}

void xlu_writer_init(struct xlu_writer *w, void *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = cap;
}

void xlu_writer_init_measure(struct xlu_writer *w)
{
	xlu_writer_init(w, NULL, SIZE_MAX);
}

/*
 * Reserves the next n bytes: returns where to write them, or NULL when there is nothing to write
 * (measuring, or an error). Every caller writes exactly n bytes there.
 */
static char *room(struct xlu_writer *w, size_t n)
{
	char *p;

	if (w->status != XLU_W_OK)
		return NULL;
	if (w->cap - w->pos < n) {
		fail(w, XLU_W_NOSPACE);
		return NULL;
	}
	p = w->buf ? (char *)(w->buf + w->pos) : NULL;
	w->pos += n;
	return p;
}

/* Accounts for one element of the innermost open array (or the body itself). */
static bool element(struct xlu_writer *w)
{
	if (w->status != XLU_W_OK)
		return false;
	if (!w->in_record || w->depth == 0) {
		fail(w, XLU_W_SEQUENCE);
		return false;
	}
	if (w->left[w->depth - 1] == 0) {
		fail(w, XLU_W_SHAPE);
		return false;
	}
	w->left[w->depth - 1]--;
	return true;
}

void xlu_w_stream_header(struct xlu_writer *w, uint32_t schema_version, uint16_t xen_major, uint16_t xen_minor)
{
	uint8_t *h;

	if (w->status == XLU_W_OK && w->pos != 0) {
		fail(w, XLU_W_SEQUENCE);
		return;
	}
	h = (uint8_t *)room(w, XENLU_STREAM_HEADER_SIZE);
	if (!h)
		return;
	memset(h, 0, XENLU_STREAM_HEADER_SIZE);
	memcpy(h, XENLU_IDENT, XENLU_IDENT_SIZE);
	xlu_put_be32(h + XENLU_SH_FRAMING_VERSION, XENLU_FRAMING_VERSION);
	xlu_put_be32(h + XENLU_SH_SCHEMA_VERSION, schema_version);
	xlu_put_be16(h + XENLU_SH_XEN_MAJOR, xen_major);
	xlu_put_be16(h + XENLU_SH_XEN_MINOR, xen_minor);
	w->crc = xlu_crc32(0, h, XENLU_SH_CRC);
	xlu_put_be32(h + XENLU_SH_CRC, w->crc);
}

void xlu_w_record_begin(struct xlu_writer *w, uint32_t type)
{
	uint8_t *h;
	size_t at = w->pos;

	if (w->status == XLU_W_OK && (w->in_record || w->pos < XENLU_STREAM_HEADER_SIZE)) {
		fail(w, XLU_W_SEQUENCE);
		return;
	}
	h = (uint8_t *)room(w, XENLU_RECORD_HEADER_SIZE);
	if (w->status != XLU_W_OK)
		return;
	if (h) {
		memset(h, 0, XENLU_RECORD_HEADER_SIZE);
		xlu_put_be32(h + XENLU_RH_TYPE, type);
	}
	w->rec = at;
	w->in_record = true;
	/* The body is one value. */
	w->depth = 1;
	w->total[0] = 1;
	w->left[0] = 1;
}

void xlu_w_record_end(struct xlu_writer *w)
{
	size_t body_length;
	uint32_t pad;
	char *p;

	if (w->status != XLU_W_OK)
		return;
	if (!w->in_record || w->depth != 1 || w->left[0] != 0) {
		fail(w, w->in_record ? XLU_W_SHAPE : XLU_W_SEQUENCE);
		return;
	}
	body_length = w->pos - w->rec - XENLU_RECORD_HEADER_SIZE;
	if (body_length > XENLU_DEFAULT_MAX_BODY_LENGTH) {
		fail(w, XLU_W_RANGE);
		return;
	}
	pad = xlu_padding((uint32_t)body_length);
	p = room(w, pad);
	if (w->status != XLU_W_OK)
		return;
	if (p) {
		uint8_t *h = w->buf + w->rec;

		memset(p, 0, pad);
		xlu_put_be32(h + XENLU_RH_BODY_LENGTH, (uint32_t)body_length);
		/* The chain covers every byte but the crc fields: type and length, reserved, body, padding. */
		w->crc = xlu_crc32(w->crc, h, XENLU_RH_CRC);
		w->crc = xlu_crc32(w->crc, h + XENLU_RH_RESERVED, w->pos - w->rec - XENLU_RH_RESERVED);
		xlu_put_be32(h + XENLU_RH_CRC, w->crc);
	}
	w->in_record = false;
	w->depth = 0;
	w->nr_records++;
}

void xlu_w_end(struct xlu_writer *w)
{
	uint32_t nr = w->nr_records;

	xlu_w_record_begin(w, XENLU_V3_REC_END);
	xlu_w_array(w, XENLU_V3_END_NR_FIELDS);
	xlu_w_at(w, XENLU_V3_F_END_NR_RECORDS);
	xlu_w_uint(w, nr);
	xlu_w_array_end(w);
	xlu_w_record_end(w);
}

void xlu_w_array(struct xlu_writer *w, uint32_t n)
{
	char *p;

	if (!element(w))
		return;
	if (w->depth == XLU_WRITER_MAX_DEPTH) {
		fail(w, XLU_W_SHAPE);
		return;
	}
	p = room(w, xlu_mp_sizeof_array(n));
	if (w->status != XLU_W_OK)
		return;
	if (p)
		xlu_mp_encode_array(p, n);
	w->total[w->depth] = n;
	w->left[w->depth] = n;
	w->depth++;
}

void xlu_w_list(struct xlu_writer *w, uint32_t n, uint32_t min, uint32_t max)
{
	if (n < min || n > max) {
		fail(w, XLU_W_RANGE);
		return;
	}
	xlu_w_array(w, n);
}

void xlu_w_array_end(struct xlu_writer *w)
{
	if (w->status != XLU_W_OK)
		return;
	if (w->depth < 2 || w->left[w->depth - 1] != 0) {
		fail(w, XLU_W_SHAPE);
		return;
	}
	w->depth--;
}

void xlu_w_at(struct xlu_writer *w, uint32_t no)
{
	unsigned d = w->depth - 1;

	if (w->status != XLU_W_OK)
		return;
	if (w->depth < 2 || no == 0 || w->total[d] - w->left[d] != no - 1)
		fail(w, XLU_W_SHAPE);
}

void xlu_w_uint(struct xlu_writer *w, uint64_t v)
{
	char *p;

	if (!element(w))
		return;
	p = room(w, xlu_mp_sizeof_uint(v));
	if (p)
		xlu_mp_encode_uint(p, v);
}

void xlu_w_bool(struct xlu_writer *w, bool v)
{
	char *p;

	if (!element(w))
		return;
	p = room(w, xlu_mp_sizeof_bool());
	if (p)
		xlu_mp_encode_bool(p, v);
}

void xlu_w_nil(struct xlu_writer *w)
{
	char *p;

	if (!element(w))
		return;
	p = room(w, xlu_mp_sizeof_nil());
	if (p)
		xlu_mp_encode_nil(p);
}

void xlu_w_str(struct xlu_writer *w, const char *s, uint32_t max_bytes)
{
	size_t len = strlen(s);
	char *p;

	if (len > max_bytes) {
		fail(w, XLU_W_RANGE);
		return;
	}
	if (!element(w))
		return;
	p = room(w, xlu_mp_sizeof_strl((uint32_t)len) + len);
	if (!p)
		return;
	p = xlu_mp_encode_strl(p, (uint32_t)len);
	memcpy(p, s, len);
}

void xlu_w_bin(struct xlu_writer *w, const uint8_t *b, uint32_t len, uint32_t min_bytes, uint32_t max_bytes)
{
	char *p;

	if (len < min_bytes || len > max_bytes || (len > 0 && !b)) {
		fail(w, XLU_W_RANGE);
		return;
	}
	if (!element(w))
		return;
	p = room(w, xlu_mp_sizeof_binl(len) + len);
	if (!p)
		return;
	p = xlu_mp_encode_binl(p, len);
	if (len)
		memcpy(p, b, len);
}
