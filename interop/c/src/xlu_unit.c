/*
 * xlu-unit: checks of the C pieces on their own: the CRC (against zlib's), the MessagePack subset at every length
 * boundary, the reader's libc-free error messages against snprintf, the writer's shape, range,
 * space and sequence errors, and a writer -> reader round trip. Prints one line per failed check; exit 0
 * when all pass.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "xenlu_stream.h"
#include "xenlu_v3.h"
#include "xlu_mp.h"
#include "xlu_reader.h"
#include "xlu_write_v3.h"

static int failures;
static uint8_t big_buf[4u << 20];

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);       \
			failures++;                                                  \
		}                                                                    \
	} while (0)

static const struct xenlu_v3_mfn_range bootmem[] = { { 1024u, 16u } };
static const struct xenlu_v3_cpupool pools[] = { { 0u, XENLU_V3_CPUPOOL_SCHEDULER_CREDIT2, NULL, 0u } };
static const struct xenlu_v3_host host = {
	.producer = { 4u, 19u, "", "" },
	.page_shift = 12u,
	.nr_pcpus = 1u,
	.total_pages = 65536u,
	.bootmem = bootmem,
	.nr_bootmem = 1u,
	.m2p = { 2048u, 16u },
	.time = { 1u, 1u, 1000u },
	.cpupools = pools,
	.nr_cpupools = 1u,
};

/* Every form of the subset at its boundaries: shortest size, first byte, header size, decoded value. */
static void mp_boundaries(void)
{
	static const uint64_t uints[] = { 0u, 127u, 128u, 255u, 256u, 65535u, 65536u, 0xffffffffu, 0x100000000u, UINT64_MAX };
	static const size_t uint_sizes[] = { 1, 1, 2, 2, 3, 3, 5, 5, 9, 9 };
	static const uint32_t lens[] = { 0u, 15u, 16u, 31u, 32u, 255u, 256u, 65535u, 65536u, 0xffffffffu };
	static const size_t str_sizes[] = { 1, 1, 1, 1, 2, 2, 3, 3, 5, 5 };
	static const size_t bin_sizes[] = { 2, 2, 2, 2, 2, 2, 3, 3, 5, 5 };
	static const size_t array_sizes[] = { 1, 1, 3, 3, 3, 3, 3, 3, 5, 5 };
	/* [1, "ab", [nil, true, bin 8 of 3 bytes], 300] then a marker byte. */
	static const char nested[] = "\x94\x01\xa2" "ab" "\x93\xc0\xc3\xc4\x03xyz\xcd\x01\x2c!";
	char buf[16];
	const char *p;
	size_t i;

	for (i = 0; i < sizeof(uints) / sizeof(uints[0]); i++) {
		CHECK(xlu_mp_sizeof_uint(uints[i]) == uint_sizes[i]);
		CHECK(xlu_mp_encode_uint(buf, uints[i]) == buf + uint_sizes[i]);
		CHECK(xlu_mp_typeof(buf[0]) == XLU_MP_UINT && xlu_mp_header_size(buf[0]) == uint_sizes[i]);
		p = buf;
		CHECK(xlu_mp_decode_uint(&p) == uints[i] && p == buf + uint_sizes[i]);
	}
	xlu_mp_encode_uint(buf, 256u);
	CHECK(memcmp(buf, "\xcd\x01\x00", 3) == 0);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		CHECK(xlu_mp_sizeof_strl(lens[i]) == str_sizes[i]);
		CHECK(xlu_mp_encode_strl(buf, lens[i]) == buf + str_sizes[i]);
		CHECK(xlu_mp_typeof(buf[0]) == XLU_MP_STR && xlu_mp_header_size(buf[0]) == str_sizes[i]);
		p = buf;
		CHECK(xlu_mp_decode_strl(&p) == lens[i] && p == buf + str_sizes[i]);

		CHECK(xlu_mp_sizeof_binl(lens[i]) == bin_sizes[i]);
		CHECK(xlu_mp_encode_binl(buf, lens[i]) == buf + bin_sizes[i]);
		CHECK(xlu_mp_typeof(buf[0]) == XLU_MP_BIN && xlu_mp_header_size(buf[0]) == bin_sizes[i]);
		p = buf;
		CHECK(xlu_mp_decode_binl(&p) == lens[i] && p == buf + bin_sizes[i]);

		CHECK(xlu_mp_sizeof_array(lens[i]) == array_sizes[i]);
		CHECK(xlu_mp_encode_array(buf, lens[i]) == buf + array_sizes[i]);
		CHECK(xlu_mp_typeof(buf[0]) == XLU_MP_ARRAY && xlu_mp_header_size(buf[0]) == array_sizes[i]);
		p = buf;
		CHECK(xlu_mp_decode_array(&p) == lens[i] && p == buf + array_sizes[i]);
	}
	CHECK(xlu_mp_encode_nil(buf) == buf + 1 && xlu_mp_typeof(buf[0]) == XLU_MP_NIL);
	CHECK(xlu_mp_encode_bool(buf, true) == buf + 1 && (uint8_t)buf[0] == 0xc3 && xlu_mp_typeof(buf[0]) == XLU_MP_BOOL);
	/* Maps, floats, signed integers, extensions and 0xc1 are not in the subset. */
	CHECK(xlu_mp_typeof((char)0x80) == XLU_MP_OTHER && xlu_mp_typeof((char)0xca) == XLU_MP_OTHER);
	CHECK(xlu_mp_typeof((char)0xd0) == XLU_MP_OTHER && xlu_mp_typeof((char)0xff) == XLU_MP_OTHER);
	CHECK(xlu_mp_typeof((char)0xc1) == XLU_MP_OTHER && xlu_mp_header_size((char)0xc7) == 0);
	p = nested;
	xlu_mp_skip(&p);
	CHECK(*p == '!');
}

