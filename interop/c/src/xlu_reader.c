/* A xenlu stream reader over a caller's buffer, every schema version of xenlu_versions.h (xlu_reader.h). */
#include "xlu_reader.h"

#include <stdarg.h>
#include <stdbool.h>

#include "xenlu_stream.h"
#include "xenlu_versions.h"
#include "xlu_env.h"
#include "xlu_mp.h"

/* Nesting the walker can track, whatever the configured limit. */
#define MAX_DEPTH_CAP 64u
/* Sections of any version fit a bit set. */
#define MAX_SECTIONS 32u

/* Domain type names by v1's codes, which no version may change (checked for each below). */
static const char *const domain_type_names[] = {
	[XENLU_V1_DOMAIN_TYPE_PV32] = "pv32",
	[XENLU_V1_DOMAIN_TYPE_PV64] = "pv64",
	[XENLU_V1_DOMAIN_TYPE_HVM] = "hvm",
	[XENLU_V1_DOMAIN_TYPE_PVH] = "pvh",
};
#define NR_DOMAIN_TYPES (sizeof(domain_type_names) / sizeof(domain_type_names[0]))

#define SAME_DOMAIN_TYPES(V)                                                                                  \
	_Static_assert(XENLU_V##V##_DOMAIN_TYPE_PV32 == XENLU_V1_DOMAIN_TYPE_PV32 &&                           \
			       XENLU_V##V##_DOMAIN_TYPE_PV64 == XENLU_V1_DOMAIN_TYPE_PV64 &&                   \
			       XENLU_V##V##_DOMAIN_TYPE_HVM == XENLU_V1_DOMAIN_TYPE_HVM &&                     \
			       XENLU_V##V##_DOMAIN_TYPE_PVH == XENLU_V1_DOMAIN_TYPE_PVH,                       \
		       "domain type codes of schema v" #V " differ from v1's: the name table needs one per version");
XENLU_VERSIONS(SAME_DOMAIN_TYPES)

/* ---- Per-version tables, built from the generated headers' X-macros (xenlu_versions.h) ---- */

struct rec_def {
	uint32_t type;
	const char *name;
};

struct sec_def {
	uint32_t type;
	uint32_t kind;        /* XENLU_SECTION_* */
	uint32_t max_entries; /* list sections */
	uint32_t order_key;   /* field number of the strictly ascending key, 0 = unordered */
};

#define REC(NAME, TYPE) { TYPE, #NAME },
#define SEC(S, R, TYPE, KIND, MAX, KEY) { TYPE, KIND, MAX, KEY },
#define TABLES(V)                                                                                    \
	static const struct rec_def v##V##_records[] = { XENLU_V##V##_RECORDS(REC) };             \
	static const struct sec_def v##V##_sections[] = { XENLU_V##V##_SECTIONS(SEC) };
XENLU_VERSIONS(TABLES)

/* What this reader needs of one schema version: record types, section order, a few fields. */
struct schema {
	uint32_t version;
	const struct rec_def *records;
	size_t nr_records;
	const struct sec_def *sections;
	size_t nr_sections;
	uint32_t rec_host, rec_end;
	uint32_t sec_p2m, sec_pages, sec_event_channels; /* sections the domain summary counts */
	uint32_t f_host_producer, f_xen_version_major, f_xen_version_minor;
	uint32_t f_domain_domid, f_domain_type, domid_max;
	uint32_t f_page_range_count;
	uint64_t page_count_min, page_count_max;
	uint32_t f_end_nr_records;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SCHEMA(V)                                                                                          \
	{                                                                                                  \
		V, v##V##_records, COUNT(v##V##_records), v##V##_sections, COUNT(v##V##_sections),         \
		XENLU_V##V##_REC_HOST, XENLU_V##V##_REC_END,                                               \
		XENLU_V##V##_SEC_P2M, XENLU_V##V##_SEC_PAGES, XENLU_V##V##_SEC_EVENT_CHANNELS,             \
		XENLU_V##V##_F_HOST_PRODUCER, XENLU_V##V##_F_XEN_VERSION_MAJOR,                            \
		XENLU_V##V##_F_XEN_VERSION_MINOR, XENLU_V##V##_F_DOMAIN_DOMID, XENLU_V##V##_F_DOMAIN_TYPE, \
		XENLU_V##V##_DOMAIN_DOMID_MAX, XENLU_V##V##_F_PAGE_RANGE_COUNT,                            \
		XENLU_V##V##_PAGE_RANGE_COUNT_MIN, XENLU_V##V##_PAGE_RANGE_COUNT_MAX,                      \
		XENLU_V##V##_F_END_NR_RECORDS                                                              \
	},

/* schemas[v - 1] is version v: XENLU_VERSIONS ascends from 1. */
static const struct schema schemas[] = { XENLU_VERSIONS(SCHEMA) };

static const char *record_name(const struct schema *s, uint32_t type)
{
	size_t i;

	for (i = 0; i < s->nr_records; i++)
		if (s->records[i].type == type)
			return s->records[i].name;
	return NULL;
}

/* Section index of a record type, or -1 (HOST, END, unknown). */
static int section_of(const struct schema *s, uint32_t type)
{
	size_t i;

	for (i = 0; i < s->nr_sections; i++)
		if (s->sections[i].type == type)
			return (int)i;
	return -1;
}

/* ---- Reader state and errors ---- */

struct rd {
	const uint8_t *buf;
	size_t len;
	struct xlu_read_limits lim;
	const struct xlu_read_sink *sink;
	struct xlu_read_error *err;
	const struct schema *s;
	struct xlu_stream_info info;

	uint32_t index;      /* record being read */
	uint64_t rec_offset; /* its offset */

	bool in_domain;
	uint32_t rank;            /* section of the last record of the domain */
	uint32_t seen;            /* single/optional sections seen in the domain */
	uint32_t chunks[MAX_SECTIONS];
	uint64_t entries[MAX_SECTIONS];
	bool last_chunk_full;
	int last_list;            /* section of the last list record, -1 none */
	uint64_t last_key[MAX_SECTIONS]; /* ordered sections: the last key seen in the domain */
	uint32_t keyed;                  /* ordered sections with a last key */
	struct xlu_domain_info dom;
};

const char *xlu_read_code_name(int code)
{
	switch (code) {
	case XLU_R_OK: return "ok";
	case XLU_R_TRUNCATED: return "truncated";
	case XLU_R_BAD_IDENT: return "bad-ident";
	case XLU_R_BAD_VERSION: return "bad-version";
	case XLU_R_BAD_CHECKSUM: return "bad-checksum";
	case XLU_R_RESERVED_NONZERO: return "reserved-nonzero";
	case XLU_R_BAD_PADDING: return "bad-padding";
	case XLU_R_BAD_LENGTH: return "bad-length";
	case XLU_R_UNKNOWN_MANDATORY_RECORD: return "unknown-mandatory-record";
	case XLU_R_BAD_ORDER: return "bad-order";
	case XLU_R_MISSING_END: return "missing-end";
	case XLU_R_TRAILING_DATA: return "trailing-data";
	case XLU_R_BAD_BODY: return "bad-body";
	case XLU_R_BAD_VALUE: return "bad-value";
	case XLU_R_LIMIT: return "limit";
	default: return "unknown";
	}
}

/* ---- Error messages without libc ---- */

struct msg {
	char *buf;
	size_t size, len; /* len < size: room for the NUL */
};

static void put_char(struct msg *m, char c)
{
	if (m->len + 1 < m->size)
		m->buf[m->len++] = c;
}

/* v in base 10 or 16, at least `width` digits (zero-padded). */
static void put_number(struct msg *m, uint64_t v, unsigned base, unsigned width)
{
	char digits[20];
	unsigned n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width > n) {
		put_char(m, '0');
		width--;
	}
	while (n)
		put_char(m, digits[--n]);
}

/*
 * The messages' formats only: %s, %u, %llu, %zu, %x with an optional zero-padded width (%08x),
 * truncated to the buffer like snprintf. The gcc format attribute checks every call's arguments.
 */
static void format_message(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct msg m = { buf, size, 0 };

	while (*fmt) {
		unsigned width = 0;
		const char *s;

		if (*fmt != '%') {
			put_char(&m, *fmt++);
			continue;
		}
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		switch (*fmt) {
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				put_char(&m, *s);
			break;
		case 'u':
			put_number(&m, va_arg(ap, unsigned), 10, width);
			break;
		case 'x':
			put_number(&m, va_arg(ap, unsigned), 16, width);
			break;
		case 'z': /* %zu */
			fmt++;
			put_number(&m, va_arg(ap, size_t), 10, width);
			break;
		case 'l': /* %llu */
			fmt += 2;
			put_number(&m, va_arg(ap, unsigned long long), 10, width);
			break;
		default: /* %% */
			put_char(&m, *fmt);
			break;
		}
		fmt++;
	}
	if (size)
		buf[m.len] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static int fail_at(struct rd *r, int code, uint64_t offset, int64_t record, const char *fmt, ...)
{
	va_list ap;

	r->err->code = code;
	r->err->offset = offset;
	r->err->record = record;
	va_start(ap, fmt);
	format_message(r->err->message, sizeof(r->err->message), fmt, ap);
	va_end(ap);
	return code;
}

/* An error inside the current record's body, at pointer p. */
#define FAIL_IN(r, code, p, ...) fail_at((r), (code), (uint64_t)((const uint8_t *)(p) - (r)->buf), (r)->index, __VA_ARGS__)
/* An error about the current record as a whole. */
#define FAIL_REC(r, code, ...) fail_at((r), (code), (r)->rec_offset, (r)->index, __VA_ARGS__)

/* ---- Bodies ---- */

/*
 * Checks the MessagePack value at *pp, which must end by `end`: only the types a body may hold
 * (unsigned integers, nil, booleans, strings, binaries, arrays), each in its shortest form, every
 * length within the body, nesting bounded. On success *pp is just after the value.
 *
 * Every count is compared with the bytes left (each element takes at least one) before it is
 * believed, so a 5-byte body announcing 2^31 elements is refused (msgpuck's mp_check, which the
 * reader used before, kept that count in an int and passed it).
 */
static int walk(struct rd *r, const char **pp, const char *end)
{
	uint32_t left[MAX_DEPTH_CAP];
	uint32_t max_depth = r->lim.max_depth < MAX_DEPTH_CAP ? r->lim.max_depth : MAX_DEPTH_CAP;
	unsigned depth = 1;
	const char *p = *pp;

	left[0] = 1;
	while (depth > 0) {
		const char *at = p;
		uint32_t n;
		uint64_t v;

		if (left[depth - 1] == 0) {
			depth--;
			continue;
		}
		left[depth - 1]--;
		if (p >= end)
			return FAIL_IN(r, XLU_R_BAD_BODY, at, "body ends where a value should start");
		switch (xlu_mp_typeof(*p)) {
		case XLU_MP_NIL:
		case XLU_MP_BOOL:
			p++;
			break;
		case XLU_MP_UINT:
			if (xlu_mp_header_size(*p) > (size_t)(end - p))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "integer runs past the end of the body");
			v = xlu_mp_decode_uint(&p);
			if ((size_t)(p - at) != xlu_mp_sizeof_uint(v))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "integer %llu not in shortest form", (unsigned long long)v);
			break;
		case XLU_MP_STR:
			if (xlu_mp_header_size(*p) > (size_t)(end - p))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "string header runs past the end of the body");
			n = xlu_mp_decode_strl(&p);
			if ((size_t)(p - at) != xlu_mp_sizeof_strl(n))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "string length %u not in shortest form", n);
			if (n > (size_t)(end - p))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "string of %u bytes runs past the end of the body", n);
			p += n;
			break;
		case XLU_MP_BIN:
			if (xlu_mp_header_size(*p) > (size_t)(end - p))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "binary header runs past the end of the body");
			n = xlu_mp_decode_binl(&p);
			if ((size_t)(p - at) != xlu_mp_sizeof_binl(n))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "binary length %u not in shortest form", n);
			if (n > (size_t)(end - p))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "binary of %u bytes runs past the end of the body", n);
			p += n;
			break;
		case XLU_MP_ARRAY:
			if (xlu_mp_header_size(*p) > (size_t)(end - p))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "array header runs past the end of the body");
			n = xlu_mp_decode_array(&p);
			if ((size_t)(p - at) != xlu_mp_sizeof_array(n))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "array length %u not in shortest form", n);
			if (n > (size_t)(end - p))
				return FAIL_IN(r, XLU_R_BAD_BODY, at, "array announces %u elements, the body has %zu bytes left", n,
					       (size_t)(end - p));
			if (depth >= max_depth)
				return FAIL_IN(r, XLU_R_LIMIT, at, "values nested deeper than %u", max_depth);
			left[depth++] = n;
			break;
		default:
			return FAIL_IN(r, XLU_R_BAD_BODY, at, "byte 0x%02x starts a value a body may not hold (map, float, "
				       "extension or signed integer)", (unsigned)(uint8_t)*at);
		}
	}
	*pp = p;
	return XLU_R_OK;
}

