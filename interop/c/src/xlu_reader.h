/*
 * xlu_reader.h: a xenlu stream reader for every schema version of xenlu_versions.h, reading a caller-supplied buffer
 * with no allocation (as xen#2 reads the stream before it has a heap).
 *
 * It checks everything the framing promises (header, record headers, the CRC-32 chain, padding,
 * END and its count, trailing bytes), refuses unknown mandatory records, enforces the record
 * order, walks every known body as canonical MessagePack (allowed types only, shortest forms,
 * bounded nesting, every length within the body) and decodes the fields its summary needs. It
 * does not check every field of the schema (ranges, enum codes): that is a restorer's job, record
 * by record, with the generated header's limits.
 *
 * The checks run in the order of docs/FORMAT.md section 3, as in @xenlu/format's readers: the
 * stream header, then record by record its framing, its type, its order and body; then nothing
 * after END. So both refuse a corrupt stream at the same first fault, with the same error code.
 */
#ifndef XLU_READER_H
#define XLU_READER_H

#include <stddef.h>
#include <stdint.h>

#include "xenlu_versions.h"

/* The names xlu_read_code_name gives are @xenlu/format's FormatError codes. */
enum xlu_read_code {
	XLU_R_OK = 0,
	XLU_R_TRUNCATED,
	XLU_R_BAD_IDENT,
	XLU_R_BAD_VERSION,
	XLU_R_BAD_CHECKSUM,
	XLU_R_RESERVED_NONZERO,
	XLU_R_BAD_PADDING,
	XLU_R_BAD_LENGTH,
	XLU_R_UNKNOWN_MANDATORY_RECORD,
	XLU_R_BAD_ORDER,
	XLU_R_MISSING_END,
	XLU_R_TRAILING_DATA,
	XLU_R_BAD_BODY,
	XLU_R_BAD_VALUE,
	XLU_R_LIMIT,
};

/* Newest schema version this reader knows (the generated XENLU_VERSIONS); newer streams are read by its rules (rollback). */
#define XLU_READER_VERSION XENLU_LATEST_VERSION

struct xlu_read_error {
	int code;        /* enum xlu_read_code */
	uint64_t offset; /* stream offset of the first byte at fault */
	int64_t record;  /* record index (0 = HOST), -1 when not about a record */
	char message[192];
};

struct xlu_read_limits {
	uint32_t max_body_length; /* XENLU_DEFAULT_MAX_BODY_LENGTH */
	uint32_t max_depth;       /* array nesting inside one body */
	uint32_t max_vcpus;       /* VCPU records per domain */
	uint64_t max_ports;       /* EVENT_CHANNELS entries per domain */
	uint64_t max_entries;     /* entries of any other list section per domain */
};

/* The defaults of @xenlu/format (limits.ts); nesting allows the schema's depth plus 32 unknown levels. */
#define XLU_READ_LIMITS_DEFAULT { 64u * 1024u * 1024u, 48u, 4096u, 131072u, 67108864u }

struct xlu_stream_info {
	uint32_t framing_version;
	uint32_t schema_version; /* as written */
	uint32_t reader_version; /* the rules used: min(schema_version, XLU_READER_VERSION) */
	uint16_t xen_major;
	uint16_t xen_minor;
	uint64_t size;
};

struct xlu_record_info {
	uint32_t index;
	uint32_t type;
	const char *name; /* NULL: an optional record this reader does not know, skipped */
	uint64_t offset;
	uint32_t body_length;
	uint32_t crc;
};

struct xlu_domain_info {
	uint16_t domid;
	uint8_t type;
	const char *type_name;
	uint32_t vcpus;   /* VCPU records */
	uint64_t ports;   /* EVENT_CHANNELS entries */
	uint64_t p2m;     /* P2M entries (v1, v2) or extents (v3) */
	uint64_t pages;   /* sum of PAGES counts (saturating) */
};

/* Called as the stream is accepted: stream once, record per record, domain once its records end. */
struct xlu_read_sink {
	void *ctx;
	void (*stream)(void *ctx, const struct xlu_stream_info *s);
	void (*record)(void *ctx, const struct xlu_record_info *r);
	void (*domain)(void *ctx, const struct xlu_domain_info *d);
	void (*end)(void *ctx, uint32_t nr_records);
};

const char *xlu_read_code_name(int code);

/*
 * Reads the stream in buf[0..len). Returns XLU_R_OK, or an error code with *err filled in. Reads
 * no byte outside the buffer, whatever its contents. `limits` may be NULL (defaults), and so may
 * `sink` or any of its callbacks.
 */
int xlu_read(const uint8_t *buf, size_t len, const struct xlu_read_limits *limits, const struct xlu_read_sink *sink,
	     struct xlu_read_error *err);

#endif /* XLU_READER_H */
