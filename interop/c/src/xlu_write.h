/*
 * xlu_write.h: the generated serializer of every schema version (XENLU_VERSIONS in xenlu_versions.h).
 *
 * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.
 */
#ifndef XLU_WRITE_H
#define XLU_WRITE_H

#include "xenlu_versions.h"
#include "xlu_write_v1.h"
#include "xlu_write_v2.h"
#include "xlu_write_v3.h"
#include "xlu_write_v4.h"

#endif /* XLU_WRITE_H */