/*
 * The body of an unknown optional record: exactly one value of the subset (any type), nothing
 * after it, nesting bounded (docs/FORMAT.md section 5). Then skipped.
 */
static int check_unknown_body(struct rd *r, const char *body, uint32_t len)
{
	const char *p = body, *end = body + len;
	int rc;

	rc = walk(r, &p, end);
	if (rc)
		return rc;
	if (p != end)
		return FAIL_IN(r, XLU_R_BAD_BODY, p, "%zu bytes after the body's value", (size_t)(end - p));
	return XLU_R_OK;
}

/* A known record's body: a struct (an array), then as any body. */
static int check_body(struct rd *r, const char *body, uint32_t len)
{
	if (len == 0 || xlu_mp_typeof(*body) != XLU_MP_ARRAY)
		return FAIL_IN(r, XLU_R_BAD_BODY, body, "a record body must be an array");
	return check_unknown_body(r, body, len);
}

/* Element `no` (1-based) of the walked array at p, or NULL when the array is shorter. */
static const char *element(const char *p, uint32_t no)
{
	uint32_t n = xlu_mp_decode_array(&p), i;

	if (no == 0 || no > n)
		return NULL;
	for (i = 1; i < no; i++)
		xlu_mp_skip(&p);
	return p;
}

/* The struct at field `no` of the walked array at p; `what` names it in errors. */
static int struct_field(struct rd *r, const char *p, uint32_t no, const char *what, const char **out)
{
	const char *f = element(p, no);

	if (!f || xlu_mp_typeof(*f) != XLU_MP_ARRAY)
		return FAIL_IN(r, XLU_R_BAD_BODY, f ? f : p, "%s: expected an array", what);
	*out = f;
	return XLU_R_OK;
}