/* The reader formats its messages without libc: the same text snprintf gives. */
static void error_messages(void)
{
	uint8_t h[32] = "XENLIVUP";
	char want[192];
	struct xlu_read_error err;
	struct xlu_writer w;

	CHECK(xlu_read(h, 10, NULL, NULL, &err) == XLU_R_TRUNCATED);
	CHECK(strcmp(err.message, "stream header needs 32 bytes, input has 10") == 0);
	CHECK(xlu_read(h, sizeof(h), NULL, NULL, &err) == XLU_R_BAD_CHECKSUM);
	snprintf(want, sizeof(want), "stream header checksum is 0x00000000, computed 0x%08x", (unsigned)xlu_crc32(0, h, 28));
	CHECK(strcmp(err.message, want) == 0);
	h[0] = 'Y';
	CHECK(xlu_read(h, sizeof(h), NULL, NULL, &err) == XLU_R_BAD_IDENT);
	CHECK(strcmp(err.message, "not a xenlu stream: ident is not \"XENLIVUP\"") == 0);
	/* %llu, and %u of 16-bit values: the header says 4.20, HOST's producer 4.19. */
	xlu_writer_init(&w, big_buf, sizeof(big_buf));
	xlu_w_stream_header(&w, 3, 4, 20);
	xlu_write_v3_host(&w, &host);
	xlu_w_end(&w);
	CHECK(w.status == XLU_W_OK);
	CHECK(xlu_read(big_buf, w.pos, NULL, NULL, &err) == XLU_R_BAD_VALUE);
	CHECK(strcmp(err.message, "stream header names Xen 4.20, the HOST record's producer is 4.19") == 0);
}

static void crc(void)
{
	const char *s = "123456789";

	CHECK(xlu_crc32(0, s, 9) == 0xCBF43926u);
	CHECK(xlu_crc32(xlu_crc32(0, s, 4), s + 4, 5) == 0xCBF43926u);
	CHECK(xlu_crc32(0, s, 0) == 0);
}

/* A fixed xorshift sequence: the same "random" inputs on every run. */
static uint32_t rng_state = 0x9E3779B9u;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/*
 * Slice-by-8 against zlib's crc32 on random bytes: every length 0..4200 (each tail length and
 * 8-byte step) at every alignment 0..7, random chains of pieces, and a 1 MiB input.
 */
