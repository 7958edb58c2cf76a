/*
 * xlu-write [--version N] ...: every form below writes the golden state of schema version N
 * (golden_vN.c, generated from exampleState(N); default the latest version) with the generated
 * serializer of that version.
 *
 * xlu-write [--capacity BYTES] FILE: writes the golden state as a stream into a buffer of BYTES (default 16 MiB), then to FILE. Exit 0: written; 1: the writer failed
 * ("error <status> at <bytes>" on stderr, e.g. no-space when the buffer is too small); 2: usage
 * or I/O error. The buffer is the only allocation, of exactly BYTES, so that a write past its end
 * is an error valgrind or ASan reports.
 *
 * xlu-write --measure: prints "measured <bytes>", the size a measuring pass (no buffer) finds.
 *
 * xlu-write --sweep: writes the stream into buffers of many sizes short of the full one (every
 * size below 1 KiB, every 97th above, and one byte short), each allocated to exactly that size;
 * every write must fail with no-space. Prints "sweep ok <buffers>" or the first failure; exit 0
 * or 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_write.h"

/* One writer of a golden state per schema version, from the versions X-macro. */
#define GOLDEN(V)                                                            \
	extern const struct xenlu_v##V##_state xlu_golden_v##V;              \
	static int write_golden_v##V(struct xlu_writer *w)                   \
	{                                                                    \
		return xlu_write_stream_v##V(w, &xlu_golden_v##V);           \
	}
XENLU_VERSIONS(GOLDEN)
#define ENTRY(V) [V] = write_golden_v##V,
static int (*const golden_writers[XENLU_LATEST_VERSION + 1])(struct xlu_writer *w) = { XENLU_VERSIONS(ENTRY) };

static int (*write_golden)(struct xlu_writer *w) = golden_writers[XENLU_LATEST_VERSION];

static int sweep(void)
{
	size_t full_size, cap, done, tried = 0;
	struct xlu_writer w;
	uint8_t *full = malloc(16u << 20);

	if (!full)
		return 2;
	xlu_writer_init(&w, full, 16u << 20);
	if (write_golden(&w) != XLU_W_OK) {
		fprintf(stderr, "sweep: the full write failed\n");
		free(full);
		return 1;
	}
	full_size = xlu_writer_size(&w);
	for (cap = 0; cap < full_size; cap++) {
		uint8_t *buf;
		int rc;

		if (!(cap < 1024 || cap % 97 == 0 || cap == full_size - 1))
			continue;
		buf = malloc(cap ? cap : 1);
		if (!buf)
			return 2;
		xlu_writer_init(&w, buf, cap);
		rc = write_golden(&w);
		/* No more than the buffer; every record finished before it ran out is the stream's. */
		done = w.in_record ? w.rec : xlu_writer_size(&w);
		if (rc != XLU_W_NOSPACE || xlu_writer_size(&w) > cap || memcmp(buf, full, done) != 0) {
			printf("sweep failed at capacity %zu: %s at %zu\n", cap, xlu_write_status_name(rc), xlu_writer_size(&w));
			free(buf);
			free(full);
			return 1;
		}
		free(buf);
		tried++;
	}
	free(full);
	printf("sweep ok %zu\n", tried);
	return 0;
}

int main(int argc, char **argv)
{
	size_t cap = 16u << 20;
	struct xlu_writer w;
	const char *out;
	uint8_t *buf;
	FILE *f;
	int rc;

	if (argc >= 3 && strcmp(argv[1], "--version") == 0) {
		char *end;
		unsigned long v = strtoul(argv[2], &end, 10);

		if (*end || v > XENLU_LATEST_VERSION || !golden_writers[v]) {
			fprintf(stderr, "xlu-write: no schema version %s\n", argv[2]);
			return 2;
		}
		write_golden = golden_writers[v];
		argc -= 2;
		argv += 2;
	}
	if (argc == 2 && strcmp(argv[1], "--sweep") == 0)
		return sweep();
	if (argc == 2 && strcmp(argv[1], "--measure") == 0) {
		xlu_writer_init_measure(&w);
		rc = write_golden(&w);
		printf("measured %zu\n", xlu_writer_size(&w));
		return rc ? 1 : 0;
	}
	if (argc == 4 && strcmp(argv[1], "--capacity") == 0) {
		char *end;

		cap = strtoul(argv[2], &end, 10);
		if (*end) {
			fprintf(stderr, "usage: xlu-write [--version N] [--capacity BYTES] FILE | --measure | --sweep\n");
			return 2;
		}
		out = argv[3];
	} else if (argc == 2) {
		out = argv[1];
	} else {
		fprintf(stderr, "usage: xlu-write [--version N] [--capacity BYTES] FILE | --measure | --sweep\n");
		return 2;
	}
	buf = malloc(cap ? cap : 1);
	if (!buf) {
		fprintf(stderr, "xlu-write: out of memory\n");
		return 2;
	}
	xlu_writer_init(&w, buf, cap);
	rc = write_golden(&w);
	if (rc) {
		fprintf(stderr, "error %s at %zu\n", xlu_write_status_name(rc), xlu_writer_size(&w));
		free(buf);
		return 1;
	}
	f = fopen(out, "wb");
	if (!f || fwrite(buf, 1, xlu_writer_size(&w), f) != xlu_writer_size(&w) || fclose(f) != 0) {
		fprintf(stderr, "xlu-write: cannot write %s\n", out);
		free(buf);
		return 2;
	}
	free(buf);
	return 0;
}