/* The unsigned integer at field `no` of the walked array at p, within [min, max]. */
static int uint_field(struct rd *r, const char *p, uint32_t no, uint64_t min, uint64_t max, const char *what,
		      uint64_t *out)
{
	const char *f = element(p, no), *at = f;
	uint64_t v;

	if (!f || xlu_mp_typeof(*f) != XLU_MP_UINT)
		return FAIL_IN(r, XLU_R_BAD_BODY, f ? f : p, "%s: expected an unsigned integer", what);
	v = xlu_mp_decode_uint(&f);
	if (v < min || v > max)
		return FAIL_IN(r, XLU_R_BAD_VALUE, at, "%s: %llu out of range (%llu-%llu)", what, (unsigned long long)v,
			       (unsigned long long)min, (unsigned long long)max);
	*out = v;
	return XLU_R_OK;
}

/* The entries of a list record: 1..max items, *list at the array header, *n its length. */
static int list_entries(struct rd *r, const char *body, uint32_t max, const char **list, uint32_t *n)
{
	const char *l, *p;
	int rc = struct_field(r, body, XENLU_F_LIST_ENTRIES, "entries", &l);

	if (rc)
		return rc;
	p = l;
	*n = xlu_mp_decode_array(&p);
	if (*n < 1 || *n > max)
		return FAIL_IN(r, XLU_R_BAD_VALUE, l, "list of %u items, allowed 1-%u", *n, max);
	*list = l;
	return XLU_R_OK;
}

