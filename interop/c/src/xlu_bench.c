/*
 * xlu-bench FILE N: times the freestanding-built library on one schema 3 stream, in one process,
 * N times each: the C reader (xlu_read over the whole stream), the C writer (measuring pass, then
 * the write into a buffer of that size) of the same state, linked in as `xlu_bench_state` (C data
 * generated from FILE by interop/c/bench.mjs; weak, so it may be absent), and memcpy of the same bytes, the floor any
 * serializer that touches every byte once has. The writer's output must equal FILE byte for byte.
 * Prints one line per operation: name, bytes, best and median milliseconds, MB/s at the median.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xlu_reader.h"
#include "xlu_write_v3.h"

/* Weak: without generated state (a stream too large to compile as C data) only read and memcpy run. */
extern const struct xenlu_v3_state xlu_bench_state __attribute__((weak));

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *name, size_t bytes, double *ms, int n)
{
	double median;

	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	median = ms[n / 2];
	printf("%-6s bytes=%zu best_ms=%.3f median_ms=%.3f MB/s=%.0f\n", name, bytes, ms[0], median,
	       (double)bytes / 1e6 / (median / 1e3));
}

int main(int argc, char **argv)
{
	FILE *f;
	long size;
	uint8_t *in, *out, *copy;
	double *ms;
	int n, i;
	struct xlu_writer w;
	struct xlu_read_error err;
	size_t len;
	int status = 0;

	if (argc != 3 || (n = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: xlu-bench FILE N\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "xlu-bench: cannot read %s\n", argv[1]);
		return 2;
	}
	len = (size_t)size;
	in = malloc(len);
	out = malloc(len);
	copy = malloc(len);
	ms = malloc(sizeof(*ms) * (size_t)n);
	if (!in || !out || !copy || !ms || fread(in, 1, len, f) != len) {
		fprintf(stderr, "xlu-bench: cannot read %s\n", argv[1]);
		status = 2;
	}
	fclose(f);
	if (status)
		goto out;

	for (i = 0; i < n; i++) {
		double t = now_ms();
		int rc = xlu_read(in, len, NULL, NULL, &err);

		ms[i] = now_ms() - t;
		if (rc != XLU_R_OK) {
			fprintf(stderr, "xlu-bench: read: %s at %llu: %s\n", xlu_read_code_name(rc), (unsigned long long)err.offset,
				err.message);
			status = 1;
			goto out;
		}
	}
	report("read", len, ms, n);

	for (i = 0; &xlu_bench_state != NULL && i < n; i++) {
		double t = now_ms();
		int rc;

		xlu_writer_init_measure(&w);
		xlu_write_stream_v3(&w, &xlu_bench_state);
		if (xlu_writer_size(&w) != len) {
			fprintf(stderr, "xlu-bench: measured %zu bytes, the stream has %zu\n", xlu_writer_size(&w), len);
			status = 1;
			goto out;
		}
		xlu_writer_init(&w, out, len);
		rc = xlu_write_stream_v3(&w, &xlu_bench_state);
		ms[i] = now_ms() - t;
		if (rc != XLU_W_OK || memcmp(out, in, len) != 0) {
			fprintf(stderr, "xlu-bench: write: %s, or bytes differ from %s\n", xlu_write_status_name(rc), argv[1]);
			status = 1;
			goto out;
		}
	}
	if (&xlu_bench_state != NULL)
		report("write", len, ms, n);

	for (i = 0; i < n; i++) {
		double t = now_ms();

		memcpy(copy, in, len);
		/* The copy must happen: the compiler may not drop a memcpy whose result memory is observed. */
		__asm__ __volatile__("" : : "r"(copy) : "memory");
		ms[i] = now_ms() - t;
	}
	report("memcpy", len, ms, n);
out:
	free(in);
	free(out);
	free(copy);
	free(ms);
	return status;
}
