/*
 * xlu-read FILE: reads a xenlu stream and prints its canonical summary (docs/C-INTEGRATION.md,
 * "Canonical summary") on stdout. Exit 0: accepted; 1: refused, with one line on stderr
 * "error <code> offset=<n> record=<i>: <message>"; 2: usage or I/O error.
 *
 * xlu-read --batch FILE...: reads each stream and prints one line per file on stdout,
 * "<file>: ok records=<n>" or "<file>: error <code> offset=<n> record=<i>: <message>"; exit 0
 * once every file was read. One process for many inputs keeps valgrind runs short.
 *
 * Only this driver allocates: the input buffer, of exactly the file's size, so that a read past
 * its end is an error valgrind or ASan reports.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_reader.h"

static void on_stream(void *ctx, const struct xlu_stream_info *s)
{
	(void)ctx;
	printf("stream framing=%" PRIu32 " schema=%" PRIu32 " reader=%" PRIu32 " xen=%u.%u bytes=%" PRIu64 "\n",
	       s->framing_version, s->schema_version, s->reader_version, (unsigned)s->xen_major, (unsigned)s->xen_minor,
	       s->size);
}

static void on_record(void *ctx, const struct xlu_record_info *r)
{
	(void)ctx;
	if (r->name)
		printf("record %" PRIu32 " %s", r->index, r->name);
	else
		printf("record %" PRIu32 " 0x%08" PRIx32, r->index, r->type);
	printf(" offset=%" PRIu64 " length=%" PRIu32 " crc=0x%08" PRIx32 "\n", r->offset, r->body_length, r->crc);
}

static void on_domain(void *ctx, const struct xlu_domain_info *d)
{
	(void)ctx;
	printf("domain %u type=%s vcpus=%" PRIu32 " ports=%" PRIu64 " p2m=%" PRIu64 " pages=%" PRIu64 "\n",
	       (unsigned)d->domid, d->type_name, d->vcpus, d->ports, d->p2m, d->pages);
}

static void on_end(void *ctx, uint32_t nr_records)
{
	(void)ctx;
	printf("end records=%" PRIu32 "\n", nr_records);
}

/* The whole file in a buffer of exactly its size (one byte kept for an empty file). */
static uint8_t *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n ? (size_t)n : 1);
		if (buf && n && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	if (f)
		fclose(f);
	return buf;
}

static uint32_t batch_records;

static void count_end(void *ctx, uint32_t nr_records)
{
	(void)ctx;
	batch_records = nr_records;
}

static int batch(int n, char **paths)
{
	const struct xlu_read_sink sink = { NULL, NULL, NULL, NULL, count_end };
	int i;

	for (i = 0; i < n; i++) {
		struct xlu_read_error err;
		size_t size = 0;
		uint8_t *buf = load(paths[i], &size);

		if (!buf) {
			fprintf(stderr, "xlu-read: cannot read %s\n", paths[i]);
			return 2;
		}
		if (xlu_read(buf, size, NULL, &sink, &err) == XLU_R_OK)
			printf("%s: ok records=%" PRIu32 "\n", paths[i], batch_records);
		else
			printf("%s: error %s offset=%" PRIu64 " record=%" PRId64 ": %s\n", paths[i],
			       xlu_read_code_name(err.code), err.offset, err.record, err.message);
		free(buf);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct xlu_read_sink sink = { NULL, on_stream, on_record, on_domain, on_end };
	struct xlu_read_error err;
	size_t size = 0;
	uint8_t *buf;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--batch") == 0)
		return batch(argc - 2, argv + 2);
	if (argc != 2) {
		fprintf(stderr, "usage: xlu-read FILE | xlu-read --batch FILE...\n");
		return 2;
	}
	buf = load(argv[1], &size);
	if (!buf) {
		fprintf(stderr, "xlu-read: cannot read %s\n", argv[1]);
		return 2;
	}
	rc = xlu_read(buf, size, NULL, &sink, &err);
	free(buf);
	if (rc) {
		fflush(stdout);
		fprintf(stderr, "error %s offset=%" PRIu64 " record=%" PRId64 ": %s\n", xlu_read_code_name(err.code),
			err.offset, err.record, err.message);
		return 1;
	}
	return 0;
}