/* ---- Record order (docs/FORMAT.md section 6) ---- */

/*
 * The key (field `sec->order_key`) of the element at p must be above the section's last key: sorted
 * and unique over the whole section. Refused at the element's first byte.
 */
static int check_order(struct rd *r, int sec_index, const char *p)
{
	const struct sec_def *sec = &r->s->sections[sec_index];
	const char *f = element(p, sec->order_key);
	uint32_t bit = 1u << sec_index;
	uint64_t key;

	if (!f || xlu_mp_typeof(*f) != XLU_MP_UINT)
		return FAIL_IN(r, XLU_R_BAD_BODY, f ? f : p, "order key: expected an unsigned integer");
	key = xlu_mp_decode_uint(&f);
	if ((r->keyed & bit) && key <= r->last_key[sec_index])
		return FAIL_IN(r, XLU_R_BAD_ORDER, p, "key %llu not above the previous %llu: must strictly ascend",
			       (unsigned long long)key, (unsigned long long)r->last_key[sec_index]);
	r->last_key[sec_index] = key;
	r->keyed |= bit;
	return XLU_R_OK;
}

static void emit_domain(struct rd *r)
{
	if (r->sink && r->sink->domain)
		r->sink->domain(r->sink->ctx, &r->dom);
}

/* Ends the open domain: every single section must have been seen. */
static int close_domain(struct rd *r)
{
	size_t i;

	if (!r->in_domain)
		return XLU_R_OK;
	for (i = 0; i < r->s->nr_sections; i++) {
		const struct sec_def *sec = &r->s->sections[i];

		if (sec->kind == XENLU_SECTION_SINGLE && !(r->seen & (1u << i)))
			return fail_at(r, XLU_R_BAD_ORDER, r->rec_offset, r->index, "domain %u has no %s record",
				       (unsigned)r->dom.domid, record_name(r->s, sec->type));
	}
	emit_domain(r);
	r->in_domain = false;
	return XLU_R_OK;
}