static void crc_vs_zlib(void)
{
	static uint8_t data[(1u << 20) + 8];
	size_t len, off, i, mismatches = 0;
	uint32_t whole;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rng();
	for (len = 0; len <= 4200; len++)
		for (off = 0; off < 8; off++)
			if (xlu_crc32(0, data + off, len) != (uint32_t)crc32(0, data + off, (uInt)len))
				mismatches++;
	CHECK(mismatches == 0);
	for (i = 0; i < 1000; i++) {
		uint32_t ours = 0, theirs = 0;
		size_t at = rng() % 4096, end = at + rng() % 8192;

		while (at < end) {
			size_t piece = 1 + rng() % 64;

			if (piece > end - at)
				piece = end - at;
			ours = xlu_crc32(ours, data + at, piece);
			theirs = (uint32_t)crc32(theirs, data + at, (uInt)piece);
			at += piece;
		}
		if (ours != theirs)
			mismatches++;
	}
	CHECK(mismatches == 0);
	whole = xlu_crc32(0, data, 1u << 20);
	CHECK(whole == (uint32_t)crc32(0, data, 1u << 20));
	/* One flipped bit changes both, identically. */
	data[12345] ^= 1;
	CHECK(xlu_crc32(0, data, 1u << 20) != whole);
	CHECK(xlu_crc32(0, data, 1u << 20) == (uint32_t)crc32(0, data, 1u << 20));
}

