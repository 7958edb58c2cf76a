/*
 * xlu_env.h: the only functions the reference writer and reader take from their environment.
 *
 * The library objects (xlu_writer, xlu_write_vN, xlu_reader, xlu_crc32, xlu_mp) build as hypervisor code:
 * -ffreestanding -nostdinc, with only the compiler's own headers (stdint.h, stddef.h, stdbool.h,
 * stdarg.h). In Xen these four come from xen/string.h; hosted test drivers get them from libc at
 * link time. `nm -u` of the objects lists nothing else (interop/test/c-freestanding.test.ts).
 * Hand-written, unlike the files scripts/gen-c-headers.mjs generates from the schema.
 */
#ifndef XLU_ENV_H
#define XLU_ENV_H

#ifdef __XEN__
#include <xen/string.h>
#else
#include <stddef.h>

void *memcpy(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
#endif

#endif /* XLU_ENV_H */