static int accept_host(struct rd *r, const char *body, uint32_t len)
{
	const char *producer;
	uint64_t major, minor;
	int rc = check_body(r, body, len);

	if (!rc)
		rc = struct_field(r, body, r->s->f_host_producer, "producer", &producer);
	if (!rc)
		rc = uint_field(r, producer, r->s->f_xen_version_major, 0, UINT16_MAX, "producer.major", &major);
	if (!rc)
		rc = uint_field(r, producer, r->s->f_xen_version_minor, 0, UINT16_MAX, "producer.minor", &minor);
	if (rc)
		return rc;
	/* The header repeats the producer's version; two different values would make two streams of one state. */
	if (major != r->info.xen_major || minor != r->info.xen_minor)
		return fail_at(r, XLU_R_BAD_VALUE, XENLU_SH_XEN_MAJOR, r->index,
			       "stream header names Xen %u.%u, the HOST record's producer is %llu.%llu",
			       (unsigned)r->info.xen_major, (unsigned)r->info.xen_minor, (unsigned long long)major,
			       (unsigned long long)minor);
	return XLU_R_OK;
}

static int accept_end(struct rd *r, const char *body, uint32_t len)
{
	uint64_t nr;
	int rc = close_domain(r);

	if (!rc)
		rc = check_body(r, body, len);
	if (!rc)
		rc = uint_field(r, body, r->s->f_end_nr_records, 0, UINT32_MAX, "nr_records", &nr);
	if (rc)
		return rc;
	if (nr != r->index)
		return FAIL_REC(r, XLU_R_BAD_ORDER, "END counts %llu records before it, the stream has %u",
				(unsigned long long)nr, r->index);
	return XLU_R_OK;
}

static int accept_domain(struct rd *r, const char *body, uint32_t len)
{
	uint64_t domid, type;
	int rc = check_body(r, body, len);

	if (!rc)
		rc = uint_field(r, body, r->s->f_domain_domid, 0, r->s->domid_max, "domid", &domid);
	if (!rc)
		rc = uint_field(r, body, r->s->f_domain_type, 0, NR_DOMAIN_TYPES - 1, "type", &type);
	if (rc)
		return rc;
	if (r->in_domain && domid <= r->dom.domid)
		return FAIL_REC(r, XLU_R_BAD_ORDER, "domain %llu after domain %u: domains must ascend",
				(unsigned long long)domid, (unsigned)r->dom.domid);
	rc = close_domain(r);
	if (rc)
		return rc;
	memset(&r->dom, 0, sizeof(r->dom));
	memset(r->chunks, 0, sizeof(r->chunks));
	memset(r->entries, 0, sizeof(r->entries));
	r->keyed = 0;
	r->dom.domid = (uint16_t)domid;
	r->dom.type = (uint8_t)type;
	r->dom.type_name = domain_type_names[type];
	r->in_domain = true;
	r->rank = 0;
	r->seen = 1u; /* DOMAIN is section 0 */
	r->last_chunk_full = true;
	r->last_list = -1;
	return XLU_R_OK;
}