static void shape_errors(void)
{
	uint8_t buf[256];
	struct xlu_writer w;
	size_t pos;

	/* A value outside a record. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_w_uint(&w, 1);
	CHECK(w.status == XLU_W_SEQUENCE);

	/* A field written at the wrong position. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_w_record_begin(&w, XENLU_V3_REC_TSC_INFO);
	xlu_w_array(&w, XENLU_V3_TSC_INFO_NR_FIELDS);
	xlu_w_at(&w, XENLU_V3_F_TSC_INFO_GTSC_KHZ);
	CHECK(w.status == XLU_W_SHAPE);

	/* Fewer elements than announced. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_w_record_begin(&w, XENLU_V3_REC_TSC_INFO);
	xlu_w_array(&w, XENLU_V3_TSC_INFO_NR_FIELDS);
	xlu_w_uint(&w, 0);
	xlu_w_array_end(&w);
	CHECK(w.status == XLU_W_SHAPE);

	/* More elements than announced. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_w_record_begin(&w, XENLU_V3_REC_END);
	xlu_w_array(&w, 1);
	xlu_w_uint(&w, 0);
	xlu_w_uint(&w, 0);
	CHECK(w.status == XLU_W_SHAPE);

	/* A list longer than the schema allows, and errors are sticky. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_w_record_begin(&w, XENLU_V3_REC_HVM_PARAMS);
	xlu_w_array(&w, 1);
	xlu_w_list(&w, XENLU_V3_REC_HVM_PARAMS_MAX_ENTRIES + 1, 1, XENLU_V3_REC_HVM_PARAMS_MAX_ENTRIES);
	CHECK(w.status == XLU_W_RANGE);
	pos = w.pos;
	xlu_w_uint(&w, 7);
	xlu_w_record_end(&w);
	CHECK(w.pos == pos && w.status == XLU_W_RANGE);

	/* A string over its limit. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_w_record_begin(&w, XENLU_V3_REC_END);
	xlu_w_str(&w, "abc", 2);
	CHECK(w.status == XLU_W_RANGE);
}

/* Every capacity short of the stream's size fails with no-space and writes nothing past it. */
static void no_space(void)
{
	uint8_t full[512], small[512];
	struct xlu_writer w;
	size_t need, cap;

	xlu_writer_init(&w, full, sizeof(full));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_write_v3_host(&w, &host);
	xlu_w_end(&w);
	CHECK(w.status == XLU_W_OK);
	need = w.pos;
	for (cap = 0; cap < need; cap++) {
		memset(small, 0xAA, sizeof(small));
		xlu_writer_init(&w, small, cap);
		xlu_w_stream_header(&w, 3, 4, 19);
		xlu_write_v3_host(&w, &host);
		xlu_w_end(&w);
		CHECK(w.status == XLU_W_NOSPACE);
		CHECK(w.pos <= cap);
		CHECK(small[cap] == 0xAA);
	}
}

static uint32_t records_seen;

static void count_record(void *ctx, const struct xlu_record_info *r)
{
	(void)ctx;
	(void)r;
	records_seen++;
}

static void round_trip(void)
{
	uint8_t buf[512];
	struct xlu_writer w;
	struct xlu_read_sink sink = { NULL, NULL, count_record, NULL, NULL };
	struct xlu_read_error err;

	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_write_v3_host(&w, &host);
	xlu_w_end(&w);
	CHECK(w.status == XLU_W_OK);
	CHECK(w.pos % 8 == 0);
	CHECK(xlu_read(buf, w.pos, NULL, &sink, &err) == XLU_R_OK);
	CHECK(records_seen == 2);

	/* A measuring pass finds the same size and writes nothing. */
	{
		struct xlu_writer m;

		xlu_writer_init_measure(&m);
		xlu_w_stream_header(&m, 3, 4, 19);
		xlu_write_v3_host(&m, &host);
		xlu_w_end(&m);
		CHECK(m.status == XLU_W_OK && m.pos == w.pos && m.nr_records == w.nr_records);
	}

	/* The header's Xen version must be the producer's. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 18);
	xlu_write_v3_host(&w, &host);
	xlu_w_end(&w);
	CHECK(xlu_read(buf, w.pos, NULL, NULL, &err) == XLU_R_BAD_VALUE);

	/* A stream with no END. */
	xlu_writer_init(&w, buf, sizeof(buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_write_v3_host(&w, &host);
	CHECK(xlu_read(buf, w.pos, NULL, NULL, &err) == XLU_R_MISSING_END);
	CHECK(err.offset == w.pos && err.record == 1);
}

/* A P2M longer than one record holds: split into full records and a last partial one. */
#define BIG_P2M (2u * XENLU_V3_REC_P2M_EXTENTS_MAX_ENTRIES + 7u)
static struct xenlu_v3_p2m_extent big_p2m[BIG_P2M];
static uint32_t p2m_records;
static uint64_t p2m_seen;

static void count_p2m_record(void *ctx, const struct xlu_record_info *r)
{
	(void)ctx;
	if (r->type == XENLU_V3_REC_P2M_EXTENTS)
		p2m_records++;
}

static void count_p2m_domain(void *ctx, const struct xlu_domain_info *d)
{
	(void)ctx;
	p2m_seen += d->p2m;
}

static void list_chunks(void)
{
	struct xenlu_v3_domain_state dom;
	struct xlu_writer w;
	struct xlu_read_sink sink = { NULL, NULL, count_p2m_record, count_p2m_domain, NULL };
	struct xlu_read_error err;
	uint32_t i;

	for (i = 0; i < BIG_P2M; i++) {
		big_p2m[i].gfn = 2u * i;
		big_p2m[i].mfn = 4096u + i;
		big_p2m[i].count = 1u;
		big_p2m[i].type = XENLU_V3_P2M_EXTENT_TYPE_RAM_RW;
		big_p2m[i].access = XENLU_V3_P2M_EXTENT_ACCESS_RWX;
	}
	memset(&dom, 0, sizeof(dom));
	dom.domain.domid = 1u;
	dom.domain.type = XENLU_V3_DOMAIN_TYPE_HVM;
	dom.domain.max_vcpus = 1u;
	dom.domain.max_grant_frames = 1u;
	dom.domain.max_grant_version = 1u;
	dom.domain.sched.weight = 256u;
	dom.p2m = big_p2m;
	dom.nr_p2m = BIG_P2M;

	xlu_writer_init(&w, big_buf, sizeof(big_buf));
	xlu_w_stream_header(&w, 3, 4, 19);
	xlu_write_v3_host(&w, &host);
	xlu_write_v3_domain_records(&w, &dom);
	xlu_w_end(&w);
	CHECK(w.status == XLU_W_OK);
	CHECK(xlu_read(big_buf, w.pos, NULL, &sink, &err) == XLU_R_OK);
	CHECK(p2m_records == 3);
	CHECK(p2m_seen == BIG_P2M);
}

int main(void)
{
	crc();
	crc_vs_zlib();
	mp_boundaries();
	error_messages();
	shape_errors();
	no_space();
	round_trip();
	list_chunks();
	printf("%s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
