/*
 * xlu_writer.h: the framing and MessagePack layer of a xenlu stream writer, writing into a
 * caller-supplied buffer with no allocation (as xen#1 writes into pre-allocated pages).
 *
 * Errors are sticky: the first one is kept in `status` and every later call does nothing, so a
 * serializer writes a whole stream and checks once at the end. Every value is checked against the
 * shape announced by its enclosing array (and, with xlu_w_at, against the field numbers of the
 * generated header), so a serializer that skips or reorders a field fails instead of writing a
 * stream another reader would misread.
 */
#ifndef XLU_WRITER_H
#define XLU_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLU_WRITER_MAX_DEPTH 16

enum xlu_write_status {
	XLU_W_OK = 0,
	XLU_W_NOSPACE = 1,  /* the buffer is full */
	XLU_W_SHAPE = 2,    /* a struct or list got other elements than announced, or a field out of order */
	XLU_W_RANGE = 3,    /* a value the schema does not allow (list, string or blob too long) */
	XLU_W_SEQUENCE = 4, /* calls out of order: a value outside a record, a record inside a record */
};

struct xlu_writer {
	uint8_t *buf;        /* NULL: measuring only */
	size_t cap;
	size_t pos;
	size_t rec;          /* offset of the open record's header */
	bool in_record;
	uint32_t crc;        /* running CRC-32 up to the end of the last record */
	uint32_t nr_records; /* records written, END excluded */
	int status;          /* first error (enum xlu_write_status) */
	unsigned depth;      /* open arrays, plus one for the record body */
	uint32_t total[XLU_WRITER_MAX_DEPTH];
	uint32_t left[XLU_WRITER_MAX_DEPTH];
};

const char *xlu_write_status_name(int status);

void xlu_writer_init(struct xlu_writer *w, void *buf, size_t cap);
/*
 * A writer that writes nothing and only counts: run the serializer once with it to learn how many
 * bytes (so how many pages) the stream needs, then again into a buffer of that size. The two
 * runs must see the same state (domains paused).
 */
void xlu_writer_init_measure(struct xlu_writer *w);

/* The 32-byte stream header; first. */
void xlu_w_stream_header(struct xlu_writer *w, uint32_t schema_version, uint16_t xen_major, uint16_t xen_minor);

/* A record: begin, exactly one value (the body struct), end. */
void xlu_w_record_begin(struct xlu_writer *w, uint32_t type);
void xlu_w_record_end(struct xlu_writer *w);

/* The END record, [nr_records]; last. */
void xlu_w_end(struct xlu_writer *w);

/* An array of `n` elements (a struct of n fields or a list); closed by xlu_w_array_end. */
void xlu_w_array(struct xlu_writer *w, uint32_t n);
/* A list of `n` items, refused (XLU_W_RANGE) unless min <= n <= max. */
void xlu_w_list(struct xlu_writer *w, uint32_t n, uint32_t min, uint32_t max);
void xlu_w_array_end(struct xlu_writer *w);

/* Checks that the next element of the open struct is field number `no` (1-based). */
void xlu_w_at(struct xlu_writer *w, uint32_t no);

void xlu_w_uint(struct xlu_writer *w, uint64_t v);
void xlu_w_bool(struct xlu_writer *w, bool v);
void xlu_w_nil(struct xlu_writer *w);
/* A NUL-terminated UTF-8 string of at most max_bytes bytes. */
void xlu_w_str(struct xlu_writer *w, const char *s, uint32_t max_bytes);
/* A blob of len bytes, min_bytes <= len <= max_bytes. */
void xlu_w_bin(struct xlu_writer *w, const uint8_t *p, uint32_t len, uint32_t min_bytes, uint32_t max_bytes);

/* Bytes written so far. */
static inline size_t xlu_writer_size(const struct xlu_writer *w)
{
	return w->pos;
}

#endif /* XLU_WRITER_H */