/* Sums PAGES counts, saturating: a summary, not a check of the host's size. */
static int count_pages(struct rd *r, const char *list, uint32_t n)
{
	const char *p = list;
	uint32_t i;

	xlu_mp_decode_array(&p);
	for (i = 0; i < n; i++) {
		uint64_t count;
		int rc;

		if (xlu_mp_typeof(*p) != XLU_MP_ARRAY)
			return FAIL_IN(r, XLU_R_BAD_BODY, p, "entries[%u]: expected an array", i);
		rc = uint_field(r, p, r->s->f_page_range_count, r->s->page_count_min, r->s->page_count_max,
				"entries[].count", &count);
		if (rc)
			return rc;
		r->dom.pages = UINT64_MAX - r->dom.pages < count ? UINT64_MAX : r->dom.pages + count;
		xlu_mp_skip(&p);
	}
	return XLU_R_OK;
}

static int accept_section(struct rd *r, int sec_index, const char *body, uint32_t len)
{
	const struct sec_def *sec = &r->s->sections[sec_index];
	const char *name = record_name(r->s, sec->type);
	uint32_t bit = 1u << sec_index;
	int rc;

	if (!r->in_domain)
		return FAIL_REC(r, XLU_R_BAD_ORDER, "%s before any DOMAIN record", name);
	if ((uint32_t)sec_index < r->rank)
		return FAIL_REC(r, XLU_R_BAD_ORDER, "%s after a later record of domain %u", name, (unsigned)r->dom.domid);
	if ((sec->kind == XENLU_SECTION_SINGLE || sec->kind == XENLU_SECTION_OPTIONAL) && (r->seen & bit))
		return FAIL_REC(r, XLU_R_BAD_ORDER, "a second %s record for domain %u", name, (unsigned)r->dom.domid);
	r->rank = (uint32_t)sec_index;
	rc = check_body(r, body, len);
	if (rc)
		return rc;
	r->seen |= bit;

	if (sec->kind == XENLU_SECTION_EACH) {
		if (++r->dom.vcpus > r->lim.max_vcpus)
			return FAIL_REC(r, XLU_R_LIMIT, "more than %u %s records in domain %u", r->lim.max_vcpus, name,
					(unsigned)r->dom.domid);
		return sec->order_key ? check_order(r, sec_index, body) : XLU_R_OK;
	}
	if (sec->kind == XENLU_SECTION_LIST) {
		const char *list = NULL; /* set by list_entries; gcc -O1 cannot see it through the inlining */
		uint32_t n;
		uint64_t limit;

		rc = list_entries(r, body, sec->max_entries, &list, &n);
		if (rc)
			return rc;
		/* Records of a list are contiguous, each full but the last. */
		if (r->chunks[sec_index] > 0 && (!r->last_chunk_full || r->last_list != sec_index))
			return FAIL_REC(r, XLU_R_BAD_ORDER, "%s records of domain %u must be contiguous, each but the last "
					"holding %u entries", name, (unsigned)r->dom.domid, sec->max_entries);
		r->chunks[sec_index]++;
		r->last_chunk_full = n == sec->max_entries;
		r->last_list = sec_index;
		r->entries[sec_index] += n;
		limit = (uint32_t)sec_index == r->s->sec_event_channels ? r->lim.max_ports : r->lim.max_entries;
		if (r->entries[sec_index] > limit)
			return FAIL_REC(r, XLU_R_LIMIT, "more than %llu %s entries in domain %u", (unsigned long long)limit,
					name, (unsigned)r->dom.domid);
		if (sec->order_key) {
			const char *e = list;
			uint32_t i;

			xlu_mp_decode_array(&e);
			for (i = 0; i < n; i++) {
				rc = check_order(r, sec_index, e);
				if (rc)
					return rc;
				xlu_mp_skip(&e);
			}
		}
		if ((uint32_t)sec_index == r->s->sec_event_channels)
			r->dom.ports += n;
		else if ((uint32_t)sec_index == r->s->sec_p2m)
			r->dom.p2m += n;
		else if ((uint32_t)sec_index == r->s->sec_pages)
			return count_pages(r, list, n);
	}
	return XLU_R_OK;
}

static int accept_record(struct rd *r, uint32_t type, const char *body, uint32_t len)
{
	int sec;

	if (r->index == 0) {
		if (type != r->s->rec_host)
			return FAIL_REC(r, XLU_R_BAD_ORDER, "the first record must be HOST, found type 0x%08x", type);
		return accept_host(r, body, len);
	}
	if (type == r->s->rec_end)
		return accept_end(r, body, len);
	if (type == r->s->rec_host)
		return FAIL_REC(r, XLU_R_BAD_ORDER, "a second HOST record");
	sec = section_of(r->s, type);
	if (sec < 0)
		return check_unknown_body(r, body, len); /* unknown optional (mandatory ones were refused before) */
	if (sec == 0)
		return accept_domain(r, body, len);
	return accept_section(r, sec, body, len);
}

/* ---- Framing ---- */

static int read_header(struct rd *r)
{
	const uint8_t *h = r->buf;
	uint32_t crc, schema;
	size_t i;

	if (r->len < XENLU_STREAM_HEADER_SIZE) {
		for (i = 0; i < r->len && i < XENLU_IDENT_SIZE; i++)
			if (h[i] != (uint8_t)XENLU_IDENT[i])
				return fail_at(r, XLU_R_BAD_IDENT, 0, -1, "not a xenlu stream: bad ident");
		return fail_at(r, XLU_R_TRUNCATED, r->len, -1, "stream header needs %u bytes, input has %zu",
			       XENLU_STREAM_HEADER_SIZE, r->len);
	}
	for (i = 0; i < XENLU_IDENT_SIZE; i++)
		if (h[i] != (uint8_t)XENLU_IDENT[i])
			return fail_at(r, XLU_R_BAD_IDENT, i, -1, "not a xenlu stream: ident is not \"%s\"", XENLU_IDENT);
	crc = xlu_crc32(0, h, XENLU_SH_CRC);
	if (crc != xlu_get_be32(h + XENLU_SH_CRC))
		return fail_at(r, XLU_R_BAD_CHECKSUM, XENLU_SH_CRC, -1, "stream header checksum is 0x%08x, computed 0x%08x",
			       xlu_get_be32(h + XENLU_SH_CRC), crc);
	r->info.framing_version = xlu_get_be32(h + XENLU_SH_FRAMING_VERSION);
	if (r->info.framing_version != XENLU_FRAMING_VERSION)
		return fail_at(r, XLU_R_BAD_VERSION, XENLU_SH_FRAMING_VERSION, -1,
			       "framing version %u is not supported (this reader knows %u)", r->info.framing_version,
			       XENLU_FRAMING_VERSION);
	schema = xlu_get_be32(h + XENLU_SH_SCHEMA_VERSION);
	if (schema == 0)
		return fail_at(r, XLU_R_BAD_VERSION, XENLU_SH_SCHEMA_VERSION, -1, "schema version 0 is not valid");
	if (xlu_get_be32(h + XENLU_SH_FLAGS) != 0)
		return fail_at(r, XLU_R_RESERVED_NONZERO, XENLU_SH_FLAGS, -1, "stream flags 0x%08x: no flag is defined",
			       xlu_get_be32(h + XENLU_SH_FLAGS));
	if (xlu_get_be32(h + XENLU_SH_RESERVED) != 0)
		return fail_at(r, XLU_R_RESERVED_NONZERO, XENLU_SH_RESERVED, -1, "reserved header field is not zero");
	r->info.schema_version = schema;
	r->info.reader_version = schema < XLU_READER_VERSION ? schema : XLU_READER_VERSION;
	r->info.xen_major = xlu_get_be16(h + XENLU_SH_XEN_MAJOR);
	r->info.xen_minor = xlu_get_be16(h + XENLU_SH_XEN_MINOR);
	r->info.size = r->len;
	r->s = &schemas[r->info.reader_version - 1];
	return XLU_R_OK;
}

/*
 * Checks the framing of the record at `at` against the chain value *crc, and returns its total
 * size (header, body, padding) in *size. Checks in the order of docs/FORMAT.md section 3.
 */
static int check_frame(struct rd *r, size_t at, uint32_t index, uint32_t *crc, size_t *size)
{
	const uint8_t *h = r->buf + at;
	size_t avail = r->len - at, i;
	uint32_t body_length, stored, c;
	uint64_t total;

	if (avail < XENLU_RECORD_HEADER_SIZE) {
		if (avail == 0)
			return fail_at(r, XLU_R_MISSING_END, at, index, "stream ends after %u records without an END record", index);
		return fail_at(r, XLU_R_TRUNCATED, at, index, "record header needs %u bytes, %zu left", XENLU_RECORD_HEADER_SIZE,
			       avail);
	}
	body_length = xlu_get_be32(h + XENLU_RH_BODY_LENGTH);
	total = (uint64_t)XENLU_RECORD_HEADER_SIZE + body_length + xlu_padding(body_length);
	/* The limit before the input's end: a streaming reader decides it from the header alone. */
	if (body_length > r->lim.max_body_length)
		return fail_at(r, XLU_R_LIMIT, at + XENLU_RH_BODY_LENGTH, index,
			       "record body length %u exceeds the limit of %u bytes", body_length, r->lim.max_body_length);
	if (total > avail)
		return fail_at(r, XLU_R_BAD_LENGTH, at + XENLU_RH_BODY_LENGTH, index,
			       "record body length %u runs past the end of the input (%zu bytes left)", body_length,
			       avail - XENLU_RECORD_HEADER_SIZE);
	c = xlu_crc32(*crc, h, XENLU_RH_CRC);
	c = xlu_crc32(c, h + XENLU_RH_RESERVED, (size_t)total - XENLU_RH_RESERVED);
	stored = xlu_get_be32(h + XENLU_RH_CRC);
	if (c != stored)
		return fail_at(r, XLU_R_BAD_CHECKSUM, at + XENLU_RH_CRC, index,
			       "record checksum is 0x%08x, computed 0x%08x: the record or one before it is corrupt, missing, "
			       "repeated or out of order", stored, c);
	if (xlu_get_be32(h + XENLU_RH_RESERVED) != 0)
		return fail_at(r, XLU_R_RESERVED_NONZERO, at + XENLU_RH_RESERVED, index, "reserved record header field is not zero");
	for (i = XENLU_RECORD_HEADER_SIZE + body_length; i < total; i++)
		if (h[i] != 0)
			return fail_at(r, XLU_R_BAD_PADDING, at + i, index, "padding byte is 0x%02x, must be zero", h[i]);
	*crc = c;
	*size = (size_t)total;
	return XLU_R_OK;
}

/*
 * One pass, a record at a time, in the order of checks of docs/FORMAT.md section 3: framing
 * (header, limit, length, CRC, reserved, padding), then the type, then order and body; the first
 * fault in stream order is the error. Then nothing may follow END.
 */
static int read_records(struct rd *r)
{
	size_t at = XENLU_STREAM_HEADER_SIZE, size = 0;
	uint32_t crc = xlu_get_be32(r->buf + XENLU_SH_CRC);

	for (r->index = 0;; r->index++) {
		const uint8_t *h = r->buf + at;
		uint32_t type, len;
		int rc;

		rc = check_frame(r, at, r->index, &crc, &size);
		if (rc)
			return rc;
		type = xlu_get_be32(h + XENLU_RH_TYPE);
		len = xlu_get_be32(h + XENLU_RH_BODY_LENGTH);
		r->rec_offset = at;
		if (!(type & XENLU_REC_OPTIONAL) && !record_name(r->s, type))
			return FAIL_REC(r, XLU_R_UNKNOWN_MANDATORY_RECORD,
					"a schema %u reader must refuse this stream: unknown mandatory record type 0x%08x",
					r->s->version, type);
		rc = accept_record(r, type, (const char *)h + XENLU_RECORD_HEADER_SIZE, len);
		if (rc)
			return rc;
		if (r->sink && r->sink->record) {
			struct xlu_record_info info = {
				r->index, type, record_name(r->s, type), at, len, xlu_get_be32(h + XENLU_RH_CRC),
			};
			r->sink->record(r->sink->ctx, &info);
		}
		at += size;
		if (type == r->s->rec_end)
			break;
	}
	if (at != r->len)
		return fail_at(r, XLU_R_TRAILING_DATA, at, -1, "%zu bytes after the END record", r->len - at);
	return XLU_R_OK;
}

int xlu_read(const uint8_t *buf, size_t len, const struct xlu_read_limits *limits, const struct xlu_read_sink *sink,
	     struct xlu_read_error *err)
{
	static const struct xlu_read_limits defaults = XLU_READ_LIMITS_DEFAULT;
	struct xlu_read_error scratch;
	struct rd r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.buf = buf;
	r.len = buf ? len : 0;
	r.lim = limits ? *limits : defaults;
	r.sink = sink;
	r.err = err ? err : &scratch;
	memset(r.err, 0, sizeof(*r.err));
	r.err->record = -1;

	rc = read_header(&r);
	if (rc)
		return rc;
	if (sink && sink->stream)
		sink->stream(sink->ctx, &r.info);
	rc = read_records(&r);
	if (rc)
		return rc;
	if (sink && sink->end)
		sink->end(sink->ctx, r.index);
	return XLU_R_OK;
}
